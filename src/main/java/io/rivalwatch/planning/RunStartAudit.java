package io.rivalwatch.planning;

import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Records who started a run: once per run ({@value #ENTRY_ID}: a retried Plan run writes nothing), at the time the
 * first Plan run attempt started it.
 *
 * <p>Who: the start variable {@code startedBy}, which the HTTP API sets to the signed-in principal's name (and the
 * local run and the tests to a user of their own). Without it, what started the run: the nightly timer (its start
 * event sets {@code runTrigger}), or a client of the engine that named nobody (Operate, zbctl, another application):
 * the engine does not say who that was, so the entry says so instead of guessing.
 */
@Component
public class RunStartAudit {

  public static final String ENTRY_ID = "run-started";
  /** The value the nightly timer start event gives {@code runTrigger}, and the actor of its runs. */
  public static final String NIGHTLY_TIMER = "nightly-timer";
  /** The value the schedules' dispatcher gives {@code runTrigger}, and the actor of its runs. */
  public static final String SCHEDULE = "watch-list-schedule";
  /** The actor of a run started through the engine without {@code startedBy}. */
  public static final String UNNAMED_CLIENT = "unnamed engine client";

  private final AuditTrail trail;
  private final PlanningService planning;

  public RunStartAudit(AuditTrail trail, PlanningService planning) {
    this.trail = trail;
    this.planning = planning;
  }

  /** Who started a run, as its entry names them: the user it names, the nightly timer, or an unnamed client. */
  public static String actor(String startedBy, String runTrigger) {
    if (startedBy != null && !startedBy.isBlank()) {
      return startedBy.strip();
    }
    return NIGHTLY_TIMER.equals(runTrigger) ? NIGHTLY_TIMER : SCHEDULE.equals(runTrigger) ? SCHEDULE : UNNAMED_CLIENT;
  }

  /**
   * Records the start once Plan run has taken the run (its start time is kept); a run whose id could not be used never
   * started, and its failure record says why.
   *
   * @param watchList what the start asked to run (the configuration it named), or null for the default
   */
  public void record(String runId, String startedBy, String runTrigger, String watchList, String refresh) {
    record(runId, startedBy, runTrigger, watchList, refresh, null);
  }

  /**
   * {@link #record(String, String, String, String, String)} of a run the schedule started.
   *
   * @param scheduled the start variable {@code scheduled} (slot, slots, waitedFor), or null
   */
  public void record(String runId, String startedBy, String runTrigger, String watchList, String refresh,
      Map<String, Object> scheduled) {
    java.util.Optional<java.time.Instant> startedAt;
    try {
      startedAt = planning.startedAt(runId);
    } catch (IllegalArgumentException unusableRunId) {
      // a run id that cannot name artefacts: Plan run refused it before the run started
      return;
    }
    if (startedAt.isEmpty()) {
      return;
    }
    boolean named = startedBy != null && !startedBy.isBlank();
    boolean nightly = NIGHTLY_TIMER.equals(runTrigger);
    boolean schedule = SCHEDULE.equals(runTrigger);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("startedThrough", named ? "a start naming its user (startedBy)"
        : nightly ? "the nightly timer start event"
        : schedule ? "the watch list's schedule (bpmn/watch-list-schedule.bpmn)" : "the engine, with no startedBy");
    if (schedule && scheduled != null) {
      // which slot, how many were folded into it (missed while the application was down, or while it waited), and
      // the run it waited for
      for (String field : java.util.List.of("slot", "slots", "waitedFor")) {
        Object value = scheduled.get(field);
        if (value != null) {
          details.put(field.equals("slot") ? "scheduledFor" : field.equals("slots") ? "slotsDue" : "waitedForRun",
              String.valueOf(value));
        }
      }
    }
    details.put("watchList", watchList == null || watchList.isBlank() ? "(the application's default)" : watchList);
    details.put("refresh", refresh == null || refresh.isBlank() ? "(the configuration's settings.refresh)" : refresh);
    trail.record(ENTRY_ID, new AuditEntry(runId, startedAt.get(), actor(startedBy, runTrigger),
        AuditAction.RUN_STARTED, details));
  }
}
