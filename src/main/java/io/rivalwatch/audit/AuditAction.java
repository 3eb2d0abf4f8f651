package io.rivalwatch.audit;

/** The state-changing actions the audit trail records. */
public enum AuditAction {
  RUN_STARTED,
  RUN_CANCELLED,
  PARKED_ITEMS_RETRIED,
  REVIEW_DECIDED,
  /** An operator rebuilt a stored report revision from its stored input (docs/rebuilding-reports.md). */
  REPORT_REBUILT
}
