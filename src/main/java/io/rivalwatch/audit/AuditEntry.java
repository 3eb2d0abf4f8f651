package io.rivalwatch.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One state-changing action on a run: who did it, when and what.
 *
 * @param actor the signed-in principal's name, or what acted for nobody in particular (e.g. "nightly-timer")
 * @param details small facts about the action (the decision, the watch list, the items retried), never documents
 */
public record AuditEntry(String runId, Instant at, String actor, AuditAction action, Map<String, String> details) {

  public AuditEntry {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
