package io.rivalwatch.api;

import io.rivalwatch.cost.ModelCallAuditLog;
import io.rivalwatch.planning.PlanningService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run's model-call audit for operators (docs/audit.md, "Model calls"): every call as JSON, or the same as a CSV
 * file to open in a spreadsheet.
 */
@RestController
public class ModelCallsController {

  static final String PATH = "/api/runs/{runId}/model-calls";

  private final ModelCallAuditLog audit;
  private final PlanningService planning;

  public ModelCallsController(ModelCallAuditLog audit, PlanningService planning) {
    this.audit = audit;
    this.planning = planning;
  }

  @GetMapping(PATH)
  public ResponseEntity<?> calls(@PathVariable String runId) {
    return refused(runId).<ResponseEntity<?>>map(r -> r).orElseGet(() -> ResponseEntity.ok(audit.entries(runId)));
  }

  @GetMapping(PATH + ".csv")
  public ResponseEntity<?> csv(@PathVariable String runId) {
    Optional<ResponseEntity<Map<String, String>>> refused = refused(runId);
    if (refused.isPresent()) {
      return refused.get();
    }
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(runId + "-model-calls.csv").build().toString())
        // a browser must not guess another type from content that comes partly from outside
        .header("X-Content-Type-Options", "nosniff")
        .body(audit.csv(runId).getBytes(StandardCharsets.UTF_8));
  }

  /** 400 for an id that cannot name a run, 404 for a run that was never planned. */
  private Optional<ResponseEntity<Map<String, String>>> refused(String runId) {
    Optional<String> problem = PlanningService.runIdProblem(runId);
    if (problem.isPresent()) {
      return Optional.of(ResponseEntity.badRequest().body(Map.of("error", problem.get())));
    }
    if (planning.startedAt(runId).isEmpty()) {
      return Optional.of(ResponseEntity.status(404).body(Map.of("error", "no run '" + runId + "' was planned here."
          + " Fix: use a run id from GET /api/runs")));
    }
    return Optional.empty();
  }
}
