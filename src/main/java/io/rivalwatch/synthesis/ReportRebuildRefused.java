package io.rivalwatch.synthesis;

/** Why a report revision cannot be rebuilt; the message names the field and the fix. */
public class ReportRebuildRefused extends RuntimeException {

  /** What kind of refusal: the API answers 400, 404 or 409 by it. */
  public enum Reason {
    /** The run id or the revision number is not one (400). */
    BAD_REQUEST,
    /** No such run was planned here (404). */
    UNKNOWN_RUN,
    /** The run has no report yet, the revision was written before report inputs were stored, or the run is still
     * running while a new revision would be written (409). */
    NOT_REBUILDABLE
  }

  private final Reason reason;

  ReportRebuildRefused(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
