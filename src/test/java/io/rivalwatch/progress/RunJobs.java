package io.rivalwatch.progress;

import io.rivalwatch.workflow.JobTypes;
import io.rivalwatch.testsupport.MutableClock;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.RunPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Plays a run's jobs as the workers' hook would publish them, each taking {@code took} on the test clock. */
final class RunJobs {

  static final List<String> GATHERS = List.of(JobTypes.GATHER_WEBSITE, JobTypes.GATHER_NEWS,
      JobTypes.GATHER_SOCIAL, JobTypes.GATHER_MARKET_DATA);
  static final List<String> ANALYSES = List.of(JobTypes.ANALYSE_SENTIMENT, JobTypes.ANALYSE_STRATEGY,
      JobTypes.ANALYSE_POSITIONING);

  private final String runId;
  private final long key;
  private final MutableClock clock;
  private final Consumer<JobFinished> publish;
  Duration took = Duration.ofSeconds(2);
  private final Map<String, Integer> rounds = new java.util.HashMap<>();

  RunJobs(String runId, long key, MutableClock clock, Consumer<JobFinished> publish) {
    this.runId = runId;
    this.key = key;
    this.clock = clock;
    this.publish = publish;
  }

  void job(String type, String competitorId, String outcome, Map<String, Object> variables) {
    clock.advance(took);
    publish.accept(new JobFinished(runId, competitorId == null ? key : key + 1000, type, "Task_" + type,
        competitorId, RunPhase.ofJobType(type), outcome, variables, clock.instant(), took));
  }

  void done(String type, String competitorId, Map<String, Object> variables) {
    job(type, competitorId, JobFinished.COMPLETED, variables);
  }

  void plan(String... competitors) {
    done(JobTypes.PLAN_RUN, null, Map.of("runId", runId, "competitorIds", List.of(competitors),
        "competitorCount", competitors.length));
  }

  /** One research round; the last gathering judges it, as the one that finds the round complete does. */
  void research(String competitor, String decision) {
    int round = rounds.getOrDefault(competitor, 0);
    int next = "gather-more".equals(decision) ? round + 1 : round;
    rounds.put(competitor, next);
    GATHERS.subList(0, GATHERS.size() - 1).forEach(type -> done(type, competitor, Map.of()));
    done(GATHERS.getLast(), competitor, Map.of("researchDecision", decision, "researchRound", next));
  }

  void analyse(String competitor) {
    ANALYSES.forEach(type -> done(type, competitor, Map.of()));
  }

  void synthesis(String qualityDecision) {
    done(JobTypes.WRITE_REPORT, null, Map.of("reportRevision", 1));
    done(JobTypes.CHECK_REPORT_QUALITY, null, Map.of("qualityDecision", qualityDecision));
  }

  void distribute() {
    done(JobTypes.DELIVER_EMAIL, null, Map.of("emailDelivery", "delivered"));
    done(JobTypes.DELIVER_SLACK, null, Map.of("slackDelivery", "delivered"));
    done(JobTypes.PUBLISH_DASHBOARD, null, Map.of("dashboardDelivery", "published"));
  }

  void recordOutcome(String status) {
    done(JobTypes.RECORD_RUN_OUTCOME, null, Map.of("runOutcome", status));
  }
}
