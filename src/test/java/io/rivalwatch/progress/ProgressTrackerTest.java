package io.rivalwatch.progress;

import io.rivalwatch.workflow.JobTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rivalwatch.testsupport.MutableClock;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.RunPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the tracker makes of a run's finished jobs. */
class ProgressTrackerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ProgressTracker tracker = tracker(ProgressProperties.defaults());
  private final RunJobs run = new RunJobs("night-1", 100, clock, tracker::onJobFinished);

  private ProgressTracker tracker(ProgressProperties properties) {
    return new ProgressTracker(properties, runId -> 0.25, meters, clock);
  }

  private RunProgress view() {
    return tracker.run("night-1").orElseThrow();
  }

  private PhaseProgress phase(String phase) {
    return view().phases().get(phase);
  }

  @Test
  void theFirstJobMakesARunKnownInPlanning() {
    assertThat(tracker.run("night-1")).isEmpty();
    run.plan("acme", "globex");

    RunProgress progress = view();
    assertThat(progress.runId()).isEqualTo("night-1");
    assertThat(progress.processInstanceKey()).isEqualTo(100);
    assertThat(progress.status()).isEqualTo(RunProgress.RUNNING);
    assertThat(progress.phase()).isEqualTo("research");
    assertThat(progress.phases().keySet()).containsExactly("planning", "research", "analysis", "synthesis", "review",
        "distribution", "outcome");
    assertThat(progress.phases().get("planning")).isEqualTo(new PhaseProgress(1, 0, 0));
    assertThat(progress.phases().get("research")).isEqualTo(new PhaseProgress(0, 8, 0));
    assertThat(progress.phases().get("analysis")).isEqualTo(new PhaseProgress(0, 6, 0));
    assertThat(progress.phases().get("synthesis")).isEqualTo(new PhaseProgress(0, 2, 0));
    assertThat(progress.phases().get("review")).isEqualTo(new PhaseProgress(0, 1, 0));
    assertThat(progress.phases().get("distribution")).isEqualTo(new PhaseProgress(0, 3, 0));
    assertThat(progress.phases().get("outcome")).isEqualTo(new PhaseProgress(0, 1, 0));
    assertThat(progress.costUsd()).isEqualTo(0.25);
    assertThat(progress.startedAt()).isEqualTo(Instant.parse("2026-11-26T02:00:02Z"));
  }

  @Test
  void aWholeRunCountsEveryPhaseAndEndsDelivered() {
    run.plan("acme", "globex");
    run.research("acme", "sufficient");
    assertThat(phase("research")).isEqualTo(new PhaseProgress(4, 4, 0));
    run.analyse("acme");
    run.research("globex", "sufficient");
    assertThat(view().phase()).isEqualTo("analysis");
    run.analyse("globex");
    assertThat(view().phase()).isEqualTo("synthesis");
    run.synthesis("passed");

    assertThat(view().status()).isEqualTo(RunProgress.WAITING_FOR_REVIEW);
    assertThat(view().phase()).isEqualTo("review");
    assertThat(view().eta().text()).isEqualTo("waiting for review");
    assertThat(tracker.activeIn(RunPhase.REVIEW)).isEqualTo(1);

    // a Camunda user task is no job: the review is known done when distribution starts
    run.distribute();
    assertThat(phase("review")).isEqualTo(new PhaseProgress(1, 0, 0));
    assertThat(view().status()).isEqualTo(RunProgress.RUNNING);
    run.recordOutcome("delivered");

    RunProgress ended = view();
    assertThat(ended.status()).isEqualTo(RunProgress.DELIVERED);
    assertThat(ended.phase()).isEqualTo("outcome");
    assertThat(ended.endedAt()).isNotNull();
    assertThat(ended.eta().text()).isEqualTo("ended");
    assertThat(ended.phases().values()).allSatisfy(p -> assertThat(p.pending()).isZero());
    assertThat(ended.phases().get("research").completed()).isEqualTo(8);
    assertThat(ended.phases().get("analysis").completed()).isEqualTo(6);
    assertThat(ended.phases().get("distribution").completed()).isEqualTo(3);
    assertThat(tracker.activeIn(RunPhase.OUTCOME)).isZero();
  }

  @Test
  void aSkippedCompetitorTakesItsAnalysesOffAndAnExtraRoundAddsResearch() {
    run.plan("acme", "globex", "initech");
    run.research("acme", "skip");
    assertThat(phase("analysis")).isEqualTo(new PhaseProgress(0, 6, 0));
    run.research("globex", "gather-more");
    assertThat(phase("research")).isEqualTo(new PhaseProgress(8, 8, 0));
    run.research("globex", "sufficient");
    assertThat(phase("research")).isEqualTo(new PhaseProgress(12, 4, 0));
  }

  @Test
  void aRoundJudgedByTwoGatheringsAddsOneRound() {
    run.plan("acme");
    run.done(JobTypes.GATHER_WEBSITE, "acme", Map.of());
    run.done(JobTypes.GATHER_NEWS, "acme", Map.of());
    // the last two stored at the same moment: both found the round complete and both judged it
    Map<String, Object> judgement = Map.of("researchDecision", "gather-more", "researchRound", 1);
    run.done(JobTypes.GATHER_SOCIAL, "acme", judgement);
    run.done(JobTypes.GATHER_MARKET_DATA, "acme", judgement);
    assertThat(phase("research")).isEqualTo(new PhaseProgress(4, 4, 0));
  }

  @Test
  void anAnalysisThatTookItsErrorPathIsDoneAndAFailedAttemptIsNot() {
    run.plan("acme");
    run.research("acme", "sufficient");
    run.job(JobTypes.ANALYSE_SENTIMENT, "acme", JobFinished.FAILED, Map.of());
    assertThat(phase("analysis")).isEqualTo(new PhaseProgress(0, 3, 1));
    run.job(JobTypes.ANALYSE_SENTIMENT, "acme", JobFinished.BPMN_ERROR, Map.of("sentimentStatus", "failed"));
    assertThat(phase("analysis")).isEqualTo(new PhaseProgress(1, 2, 1));
  }

  @Test
  void aFailedRunEndsFailedWithNothingPendingButTheOperatorsNotice() {
    run.plan("acme", "globex");
    run.research("acme", "sufficient");
    run.done(JobTypes.RECORD_RUN_FAILURE, null, Map.of("runOutcome", "failed"));

    RunProgress failed = view();
    assertThat(failed.status()).isEqualTo(RunProgress.FAILED);
    assertThat(failed.phase()).isEqualTo("outcome");
    assertThat(failed.phases().get("research")).isEqualTo(new PhaseProgress(4, 0, 0));
    assertThat(failed.phases().get("outcome")).isEqualTo(new PhaseProgress(1, 1, 0));
    run.done(JobTypes.NOTIFY_OPERATORS, null, Map.of("operatorsNotified", "notified 1 operator"));
    assertThat(phase("outcome")).isEqualTo(new PhaseProgress(2, 0, 0));
    assertThat(tracker.activeIn(RunPhase.OUTCOME)).isZero();
  }

  @Test
  void aRejectedReportNeedsNoDistribution() {
    run.plan("acme");
    run.research("acme", "sufficient");
    run.analyse("acme");
    run.synthesis("passed");
    run.done("io.camunda.zeebe:userTask", null, Map.of("reviewDecision", "reject"));
    assertThat(phase("distribution")).isEqualTo(new PhaseProgress(0, 0, 0));
    run.recordOutcome("rejected");
    assertThat(view().status()).isEqualTo(RunProgress.REJECTED);
    assertThat(phase("review")).isEqualTo(new PhaseProgress(1, 0, 0));
  }

  @Test
  void requestedChangesAndRevisionsAddSynthesisAndReviewRounds() {
    run.plan("acme");
    run.research("acme", "sufficient");
    run.analyse("acme");
    run.synthesis("revise");
    assertThat(phase("synthesis")).isEqualTo(new PhaseProgress(2, 2, 0));
    run.synthesis("passed");
    assertThat(view().status()).isEqualTo(RunProgress.WAITING_FOR_REVIEW);
    // the reviewer asked for changes in Tasklist: Write report runs again
    run.done(JobTypes.WRITE_REPORT, null, Map.of("reportRevision", 2));
    assertThat(view().status()).isEqualTo(RunProgress.RUNNING);
    assertThat(phase("review")).isEqualTo(new PhaseProgress(1, 1, 0));
    assertThat(phase("synthesis")).isEqualTo(new PhaseProgress(5, 1, 0));
  }

  @Test
  void theEtaIsUnknownUntilJobsWereTimedThenRemainingItemsTimesMeanOverParallelism() {
    ProgressTracker fresh = tracker(ProgressProperties.defaults());
    RunJobs other = new RunJobs("night-2", 200, clock, fresh::onJobFinished);
    // a run whose first job carried no duration: nothing to estimate from
    fresh.onJobFinished(new JobFinished("night-2", 200, JobTypes.PLAN_RUN, "Task_PlanRun", null,
        RunPhase.PLANNING, JobFinished.COMPLETED, Map.of("competitorCount", 2), clock.instant(), null));
    assertThat(fresh.run("night-2").orElseThrow().eta().text()).isEqualTo("unknown");

    // four gathers of 2 s each, finished one after another: parallelism 1, mean 2 s
    other.took = Duration.ofSeconds(2);
    RunJobs.GATHERS.forEach(type -> other.done(type, "acme", Map.of()));
    RunProgress.Eta eta = fresh.run("night-2").orElseThrow().eta();
    // research 4 left, analysis 6 (borrowing research's mean, no parallelism), synthesis 2: 12 items x 2 s
    assertThat(eta.seconds()).isEqualTo(24);
    assertThat(eta.until()).isEqualTo("review");
    assertThat(Instant.parse(eta.text())).isEqualTo(clock.instant().plusSeconds(24));

    // three more research jobs of 2 s that all ran at the same time: research now shows parallelism
    Instant end = clock.instant().plusSeconds(2);
    clock.advance(Duration.ofSeconds(2));
    for (String type : RunJobs.GATHERS.subList(0, 3)) {
      fresh.onJobFinished(new JobFinished("night-2", 1200, type, "Task", "globex", RunPhase.RESEARCH,
          JobFinished.COMPLETED, Map.of(), end, Duration.ofSeconds(2)));
    }
    // 7 research samples, 14 s busy within 10 s: parallelism 1.4; research 1 left -> 1 x 2 / 1.4 = 1.4 s;
    // analysis 6 and synthesis 2 at 2 s each (borrowed) = 16 s
    assertThat(fresh.run("night-2").orElseThrow().eta().seconds()).isEqualTo(17);
  }

  @Test
  void aRunFirstSeenMidWaySaysSoAndDoesNotWaitForWhatFinishedBefore() {
    // this instance restarted while the run was analysing
    run.done(JobTypes.ANALYSE_SENTIMENT, "acme", Map.of("sentimentStatus", "done: 7 findings"));
    RunProgress midway = view();
    assertThat(midway.seenFromStart()).isFalse();
    assertThat(midway.phases().get("planning").pending()).isZero();
    assertThat(midway.phases().get("research").pending()).as("acme's analyses began: its research is done")
        .isZero();
    assertThat(midway.phases().get("analysis")).isEqualTo(new PhaseProgress(1, 2, 0));
    assertThat(midway.phase()).isEqualTo("analysis");
    assertThat(midway.processInstanceKey()).as("a competitor's job names its own instance, not the run's").isNull();

    run.synthesis("passed");
    RunProgress later = view();
    assertThat(later.phases().get("research").pending()).isZero();
    assertThat(later.phases().get("analysis").pending()).isZero();
    assertThat(later.status()).isEqualTo(RunProgress.WAITING_FOR_REVIEW);
    assertThat(later.processInstanceKey()).isEqualTo(100);

    RunJobs fromStart = new RunJobs("night-2", 200, clock, tracker::onJobFinished);
    fromStart.plan("acme");
    assertThat(tracker.run("night-2").orElseThrow().seenFromStart()).isTrue();
  }

  @Test
  void finishedRunsAreForgottenAfterTheRetentionOrBeyondTheLimit() {
    ProgressTracker small = tracker(new ProgressProperties(2, Duration.ofHours(1), 100, null, null, null, null));
    for (int i = 1; i <= 3; i++) {
      RunJobs each = new RunJobs("run-" + i, i, clock, small::onJobFinished);
      each.plan("acme");
      each.done(JobTypes.RECORD_RUN_FAILURE, null, Map.of());
    }
    RunJobs running = new RunJobs("running", 9, clock, small::onJobFinished);
    running.plan("acme");

    assertThat(small.runs()).extracting(RunProgress::runId).containsExactly("running", "run-3", "run-2");
    clock.advance(Duration.ofMinutes(61));
    assertThat(small.runs()).extracting(RunProgress::runId).containsExactly("running");
  }

  @Test
  void runsInFlightAreBoundedToo() {
    ProgressTracker small = tracker(new ProgressProperties(null, null, 2, null, null, null, null));
    for (int i = 1; i <= 3; i++) {
      new RunJobs("run-" + i, i, clock, small::onJobFinished).plan("acme");
    }
    assertThat(small.runs()).extracting(RunProgress::runId).containsExactly("run-3", "run-2");
  }

  @Test
  void aFinishedRunsCostIsReadOnceMoreAfterTheCacheTurnedOverThenKept() {
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    ProgressTracker counting = new ProgressTracker(ProgressProperties.defaults(),
        runId -> reads.incrementAndGet() * 0.5, meters, clock);
    RunJobs each = new RunJobs("costly", 5, clock, counting::onJobFinished);
    each.plan("acme");
    assertThat(counting.run("costly").orElseThrow().costUsd()).isEqualTo(0.5);
    each.done(JobTypes.RECORD_RUN_FAILURE, null, Map.of());
    assertThat(counting.run("costly").orElseThrow().costUsd()).as("just ended: read again").isEqualTo(1.0);

    clock.advance(Duration.ofSeconds(6));
    assertThat(counting.run("costly").orElseThrow().costUsd()).isEqualTo(1.5);
    assertThat(counting.run("costly").orElseThrow().costUsd()).isEqualTo(1.5);
    assertThat(counting.runs().get(0).costUsd()).isEqualTo(1.5);
    assertThat(reads).hasValue(3);
  }

  @Test
  void theGaugeCountsRunsByPhase() {
    run.plan("acme");
    new RunJobs("night-9", 900, clock, tracker::onJobFinished).plan("globex");
    new RunJobs("night-10", 1000, clock, tracker::onJobFinished).done(JobTypes.PLAN_RUN, null, Map.of());

    assertThat(meters.get("rivalwatch.runs.active").tag("phase", "research").gauge().value()).isEqualTo(2);
    assertThat(meters.scrape())
        .contains("rivalwatch_runs_active{phase=\"research\"} 2.0")
        .contains("rivalwatch_runs_active{phase=\"review\"} 0.0")
        .doesNotContain("night-1");
  }

  @Test
  void subscribersHearEachJobWithItsPhaseCountsAndCostOffTheWorkersThread() throws Exception {
    var heard = new LinkedBlockingQueue<JobProgress>();
    var threads = new LinkedBlockingQueue<String>();
    try (AutoCloseable subscription = tracker.subscribe(update -> {
      threads.add(Thread.currentThread().getName());
      heard.add(update);
    })) {
      run.plan("acme");
      run.done(JobTypes.GATHER_NEWS, "acme", Map.of("newsStatus", "done"));

      JobProgress planned = heard.poll(5, TimeUnit.SECONDS);
      JobProgress gathered = heard.poll(5, TimeUnit.SECONDS);
      assertThat(planned.phase()).isEqualTo("planning");
      assertThat(planned.note()).as("the plan's competitors").isEqualTo("acme");
      assertThat(gathered.note()).as("the job's own status").isEqualTo("done");
      assertThat(gathered).isNotNull();
      assertThat(gathered.runId()).isEqualTo("night-1");
      assertThat(gathered.phase()).isEqualTo("research");
      assertThat(gathered.jobType()).isEqualTo(JobTypes.GATHER_NEWS);
      assertThat(gathered.competitorId()).isEqualTo("acme");
      assertThat(gathered.outcome()).isEqualTo("completed");
      assertThat(gathered.completed()).isEqualTo(1);
      assertThat(gathered.pending()).isEqualTo(3);
      assertThat(gathered.costUsd()).isEqualTo(0.25);
      assertThat(gathered.processInstanceKey()).isEqualTo(100);
      assertThat(threads).containsOnly("progress-events").doesNotContain(Thread.currentThread().getName());
    }
  }
}
