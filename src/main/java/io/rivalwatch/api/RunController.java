package io.rivalwatch.api;

import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.planning.RunConfigurationLoader;
import io.rivalwatch.planning.RunLimits;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Starts a run on demand (the nightly runs start themselves from the model's timer) and cancels one, within the
 * server's caps (docs/watch-lists-and-limits.md). Every refusal is a 4xx {"error": ...} naming the field or the cap
 * and the fix; a refused request starts, reads and stores nothing.
 */
@RestController
public class RunController {

  /** The start variable that says who started the run (the audit trail's RUN_STARTED entry reads it). */
  public static final String STARTED_BY = "startedBy";

  private final RunStarts runs;
  private final RunConfigurationLoader watchLists;
  private final RunLimits limits;
  private final AuditTrail audit;
  private final Clock clock;

  RunController(RunStarts runs, RunConfigurationLoader watchLists, RunLimits limits, AuditTrail audit, Clock clock) {
    this.runs = runs;
    this.watchLists = watchLists;
    this.limits = limits;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Optional body: {"watchList": "nightly", "runId": "my-run-1", "refresh": "full", "budgetUsd": 2.5}.
   * {@code watchList} names a file nightly.yaml in the server's watch-list directory (default: the default watch
   * list); {@code refresh} "full" analyses every competitor again, "incremental" reuses analyses whose documents did
   * not change (default: the watch list's {@code settings.refresh}); {@code budgetUsd} may lower the run's budget,
   * never raise it above the cap.
   */
  @PostMapping("/api/runs")
  public ResponseEntity<Map<String, Object>> start(
      @RequestBody(required = false) Map<String, Object> body, Principal principal) {
    RunStartRequest request = RunStartRequest.read(body, watchLists, limits);
    if (!request.problems().isEmpty()) {
      return ResponseEntity.badRequest().body(Map.of("error", String.join("; ", request.problems())));
    }
    Map<String, Object> variables = new java.util.HashMap<>(request.variables());
    variables.put(STARTED_BY, actor(principal));
    try {
      RunStarts.Started started = runs.start(variables);
      return ResponseEntity.accepted().body(Map.of(
          "processInstanceKey", started.processInstanceKey(), "runId", started.runId()));
    } catch (RunStarts.Refused refused) {
      return ResponseEntity.status(refused.status).body(Map.of("error", refused.getMessage()));
    }
  }

  /** Cancels the run's process instance; the run's artefacts stay, and the audit trail records who cancelled it. */
  @PostMapping("/api/runs/{runId}/cancel")
  public ResponseEntity<Map<String, Object>> cancel(@PathVariable String runId, Principal principal) {
    java.util.Optional<Long> cancelled;
    try {
      cancelled = runs.cancel(runId);
    } catch (RunStarts.Refused refused) {
      return ResponseEntity.status(refused.status).body(Map.of("error", refused.getMessage()));
    }
    if (cancelled.isEmpty()) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "runId: no run '" + runId + "' is "
          + "known to this instance. Fix: check the id in GET /api/runs, or cancel the process instance in Operate"));
    }
    audit.record("run-cancelled", new AuditEntry(runId, clock.instant(), actor(principal), AuditAction.RUN_CANCELLED,
        Map.of("processInstanceKey", String.valueOf(cancelled.get()))));
    return ResponseEntity.ok(Map.of("runId", runId, "processInstanceKey", cancelled.get(), "status", "cancelled"));
  }

  /** Who acts: the signed-in principal, or "anonymous" where no security is in place (e.g. a test without it). */
  static String actor(Principal principal) {
    return principal == null || principal.getName() == null ? "anonymous" : principal.getName();
  }
}
