package io.rivalwatch.audit;

/** The state-changing actions the audit trail records. */
public enum AuditAction {
  RUN_STARTED,
  RUN_CANCELLED,
  PARKED_ITEMS_RETRIED,
  REVIEW_DECIDED,
  /** A due slot of the run's watch list was left out because this run had not ended (schedule onOverlap: skip). */
  SCHEDULED_START_SKIPPED,
  /** A due slot of the run's watch list waits for this run to end (schedule onOverlap: wait). */
  SCHEDULED_START_WAITING
}
