package io.rivalwatch.workflow;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drives {@code bpmn/competitor-research.bpmn} on the embedded engine with hand-completed jobs, no application
 * code: the paths of one competitor's research as docs/process.md describes them.
 */
@ZeebeProcessTest
class CompetitorResearchModelTest {

  static final List<String> GATHER_JOBS =
      List.of(
          JobTypes.GATHER_WEBSITE,
          JobTypes.GATHER_NEWS,
          JobTypes.GATHER_SOCIAL,
          JobTypes.GATHER_MARKET_DATA);

  private ZeebeTestEngine engine;
  private ZeebeClient client;
  private JobDriver jobs;

  @BeforeEach
  void deploy() {
    jobs = new JobDriver(engine, client);
    EmbeddedEngineModels.deployForEmbeddedEngine(client);
  }

  private ProcessInstanceEvent startResearch() {
    final ProcessInstanceEvent instance =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("competitor-research")
            .latestVersion()
            .variables(Map.of("runId", "run-1", "competitorId", "acme"))
            .send()
            .join();
    jobs.waitForIdle();
    return instance;
  }

  /**
   * Completes the round's four gather jobs; the last also carries the round's judgement, as the gathering that finds
   * the round's sources all stored does (there is no sufficiency job: issue 14, ADR 0033).
   */
  private List<ActivatedJob> gatherRoundJudged(
      final int round, final String decision, final int nextRound, final String note) {
    final List<ActivatedJob> done = new java.util.ArrayList<>();
    for (final String type : GATHER_JOBS) {
      final Map<String, Object> variables = new java.util.HashMap<>(Map.of(statusVariable(type), "ok: round " + round));
      if (type.equals(GATHER_JOBS.getLast())) {
        variables.putAll(Map.of("researchDecision", decision, "researchRound", nextRound, "researchNote", note));
      }
      done.add(jobs.complete(type, variables));
    }
    return done;
  }

  static String statusVariable(final String gatherJobType) {
    return switch (gatherJobType) {
      case JobTypes.GATHER_WEBSITE -> "websiteStatus";
      case JobTypes.GATHER_NEWS -> "newsStatus";
      case JobTypes.GATHER_SOCIAL -> "socialStatus";
      default -> "marketStatus";
    };
  }

  /** Completes the end listener that records the competitor's result; returns the variables it was given. */
  private Map<String, Object> recordResult() {
    return jobs.complete(JobTypes.RECORD_COMPETITOR_RESULT, Map.of()).getVariablesAsMap();
  }

  private void analyseAll() {
    jobs.complete(JobTypes.ANALYSE_SENTIMENT, Map.of("sentimentStatus", "ok"));
    jobs.complete(JobTypes.ANALYSE_STRATEGY, Map.of("strategyStatus", "ok"));
    jobs.complete(JobTypes.ANALYSE_POSITIONING, Map.of("positioningStatus", "ok"));
  }

  @Test
  void gathersFourSourcesInParallelThenGathersMoreThenAnalyses() {
    final ProcessInstanceEvent instance = startResearch();

    // round 0: all four gather jobs are open at once and see the run, the competitor and no round yet
    final List<ActivatedJob> firstRound = GATHER_JOBS.stream().map(jobs::single).toList();
    assertThat(firstRound)
        .allSatisfy(
            job -> {
              assertThat(job.getVariablesAsMap())
                  .containsEntry("runId", "run-1")
                  .containsEntry("competitorId", "acme")
                  .doesNotContainKey("researchRound");
            });
    // the first gathering to finish judges the round here: whichever finds the round complete decides
    jobs.complete(firstRound.getFirst(), Map.of(statusVariable(firstRound.getFirst().getType()), "ok: round 0",
        "researchDecision", "gather-more", "researchRound", 1, "researchNote", "news is thin"));
    firstRound.subList(1, firstRound.size())
        .forEach(job -> jobs.complete(job, Map.of(statusVariable(job.getType()), "ok: round 0")));

    // round 1: the four gather tasks again, with the round the judgement set
    final List<ActivatedJob> secondRound = gatherRoundJudged(1, "sufficient", 1, "enough after round 1");
    assertThat(secondRound).allSatisfy(job -> assertThat(job.getVariablesAsMap()).containsEntry("researchRound", 1));
    assertThat(secondRound.getLast().getVariablesAsMap())
        .as("the previous round's judgement is what the process holds until this round's")
        .containsEntry("researchDecision", "gather-more")
        .containsEntry("websiteStatus", "ok: round 1");
    analyseAll();

    // the competitor ends only once its result is recorded, from its own final variables
    assertThat(instance).isNotCompleted();
    assertThat(recordResult())
        .containsEntry("runId", "run-1")
        .containsEntry("competitorId", "acme")
        .containsEntry("researchDecision", "sufficient")
        .containsEntry("researchNote", "enough after round 1")
        .containsEntry("sentimentStatus", "ok")
        .containsEntry("strategyStatus", "ok")
        .containsEntry("positioningStatus", "ok");
    assertThat(instance)
        .isCompleted()
        .hasPassedElement("Task_GatherNews", 2)
        .hasPassedElement("Gateway_ResearchDecision", 2)
        // each analysis ends its own branch; the competitor ends when all three have (no join gateway: issue 14)
        .hasPassedElement("EndEvent_SentimentAnalysed")
        .hasPassedElement("EndEvent_StrategyAnalysed")
        .hasPassedElement("EndEvent_PositioningAnalysed")
        .hasNotPassedElement("EndEvent_CompetitorSkipped")
        .hasVariableWithValue("researchDecision", "sufficient")
        .hasVariableWithValue("sentimentStatus", "ok")
        .hasVariableWithValue("strategyStatus", "ok")
        .hasVariableWithValue("positioningStatus", "ok");
  }

  @Test
  void skipEndsTheCompetitorWithoutAnalysis() {
    final ProcessInstanceEvent instance = startResearch();
    gatherRoundJudged(0, "skip", 0, "no public sources");

    jobs.assertNoJob(JobTypes.ANALYSE_SENTIMENT);
    jobs.assertNoJob(JobTypes.ANALYSE_STRATEGY);
    jobs.assertNoJob(JobTypes.ANALYSE_POSITIONING);
    assertThat(recordResult()).containsEntry("researchDecision", "skip").doesNotContainKey("sentimentStatus");
    assertThat(instance)
        .isCompleted()
        .hasPassedElement("EndEvent_CompetitorSkipped")
        .hasNotPassedElement("EndEvent_SentimentAnalysed")
        .hasNotPassedElement("EndEvent_StrategyAnalysed")
        .hasNotPassedElement("EndEvent_PositioningAnalysed");
  }

  @ParameterizedTest(name = "{0} throws {1}")
  @CsvSource({
    "rivalwatch-analyse-sentiment, ANALYSIS_FAILED, BoundaryEvent_SentimentFailed, sentimentStatus, failed: model refused",
    "rivalwatch-analyse-strategy, ANALYSIS_FAILED, BoundaryEvent_StrategyFailed, strategyStatus, failed: model refused",
    "rivalwatch-analyse-positioning, ANALYSIS_FAILED, BoundaryEvent_PositioningFailed, positioningStatus, "
        + "failed: model refused",
    "rivalwatch-analyse-sentiment, BUDGET_SPENT, BoundaryEvent_SentimentBudgetSpent, sentimentStatus, "
        + "skipped: budget 82 % spent",
    "rivalwatch-analyse-strategy, BUDGET_SPENT, BoundaryEvent_StrategyBudgetSpent, strategyStatus, "
        + "skipped: budget 82 % spent",
    "rivalwatch-analyse-positioning, BUDGET_SPENT, BoundaryEvent_PositioningBudgetSpent, positioningStatus, "
        + "skipped: budget 82 % spent"
  })
  void aFailedOrBudgetSkippedAnalysisMarksOnlyItselfAndCarriesItsStatus(final String jobType, final String errorCode,
      final String boundaryEvent, final String statusVariable, final String status) {
    final ProcessInstanceEvent instance = startResearch();
    gatherRoundJudged(0, "sufficient", 0, "ok");

    jobs.throwError(jobType, errorCode, Map.of(statusVariable, status));
    completeTheOtherAnalyses(jobType);
    assertThat(recordResult()).containsEntry(statusVariable, status);

    assertThat(instance)
        .isCompleted()
        .hasPassedElement(boundaryEvent)
        // the branch ends at its own end event ("... failed" or "... skipped: budget spent"), the others as analysed
        .hasPassedElement(boundaryEvent.replace("BoundaryEvent_", "EndEvent_").replace("BudgetSpent", "SkippedForBudget"))
        .hasNotPassedElement(boundaryEvent.replace("BoundaryEvent_", "EndEvent_").replaceAll("(Failed|BudgetSpent)$",
            "Analysed"))
        .hasVariableWithValue(statusVariable, status);
    assertThat(jobs.rootVariable(instance.getProcessInstanceKey(), statusVariable)).isEqualTo(status);
  }

  @ParameterizedTest(name = "{1} without a status marks {3} \"{4}\"")
  @CsvSource({
    "rivalwatch-analyse-positioning, ANALYSIS_FAILED, BoundaryEvent_PositioningFailed, positioningStatus, failed",
    "rivalwatch-analyse-strategy, BUDGET_SPENT, BoundaryEvent_StrategyBudgetSpent, strategyStatus, "
        + "skipped: budget spent"
  })
  void anErrorWithoutAStatusGetsTheBoundaryEventsOwn(final String jobType, final String errorCode,
      final String boundaryEvent, final String statusVariable, final String status) {
    final ProcessInstanceEvent instance = startResearch();
    gatherRoundJudged(0, "sufficient", 0, "ok");

    jobs.throwError(jobType, errorCode, Map.of());
    completeTheOtherAnalyses(jobType);
    assertThat(recordResult()).containsEntry(statusVariable, status);

    assertThat(instance).isCompleted().hasPassedElement(boundaryEvent);
    assertThat(jobs.rootVariable(instance.getProcessInstanceKey(), statusVariable)).isEqualTo(status);
  }

  private void completeTheOtherAnalyses(final String jobType) {
    for (final String other :
        List.of(JobTypes.ANALYSE_SENTIMENT, JobTypes.ANALYSE_STRATEGY, JobTypes.ANALYSE_POSITIONING)) {
      if (!other.equals(jobType)) {
        jobs.complete(other, Map.of(statusVariableOfAnalysis(other), "ok"));
      }
    }
  }

  private static String statusVariableOfAnalysis(final String jobType) {
    return switch (jobType) {
      case JobTypes.ANALYSE_SENTIMENT -> "sentimentStatus";
      case JobTypes.ANALYSE_STRATEGY -> "strategyStatus";
      default -> "positioningStatus";
    };
  }
}
