package io.rivalwatch.schedule;

import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.planning.InvalidConfigurationException;
import io.rivalwatch.planning.RunConfigurationLoader;
import io.rivalwatch.planning.RunStartAudit;
import io.rivalwatch.planning.WatchSchedule;
import io.rivalwatch.planning.WatchSchedule.OnOverlap;
import io.rivalwatch.schedule.Dispatch.Outcome;
import io.rivalwatch.schedule.ScheduleRecords.DispatchRecord;
import io.rivalwatch.schedule.ScheduleRecords.Origin;
import io.rivalwatch.schedule.ScheduleRecords.StartedRun;
import io.rivalwatch.schedule.ScheduleRecords.State;
import io.rivalwatch.schedule.ScheduleRecords.Waiting;
import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.RunIds;
import io.rivalwatch.workflow.RunInstances;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Which watch lists are due, and starting their runs: each list's run its own process instance, tagged with the
 * list. See docs/adr/0022-*.md.
 *
 * <p>Per list, the artefact store keeps a chain of dispatches: an origin (when the schedule was first seen; earlier
 * slots never run), then one write-once record per dispatch, stored under the slot it follows. Because a record is
 * written once, of two dispatchers acting on the same list (two ticks after a downtime, two application instances)
 * only one starts or skips; the other finds the record and does nothing. Slots missed while the application was down
 * fold into one dispatch of the latest. A list whose previous run has not ended waits or skips, as its schedule says;
 * whether a run has ended is asked of the artefact store (its run record) and then of the engine.
 */
@Service
public class ScheduleDispatches {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduleDispatches.class);
  /** Tag of a scheduled run's process instance, e.g. {@code watchList:nightly} (Operate shows and filters tags). */
  public static final String TAG_PREFIX = "watchList:";

  private final RunConfigurationLoader watchLists;
  private final ArtefactJson artefacts;
  private final io.rivalwatch.artefact.ArtefactStore store;
  private final RunInstances runs;
  private final MeterRegistry meters;
  private final ScheduleProperties properties;
  /** The last problem logged per list: a broken schedule is logged when it changes, not every tick. */
  private final Map<String, String> loggedProblems = new ConcurrentHashMap<>();

  public ScheduleDispatches(RunConfigurationLoader watchLists, ArtefactJson artefacts,
      io.rivalwatch.artefact.ArtefactStore store, RunInstances runs, MeterRegistry meters,
      ScheduleProperties properties) {
    this.watchLists = watchLists;
    this.artefacts = artefacts;
    this.store = store;
    this.runs = runs;
    this.meters = meters;
    this.properties = properties;
  }

  /** The lists due at {@code now} (the engine's clock); a list seen for the first time starts its chain at now. */
  public DueWatchLists findDue(Instant now) {
    if (!properties.enabled()) {
      return new DueWatchLists(List.of(), List.of(), "schedules are off (rivalwatch.schedules.enabled=false): no "
          + "watch list is started by its schedule");
    }
    List<DueWatchLists.Due> due = new ArrayList<>();
    List<DueWatchLists.Problem> problems = new ArrayList<>();
    for (String name : watchLists.names()) {
      Optional<WatchSchedule> schedule;
      try {
        schedule = watchLists.schedule(name);
      } catch (InvalidConfigurationException e) {
        problems.add(new DueWatchLists.Problem(name, String.join("; ", e.problems())));
        if (!e.getMessage().equals(loggedProblems.put(name, e.getMessage()))) {
          LOG.warn("watch list {} is not scheduled until its schedule is fixed: {}", name, e.getMessage());
        }
        continue;
      }
      loggedProblems.remove(name);
      if (schedule.isPresent()) {
        Tail tail = tail(name, now);
        schedule.get().due(tail.slot(), now)
            .ifPresent(d -> due.add(new DueWatchLists.Due(name, d.slot(), d.slots())));
      }
    }
    return new DueWatchLists(due, problems, null);
  }

  /**
   * Starts the list's run for its latest due slot, or skips it or lets it wait when the list's previous run has not
   * ended. Safe to repeat: a retried job finds its own dispatch record.
   *
   * @param dispatchId the dispatching job's element instance key (the same for every retry of the job)
   */
  public Dispatch dispatch(String watchList, String dispatchId, Instant now) {
    Optional<WatchSchedule> schedule = watchLists.schedule(watchList);
    if (schedule.isEmpty()) {
      return new Dispatch(watchList, Outcome.NOT_SCHEDULED, null, watchList + " has no schedule any more");
    }
    Tail tail = tail(watchList, now);
    if (tail.last() != null && dispatchId.equals(tail.last().dispatchId())) {
      return resume(watchList, tail.after(), tail.last(), now);
    }
    Optional<WatchSchedule.Due> due = schedule.get().due(tail.slot(), now);
    if (due.isEmpty()) {
      return new Dispatch(watchList, Outcome.ALREADY_DISPATCHED, null, "nothing due for " + watchList + ": its "
          + "latest slot (" + tail.slot() + ") was dispatched already");
    }
    Instant slot = due.get().slot();
    int slots = due.get().slots();
    OnOverlap onOverlap = schedule.get().onOverlap();
    Optional<Previous> previous = previousRun(watchList, tail);
    if (previous.isPresent() && previous.get().processInstanceKey() == null) {
      // its dispatch has claimed the slot but not yet recorded the run (it is starting it, or its job is retried):
      // nothing is decided on a run that cannot be asked about; the next tick looks again
      return new Dispatch(watchList, Outcome.ALREADY_DISPATCHED, null, watchList + "'s previous dispatch ("
          + tail.last().dispatchId() + ") has not recorded the run it started yet; the next tick looks again");
    }
    if (previous.isPresent() && stillRunning(previous.get(), watchList, slot, onOverlap, now)) {
      return onOverlap == OnOverlap.SKIP
          ? skip(watchList, tail.slot(), slot, slots, dispatchId, previous.get(), now)
          : waitFor(watchList, tail.slot(), slot, previous.get(), now);
    }
    DispatchRecord claim = new DispatchRecord(slot, slots, dispatchId, Outcome.STARTED, null, null, now);
    Optional<DispatchRecord> other = claim(watchList, tail.slot(), claim);
    if (other.isPresent()) {
      return other.get().dispatchId().equals(dispatchId) ? resume(watchList, tail.slot(), other.get(), now)
          : alreadyDispatched(watchList, other.get());
    }
    return start(watchList, tail.slot(), claim, now);
  }

  private Dispatch start(String watchList, Instant after, DispatchRecord claim, Instant now) {
    Map<String, Object> scheduled = new LinkedHashMap<>();
    scheduled.put(ProcessVariables.SLOT, claim.slot().toString());
    scheduled.put(ProcessVariables.SLOTS, claim.slots());
    Optional<Waiting> waited = artefacts.read(ArtefactKeys.scheduleWaiting(watchList, after.getEpochSecond()),
        Waiting.class);
    waited.ifPresent(w -> scheduled.put("waitedFor", w.forRunId()));
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(ProcessVariables.WATCH_LIST, watchList);
    variables.put(ProcessVariables.RUN_TRIGGER, RunStartAudit.SCHEDULE);
    variables.put(ProcessVariables.SCHEDULED, scheduled);
    // no runId: Plan run derives it as for any run that names none
    long key = runs.start(variables, Set.of(TAG_PREFIX + watchList));
    String runId = RunIds.of(key);
    artefacts.createIfAbsent(ArtefactKeys.scheduleRun(watchList, claim.slot().getEpochSecond()),
        new StartedRun(key, runId, now));
    hint(watchList, after, claim, now);
    count(watchList, Outcome.STARTED);
    if (claim.slots() > 1) {
      meters.counter("rivalwatch.schedule.missed.slots", "watch_list", watchList).increment(claim.slots() - 1);
    }
    String note = "started run " + runId + " of " + watchList + " for " + claim.slot()
        + (claim.slots() > 1 ? " (" + claim.slots() + " slots were due since the last dispatch: one run)" : "")
        + waited.map(w -> ", after waiting for run " + w.forRunId() + " since " + w.slot()).orElse("");
    LOG.info("schedule: {}", note);
    return new Dispatch(watchList, Outcome.STARTED, key, note);
  }

  private Dispatch skip(String watchList, Instant after, Instant slot, int slots, String dispatchId,
      Previous previous, Instant now) {
    DispatchRecord claim = new DispatchRecord(slot, slots, dispatchId, Outcome.SKIPPED, previous.processInstanceKey(),
        previous.runId(), now);
    Optional<DispatchRecord> other = claim(watchList, after, claim);
    if (other.isPresent() && !other.get().dispatchId().equals(dispatchId)) {
      return alreadyDispatched(watchList, other.get());
    }
    hint(watchList, after, claim, now);
    String note = "skipped " + watchList + " at " + slot + ": its run " + previous.describe() + " has not ended "
        + "(schedule onOverlap: skip); the list runs again at its next time";
    count(watchList, Outcome.SKIPPED);
    LOG.warn("schedule: {}", note);
    return new Dispatch(watchList, Outcome.SKIPPED, previous.processInstanceKey(), note);
  }

  private Dispatch waitFor(String watchList, Instant after, Instant slot, Previous previous, Instant now) {
    String note = watchList + " is due (" + slot + ") and waits: its run " + previous.describe() + " has not ended "
        + "(schedule onOverlap: wait); it starts at the first tick after that run ends";
    // said once per wait (write-once), however many ticks it lasts
    boolean first = artefacts.createIfAbsent(ArtefactKeys.scheduleWaiting(watchList, after.getEpochSecond()),
        new Waiting(slot, previous.runId(), now));
    if (first) {
      count(watchList, Outcome.WAITING);
      LOG.warn("schedule: {}", note);
    } else {
      LOG.debug("schedule: {}", note);
    }
    return new Dispatch(watchList, Outcome.WAITING, previous.processInstanceKey(), note);
  }

  /** A retried job whose dispatch record is there: finish what it began (a start whose run is not recorded yet). */
  private Dispatch resume(String watchList, Instant after, DispatchRecord mine, Instant now) {
    if (mine.outcome() == Outcome.SKIPPED) {
      hint(watchList, after, mine, now);
      return new Dispatch(watchList, Outcome.SKIPPED, mine.blockingProcessInstanceKey(), "skipped " + watchList
          + " at " + mine.slot() + ": its run " + mine.blockingRunId() + " had not ended (schedule onOverlap: skip)");
    }
    Optional<StartedRun> started = artefacts.read(
        ArtefactKeys.scheduleRun(watchList, mine.slot().getEpochSecond()), StartedRun.class);
    if (started.isEmpty()) {
      return start(watchList, after, mine, now);
    }
    hint(watchList, after, mine, now);
    return new Dispatch(watchList, Outcome.STARTED, started.get().processInstanceKey(), "started run "
        + started.get().runId() + " of " + watchList + " for " + mine.slot());
  }

  private static Dispatch alreadyDispatched(String watchList, DispatchRecord other) {
    return new Dispatch(watchList, Outcome.ALREADY_DISPATCHED, null, watchList + " at " + other.slot() + " was "
        + other.outcome().id() + " by another dispatch (" + other.dispatchId() + ")");
  }

  /** Writes the dispatch record after {@code after}; empty when this call wrote it, else the record there. */
  private Optional<DispatchRecord> claim(String watchList, Instant after, DispatchRecord claim) {
    var key = ArtefactKeys.scheduleDispatch(watchList, after.getEpochSecond());
    return artefacts.createIfAbsent(key, claim) ? Optional.empty() : artefacts.read(key, DispatchRecord.class);
  }

  private void hint(String watchList, Instant after, DispatchRecord record, Instant now) {
    artefacts.overwrite(ArtefactKeys.scheduleState(watchList), new State(after, record.slot(), record.outcome(), now));
  }

  private void count(String watchList, Outcome outcome) {
    meters.counter("rivalwatch.schedule.dispatches", "watch_list", watchList, "outcome", outcome.id()).increment();
  }

  // ---- the chain

  /**
   * The end of the list's chain of dispatches.
   *
   * @param after the slot the last record follows (or the origin's)
   * @param slot the last dispatched slot (the origin when nothing was dispatched)
   * @param last the last record, or null
   */
  private record Tail(Instant after, Instant slot, DispatchRecord last) {}

  private Tail tail(String watchList, Instant now) {
    Instant from = artefacts.readCurrent(ArtefactKeys.scheduleState(watchList), State.class).map(State::after)
        .orElseGet(() -> origin(watchList, now));
    Instant after = from;
    Instant slot = from;
    DispatchRecord last = null;
    while (true) {
      Optional<DispatchRecord> next =
          artefacts.read(ArtefactKeys.scheduleDispatch(watchList, slot.getEpochSecond()), DispatchRecord.class);
      if (next.isEmpty()) {
        return new Tail(after, slot, last);
      }
      last = next.get();
      after = slot;
      slot = last.slot();
    }
  }

  private Instant origin(String watchList, Instant now) {
    var key = ArtefactKeys.scheduleOrigin(watchList);
    return artefacts.read(key, Origin.class)
        .orElseGet(() -> artefacts.createOrRead(key, new Origin(now.truncatedTo(ChronoUnit.SECONDS)), Origin.class))
        .seenAt();
  }

  // ---- the list's previous run

  /** The list's latest run: its process instance (null while its dispatch is starting it) and run id. */
  private record Previous(Long processInstanceKey, String runId) {
    String describe() {
      return runId != null ? runId : "of process instance " + processInstanceKey;
    }
  }

  private Optional<Previous> previousRun(String watchList, Tail tail) {
    DispatchRecord last = tail.last();
    if (last == null) {
      return Optional.empty();
    }
    if (last.outcome() == Outcome.SKIPPED) {
      return Optional.of(new Previous(last.blockingProcessInstanceKey(), last.blockingRunId()));
    }
    return Optional.of(artefacts.read(ArtefactKeys.scheduleRun(watchList, last.slot().getEpochSecond()),
            StartedRun.class).map(r -> new Previous(r.processInstanceKey(), r.runId()))
        .orElse(new Previous(null, null)));
  }

  /**
   * Whether the run has not ended: a run with a run record has; otherwise the engine is asked, and the answer is a
   * note on the run itself (variable {@code scheduleOverlap}), so Operate shows on it why the list's slot waits or
   * was skipped.
   */
  private boolean stillRunning(Previous previous, String watchList, Instant slot, OnOverlap onOverlap, Instant now) {
    if (previous.runId() != null && store.exists(ArtefactKeys.runRecord(previous.runId()))) {
      return false;
    }
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("watchList", watchList);
    note.put("slot", slot.toString());
    note.put("onOverlap", onOverlap.id());
    note.put("decidedAt", now.toString());
    return runs.noteIfActive(previous.processInstanceKey(), Map.of(ProcessVariables.SCHEDULE_OVERLAP, note));
  }
}
