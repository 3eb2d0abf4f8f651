package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.CompetitorResults;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.JobTypes;
import io.rivalwatch.workflow.RunPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A competitor's section is prepared once its result is recorded, and the report uses it only if nothing differs. */
class PreparedSectionsTest {

  private static final CompetitorProfile ACME = new CompetitorProfile("acme", "Acme", null, null, null, null);
  private static final CompetitorResult ANALYSED = new CompetitorResult("acme", "sufficient", "enough", "done: 3 findings",
      "done: 2 findings", "done: 1 finding");

  /** Which sections were made, and a fresh object each time so that reuse can be told apart. */
  private final List<String> made = new CopyOnWriteArrayList<>();
  private volatile CompetitorResult recorded = ANALYSED;

  private final CompetitorSections sections = new CompetitorSections(null, null, null, null, null) {
    @Override
    CompetitorSection of(String runId, CompetitorProfile competitor, CompetitorResult result) {
      made.add(runId + "/" + competitor.id() + "/" + result.sentiment());
      return new CompetitorSection(competitor.id(), competitor.name(), result.researchNote(), List.of(), Map.of(),
          Map.of(), null, Map.of(), Map.of());
    }
  };
  private final CompetitorResults results = new CompetitorResults(null, null) {
    @Override
    public CompetitorResult of(String runId, String competitorId) {
      return recorded;
    }
  };
  private final PlanningService planning = new PlanningService(null, null, null, null, null) {
    @Override
    public CompetitorProfile competitor(String runId, String competitorId) {
      return ACME;
    }
  };
  private final PreparedSections prepared = new PreparedSections(sections, results, planning);

  @AfterEach
  void stop() {
    prepared.stop();
  }

  @Test
  void aSectionPreparedWhenItsCompetitorEndedIsWhatTheReportUses_andOnlyForTheSameResult() {
    prepared.onJobFinished(finished(JobTypes.RECORD_COMPETITOR_RESULT, JobFinished.COMPLETED));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> made.size() == 1);

    CompetitorSection first = prepared.of("run-1", ACME, ANALYSED);
    assertThat(prepared.of("run-1", ACME, ANALYSED)).as("the prepared one, not made again").isSameAs(first);
    assertThat(made).containsExactly("run-1/acme/done: 3 findings");

    // a result other than the one prepared for (a retried listener recorded it again, differently): made anew
    CompetitorResult failedSentiment = new CompetitorResult("acme", "sufficient", "enough", "failed: model refused",
        "done: 2 findings", "done: 1 finding");
    assertThat(prepared.of("run-1", ACME, failedSentiment)).isNotSameAs(first);
    assertThat(made).containsExactly("run-1/acme/done: 3 findings", "run-1/acme/failed: model refused");
    // another run's competitor of the same id is never served from this run's preparation
    prepared.of("run-2", ACME, ANALYSED);
    assertThat(made).hasSize(3);
  }

  @Test
  void otherJobsAndFailedRecordingsPrepareNothing() {
    for (JobFinished job : Set.of(finished(JobTypes.ANALYSE_SENTIMENT, JobFinished.COMPLETED),
        finished(JobTypes.RECORD_COMPETITOR_RESULT, JobFinished.FAILED))) {
      prepared.onJobFinished(job);
    }
    // a skipped competitor has no section to prepare
    recorded = new CompetitorResult("acme", "skip", "no sources", null, null, null);
    prepared.onJobFinished(finished(JobTypes.RECORD_COMPETITOR_RESULT, JobFinished.COMPLETED));
    prepared.stop();

    assertThat(made).isEmpty();
    prepared.of("run-1", ACME, ANALYSED);
    assertThat(made).containsExactly("run-1/acme/done: 3 findings");
  }

  private static JobFinished finished(String jobType, String outcome) {
    return new JobFinished("run-1", 1L, jobType, "competitor-research", "acme", RunPhase.RESEARCH, outcome, Map.of(),
        Instant.now(), Duration.ofMillis(3));
  }
}
