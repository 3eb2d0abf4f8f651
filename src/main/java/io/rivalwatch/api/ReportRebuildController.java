package io.rivalwatch.api;

import io.rivalwatch.synthesis.ReportRebuild;
import io.rivalwatch.synthesis.ReportRebuildRefused;
import io.rivalwatch.synthesis.ReportRebuilds;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilds a stored report revision from its stored input alone, for operators (docs/rebuilding-reports.md): 200
 * with the outcome (identical, or rebuilt as a new revision with what differs), 400 for a bad run id or revision,
 * 404 for an unknown run, 409 when the revision cannot be rebuilt.
 */
@RestController
public class ReportRebuildController {

  static final String PATH = "/api/runs/{runId}/report/rebuild";

  private final ReportRebuilds rebuilds;

  public ReportRebuildController(ReportRebuilds rebuilds) {
    this.rebuilds = rebuilds;
  }

  /** @param revision the revision to rebuild (1, 2, ...); the latest when left out */
  @PostMapping(PATH)
  public ResponseEntity<?> rebuild(@PathVariable String runId,
      @RequestParam(name = "revision", required = false) String revision, Principal principal) {
    Integer number = null;
    if (revision != null) {
      try {
        number = Integer.valueOf(revision.strip());
      } catch (NumberFormatException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "revision: '" + shown(revision) + "' is not a "
            + "revision number. Fix: give a whole number (1, 2, ...), or leave revision out for the latest"));
      }
    }
    try {
      ReportRebuild rebuilt = rebuilds.rebuild(runId, number, RunController.actor(principal));
      return ResponseEntity.ok(rebuilt);
    } catch (ReportRebuildRefused refused) {
      HttpStatus status = switch (refused.reason()) {
        case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
        case UNKNOWN_RUN -> HttpStatus.NOT_FOUND;
        case NOT_REBUILDABLE -> HttpStatus.CONFLICT;
      };
      return ResponseEntity.status(status).body(Map.of("error", refused.getMessage()));
    }
  }

  /** The request's text, short and with no control characters, to name it in an error. */
  private static String shown(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", "?");
    return flat.length() <= 40 ? flat : flat.substring(0, 37) + "...";
  }
}
