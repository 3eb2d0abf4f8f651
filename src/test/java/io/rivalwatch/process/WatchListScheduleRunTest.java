package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.planning.RunConfigurationLoader;
import io.rivalwatch.planning.WatchSchedule;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.ProcessTestBase;
import io.rivalwatch.workflow.ProcessIds;
import io.rivalwatch.workflow.RunIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The two sample watch lists on their own schedules, on the embedded engine with its clock moved: {@code sample}
 * (02:00 Europe/London, waits on overlap) and {@code sample-pricing} (06:30 America/New_York on weekdays, skips on
 * overlap), which share the competitor acme. Each tick is the dispatcher process (bpmn/watch-list-schedule.bpmn),
 * started by its timer when the clock passes a minute, or by its "check now" start event to tick at a known time.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WatchListScheduleRunTest extends ProcessTestBase {

  private static final String SAMPLE = "sample";
  private static final String PRICING = "sample-pricing";

  static {
    OVERRIDES.put("rivalwatch.schedules.enabled", true);
  }

  /** How far the test moved the engine's clock (the engine is this class's own: it starts at the wall clock). */
  private static Duration moved = Duration.ZERO;

  @Autowired RunConfigurationLoader watchLists;
  @Autowired AuditTrail audit;
  @Autowired MeterRegistry meters;

  @AfterEach
  void cancelOpenRuns() {
    scheduledRuns(SAMPLE).stream().filter(k -> !records.hasEnded(k)).forEach(this::cancel);
    scheduledRuns(PRICING).stream().filter(k -> !records.hasEnded(k)).forEach(this::cancel);
  }

  @Test
  void eachListStartsAtItsOwnTime_andMissedSlotsRunOnceWhenItIsBack() {
    tick();
    Instant sampleAt = schedule(SAMPLE).next(engineNow()).orElseThrow();
    Instant pricingAt = schedule(PRICING).next(engineNow()).orElseThrow();
    assertThat(sampleAt).isNotEqualTo(pricingAt);
    String first = sampleAt.isBefore(pricingAt) ? SAMPLE : PRICING;
    String second = first.equals(SAMPLE) ? PRICING : SAMPLE;
    int sampleBefore = scheduledRuns(SAMPLE).size();
    int pricingBefore = scheduledRuns(PRICING).size();

    moveTo(min(sampleAt, pricingAt).minusSeconds(60));
    tick();
    assertThat(scheduledRuns(SAMPLE)).as("nothing before its time").hasSize(sampleBefore);
    assertThat(scheduledRuns(PRICING)).hasSize(pricingBefore);

    moveTo(min(sampleAt, pricingAt).plusSeconds(30));
    tick();
    long firstRun = onlyNewRun(first, first.equals(SAMPLE) ? sampleBefore : pricingBefore);
    assertThat(scheduledRuns(second)).as(second + " waits for its own time").hasSize(
        second.equals(SAMPLE) ? sampleBefore : pricingBefore);
    // each list's run is its own process instance, named by the list in Operate: the watchList variable here (and the
    // tag watchList:<name> on a cluster: the embedded engine's gateway drops process instance tags;
    // ScheduleDispatchesTest checks they are sent)
    assertThat(records.rootVariables(firstRun)).containsEntry("watchList", "\"" + first + "\"")
        .containsEntry("runTrigger", "\"watch-list-schedule\"");
    approve(firstRun);

    moveTo(max(sampleAt, pricingAt).plusSeconds(30));
    tick();
    long secondRun = onlyNewRun(second, second.equals(SAMPLE) ? sampleBefore : pricingBefore);
    assertThat(started(RunIds.of(secondRun)).details()).containsEntry("scheduledFor",
        max(sampleAt, pricingAt).toString()).containsEntry("slotsDue", "1");
    approve(secondRun);
    // the first list may have come round again meanwhile (a weekday schedule waits over a weekend)
    approveOpenRuns();

    // the application was "down" for three nights: the clock jumps, the timer fires once the engine runs again, and
    // the list runs once for the latest night, not once per night
    int samplesBeforeGap = scheduledRuns(SAMPLE).size();
    long gapTick = move(Duration.ofDays(3));
    assertThat(records.completedElements(gapTick)).contains("EndEvent_RunStarted");
    long afterGap = onlyNewRun(SAMPLE, samplesBeforeGap);
    AuditEntry start = started(RunIds.of(afterGap));
    assertThat(start.actor()).isEqualTo("watch-list-schedule");
    assertThat(start.details()).containsEntry("slotsDue", "3")
        .containsEntry("scheduledFor", schedule(SAMPLE).due(sampleAt, engineNow()).orElseThrow().slot().toString());
    approveOpenRuns();
    tick();
    assertThat(scheduledRuns(SAMPLE)).as("no second run for the same nights").hasSize(samplesBeforeGap + 1);
    assertThat(meters.counter("rivalwatch.schedule.missed.slots", "watch_list", SAMPLE).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aDueRunWhoseListIsStillRunning_waitsOrIsSkippedAsConfigured_andSaysSo() {
    tick();
    Instant next = max(schedule(SAMPLE).next(engineNow()).orElseThrow(),
        schedule(PRICING).next(engineNow()).orElseThrow());
    int samples = scheduledRuns(SAMPLE).size();
    int pricings = scheduledRuns(PRICING).size();
    moveTo(next.plusSeconds(30));
    long sampleRun = onlyNewRun(SAMPLE, samples);
    long pricingRun = onlyNewRun(PRICING, pricings);
    // both wait for a reviewer: they have not ended when their lists are due again
    awaitReviewOpen(sampleRun);
    awaitReviewOpen(pricingRun);
    double skippedBefore = dispatches(PRICING, "skipped");
    double waitingBefore = dispatches(SAMPLE, "waiting");

    Instant again = max(schedule(SAMPLE).next(engineNow()).orElseThrow(),
        schedule(PRICING).next(engineNow()).orElseThrow());
    long overlapTick = moveTo(again.plusSeconds(30));
    tick();

    // the dispatcher's instance shows it, the run in the way carries a note, and a metric counts it
    assertThat(records.completedElements(overlapTick)).contains("EndEvent_Skipped", "EndEvent_Waiting")
        .doesNotContain("EndEvent_RunStarted");
    assertThat(scheduledRuns(SAMPLE)).hasSize(samples + 1);
    assertThat(scheduledRuns(PRICING)).hasSize(pricings + 1);
    assertThat(records.rootVariables(pricingRun).get("scheduleOverlap")).contains("\"onOverlap\":\"skip\"");
    assertThat(records.rootVariables(sampleRun).get("scheduleOverlap")).contains("\"onOverlap\":\"wait\"");
    assertThat(dispatches(PRICING, "skipped") - skippedBefore).isEqualTo(1);
    assertThat(dispatches(SAMPLE, "waiting") - waitingBefore).as("said once, however many ticks it waits")
        .isEqualTo(1);

    // skip: the slot is gone; the list runs at its next time, not when the run in the way ends
    approve(pricingRun);
    tick();
    assertThat(scheduledRuns(PRICING)).hasSize(pricings + 1);

    // wait: the slot starts at the first tick after the run in the way ended
    approve(sampleRun);
    tick();
    long waited = onlyNewRun(SAMPLE, samples + 1);
    assertThat(started(RunIds.of(waited)).details()).containsEntry("waitedForRun", RunIds.of(sampleRun));
  }

  // ---- the clock and the ticks

  private Instant engineNow() {
    return Instant.now().plus(moved);
  }

  /**
   * Moves the engine's clock on. Past a minute's start the dispatcher's timer fires: waits for that tick to end, so
   * what it started is there, and returns it (-1 when no minute began).
   */
  private long move(Duration by) {
    List<Long> before = timerTicks();
    EmbeddedEngine.get().increaseTime(by);
    moved = moved.plus(by);
    if (by.compareTo(Duration.ofMinutes(1)) < 0) {
      return -1;
    }
    await().atMost(RUN_TIMEOUT).until(() -> timerTicks().size() > before.size());
    long tick = timerTicks().getLast();
    await().atMost(RUN_TIMEOUT).until(() -> records.hasEnded(tick));
    return tick;
  }

  private long moveTo(Instant at) {
    Duration by = Duration.between(engineNow(), at);
    return by.isPositive() ? move(by) : -1;
  }

  private List<Long> timerTicks() {
    return records.processInstancesStartedBy("StartEvent_EveryMinute");
  }

  /** One tick of the dispatcher at the engine's time now, through its "check now" start event; waits for its end. */
  private long tick() {
    long tick = client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.WATCH_LIST_SCHEDULE).latestVersion()
        .send().join().getProcessInstanceKey();
    await().atMost(RUN_TIMEOUT).until(() -> records.hasEnded(tick)
        && timerTicks().stream().allMatch(records::hasEnded));
    return tick;
  }

  // ---- runs

  /** Runs of the list the schedule started, oldest first. */
  private List<Long> scheduledRuns(String watchList) {
    return records.processInstancesStartedBy("StartEvent_Manual").stream().filter(key -> {
      var variables = records.rootVariables(key);
      return ("\"" + watchList + "\"").equals(variables.get("watchList"))
          && "\"watch-list-schedule\"".equals(variables.get("runTrigger"));
    }).toList();
  }

  private long onlyNewRun(String watchList, int before) {
    List<Long> runs = scheduledRuns(watchList);
    assertThat(runs).as("one new run of " + watchList).hasSize(before + 1);
    return runs.getLast();
  }

  private void approveOpenRuns() {
    for (String list : List.of(SAMPLE, PRICING)) {
      scheduledRuns(list).stream().filter(k -> !records.hasEnded(k)).forEach(this::approve);
    }
  }

  private void approve(long run) {
    review(run, "approve", "");
    awaitEnded(run);
  }

  private void awaitReviewOpen(long run) {
    await().atMost(RUN_TIMEOUT).until(() -> records.activatedElements(run).contains("UserTask_ReviewReport"));
  }

  private void cancel(long run) {
    try {
      client.newCancelInstanceCommand(run).send().join();
    } catch (RuntimeException ended) {
      // it ended meanwhile
    }
  }

  private AuditEntry started(String runId) {
    await().atMost(RUN_TIMEOUT).until(() -> audit.entries(runId).stream()
        .anyMatch(e -> e.action() == AuditAction.RUN_STARTED));
    return audit.entries(runId).stream().filter(e -> e.action() == AuditAction.RUN_STARTED).findFirst().orElseThrow();
  }


  private double dispatches(String watchList, String outcome) {
    var counter = meters.find("rivalwatch.schedule.dispatches").tags("watch_list", watchList, "outcome", outcome)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private WatchSchedule schedule(String watchList) {
    return watchLists.schedule(watchList).orElseThrow();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
