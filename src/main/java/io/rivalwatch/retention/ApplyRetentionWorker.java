package io.rivalwatch.retention;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.workflow.JobTypes;
import io.rivalwatch.workflow.ProcessVariables;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The retention task of bpmn/data-retention.bpmn: reads when and how, applies retention, returns its record's key. */
@Component
public class ApplyRetentionWorker {

  private final RetentionService retention;
  private final Clock clock;

  public ApplyRetentionWorker(RetentionService retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * @param retentionAsOf the engine's time (FEEL {@code now()}) when the task was reached; this instance's clock if
   *     unset
   * @param dryRun list only; unset: {@code rivalwatch.retention.dry-run}
   */
  @JobWorker(type = JobTypes.APPLY_RETENTION)
  public Map<String, Object> apply(ActivatedJob job, @Variable(name = ProcessVariables.RETENTION_AS_OF) String retentionAsOf,
      @Variable(name = ProcessVariables.DRY_RUN) Boolean dryRun) {
    Instant asOf = retentionAsOf == null || retentionAsOf.isBlank() ? clock.instant() : parse(retentionAsOf);
    boolean dry = dryRun == null ? retention.properties().dryRun() : dryRun;
    RetentionService.Applied applied = retention.apply(asOf, dry, String.valueOf(job.getKey()));
    return Map.of(ProcessVariables.RETENTION_RECORD, applied.key().path(),
        ProcessVariables.RETENTION_DELETED, applied.record().deletedCount());
  }

  /** An ISO date and time with an offset, as FEEL's {@code now()} arrives ("...Z", "...+01:00", "...Z[UTC]"). */
  static Instant parse(String value) {
    String text = value.strip();
    if (text.startsWith("\"") && text.endsWith("\"") && text.length() > 1) {
      text = text.substring(1, text.length() - 1);
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return ZonedDateTime.parse(text.replace('@', '[') + (text.contains("@") ? "]" : "")).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("process variable '" + ProcessVariables.RETENTION_AS_OF + "': '" + value
            + "' is not an ISO date and time with an offset. Fix: set it to e.g. 2026-12-07T03:30:00Z, or leave it "
            + "out to use this instance's clock", e);
      }
    }
  }
}
