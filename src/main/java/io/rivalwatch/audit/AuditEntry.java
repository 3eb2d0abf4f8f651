package io.rivalwatch.audit;

import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * One state-changing action on a run: who did it, when and what.
 *
 * @param actor the signed-in principal's name, or what acted for nobody in particular (e.g. "nightly-timer")
 * @param details small facts about the action (the decision, the watch list, the items retried), never documents
 */
public record AuditEntry(String runId, Instant at, String actor, AuditAction action, Map<String, String> details) {
  // version 2 adds the action REPORT_REBUILT; a version 1 entry reads as it is
  static final ArtefactFormat<AuditEntry> FORMAT = ArtefactFormat.of("audit-entry", AuditEntry.class)
      .version(2, from1 -> from1);

  /** {@link AuditAction#REVIEW_DECIDED}: approve, request-changes or reject, as the review form names them. */
  public static final String DECISION = "decision";

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  public AuditEntry {
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /**
   * One line for a reader: "run started by alice at 2026-12-06 20:30:00 UTC", "changes requested by bob at ...".
   * Plain text: whoever prints it in markup escapes it there.
   */
  public String describe() {
    String what = switch (action) {
      case RUN_STARTED -> "run started";
      case RUN_CANCELLED -> "run cancelled";
      case PARKED_ITEMS_RETRIED -> "parked items retried";
      case REPORT_REBUILT -> "report revision " + details.getOrDefault("revision", "?") + " rebuilt ("
          + details.getOrDefault("outcome", "checked") + ")";
      case REVIEW_DECIDED -> switch (details.getOrDefault(DECISION, "")) {
        case "approve" -> "approved";
        case "request-changes" -> "changes requested";
        case "reject" -> "rejected";
        default -> "review decided (" + details.getOrDefault(DECISION, "no decision") + ")";
      };
    };
    String revision = details.get("revision");
    return what + " by " + actor + " at " + WHEN.format(at)
        + (action == AuditAction.REVIEW_DECIDED && revision != null ? " (report revision " + revision + ")" : "");
  }
}
