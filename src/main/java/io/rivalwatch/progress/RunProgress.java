package io.rivalwatch.progress;

import java.time.Instant;
import java.util.Map;

/**
 * One run as this application instance has seen it so far (the body of {@code GET /api/runs/{runId}}).
 *
 * @param processInstanceKey the run's process instance (null until a run-wide job of it was seen)
 * @param phase the earliest phase with pending items; {@code outcome} once the run ended
 * @param status {@value #RUNNING}, {@value #WAITING_FOR_REVIEW}, {@value #DELIVERED}, {@value #REJECTED} or
 *     {@value #FAILED}
 * @param phases per phase (planning to outcome, in order): completed and pending items
 * @param costUsd model cost so far (read from the usage ledger, at most a few seconds old); null if unreadable
 * @param startedAt when its first job finished as seen here (a run started before this instance shows when this
 *     instance first saw it)
 * @param eta see {@link Eta}
 * @param seenFromStart false for a run this instance first saw mid-way (it started before this instance did): its
 *     completed counts then miss the jobs before, and its pending counts rest on the competitors seen so far
 */
public record RunProgress(
    String runId, Long processInstanceKey, String phase, String status, Map<String, PhaseProgress> phases,
    Double costUsd, Instant startedAt, Instant updatedAt, Instant endedAt, Eta eta, boolean seenFromStart) {

  public static final String RUNNING = "running";
  public static final String WAITING_FOR_REVIEW = "waiting-for-review";
  public static final String DELIVERED = "delivered";
  public static final String REJECTED = "rejected";
  public static final String FAILED = "failed";

  /**
   * The expected time of the next milestone a machine can reach alone.
   *
   * @param text an ISO-8601 instant, or {@value #UNKNOWN} (no job durations seen yet), {@value #WAITING} (a person
   *     decides next), {@value #ENDED}
   * @param seconds seconds from now to {@code text}'s instant, or null
   * @param until {@code review} (the report is ready for review; the review's length cannot be estimated) or
   *     {@code end} (the run ends), or null
   */
  public record Eta(String text, Long seconds, String until) {
    public static final String UNKNOWN = "unknown";
    public static final String WAITING = "waiting for review";
    public static final String ENDED = "ended";
  }
}
