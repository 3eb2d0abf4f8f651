package io.rivalwatch.schedule;

import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;

/** What the schedule keeps in the artefact store per watch list (ArtefactKeys' schedule keys), as JSON. */
final class ScheduleRecords {

  private ScheduleRecords() {}

  /** When the dispatcher first saw the list's schedule: slots before it never run. */
  record Origin(Instant seenAt) {
    static final ArtefactFormat<Origin> FORMAT = ArtefactFormat.of("schedule-origin", Origin.class);
  }

  /**
   * One dispatch, written once under the slot it follows.
   *
   * @param slot the slot dispatched (the latest of those due)
   * @param slots how many slots were due and folded into this dispatch
   * @param dispatchId the dispatching job's element instance, so a retried job knows its own dispatch
   * @param outcome {@link Dispatch.Outcome#STARTED} or {@link Dispatch.Outcome#SKIPPED}
   * @param blockingProcessInstanceKey for a skip: the run that had not ended, still the list's latest run
   * @param blockingRunId for a skip: that run's id
   */
  record DispatchRecord(Instant slot, int slots, String dispatchId, Dispatch.Outcome outcome,
      Long blockingProcessInstanceKey, String blockingRunId, Instant at) {
    static final ArtefactFormat<DispatchRecord> FORMAT = ArtefactFormat.of("schedule-dispatch", DispatchRecord.class);
  }

  /** The run a dispatch started. */
  record StartedRun(long processInstanceKey, String runId, Instant at) {
    static final ArtefactFormat<StartedRun> FORMAT = ArtefactFormat.of("schedule-started-run", StartedRun.class);
  }

  /** A due slot began to wait for the list's previous run. */
  record Waiting(Instant slot, String forRunId, Instant since) {
    static final ArtefactFormat<Waiting> FORMAT = ArtefactFormat.of("schedule-waiting", Waiting.class);
  }

  /** Where the chain of dispatches ends: the slot its last record follows, and that record's slot. A hint. */
  record State(Instant after, Instant lastSlot, Dispatch.Outcome lastOutcome, Instant at) {
    static final ArtefactFormat<State> FORMAT = ArtefactFormat.of("schedule-state", State.class);
  }
}
