package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.analysis.AnalysisProvenance;
import io.rivalwatch.cost.BudgetEvent;
import io.rivalwatch.cost.BudgetStep;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.cost.BudgetRecords;
import io.rivalwatch.cost.RunBudget;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.outcome.RunRecord;
import io.rivalwatch.synthesis.WrittenReports;
import io.rivalwatch.testsupport.CloudFakes;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The per-run budget with the aws profile, against the Bedrock fake: a run with a tiny budget
 * ({@code runs/tiny-budget.yaml}, USD 0.04) degrades, then stops spending, and says so in its report; a run without
 * one is not touched.
 *
 * <p>The prices are the test's own (USD 3.5 per million tokens for the large model, 1.2 for the cheaper one, in and
 * out alike), so that, with the fake's answers of about 3 100 input and 520 output tokens per analysis, two analyses
 * on the large model take the run past 60 % (about 64 %) and one does not, two more on the cheaper model past 80 %
 * (about 85 %) and one does not, and the executive summary would overspend. The prompts carry no memory context: the
 * run's ids are its own, so no earlier run left notes, and the run's own notes are not "earlier runs". Sentiment
 * also runs on the large model here, so every analysis has a cheaper model to switch to. One execution thread
 * makes the jobs run one after another, so each check sees every call before it recorded (with
 * several, calls admitted at the same moment by other workers are only seen at their estimate).
 */
@ActiveProfiles("aws")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RunBudgetOnAwsTest extends ProcessTestBase {

  private static final String LARGE = BedrockFake.CLAUDE_SONNET;
  private static final String CHEAPER = BedrockFake.NOVA_LITE;
  private static final Set<String> ANALYSES = Set.of("sentiment", "strategy", "positioning");

  static {
    OVERRIDES.put("camunda.client.execution-threads", 1);
    // the one thread above, not a virtual thread per job
    OVERRIDES.put("rivalwatch.concurrency.handler-threads", "pool");
    OVERRIDES.put("rivalwatch.bedrock.tasks.sentiment.model-id", LARGE);
    OVERRIDES.put("rivalwatch.bedrock.cheaper-model-id", CHEAPER);
    OVERRIDES.put("rivalwatch.cost.prices[0].model", LARGE);
    OVERRIDES.put("rivalwatch.cost.prices[0].input-per-million", 3.5);
    OVERRIDES.put("rivalwatch.cost.prices[0].output-per-million", 3.5);
    OVERRIDES.put("rivalwatch.cost.prices[1].model", CHEAPER);
    OVERRIDES.put("rivalwatch.cost.prices[1].input-per-million", 1.2);
    OVERRIDES.put("rivalwatch.cost.prices[1].output-per-million", 1.2);
  }

  private final CloudFakes cloud = CloudFakes.shared();
  @Autowired ModelUsageLedger ledger;
  @Autowired BudgetRecords budgetRecords;
  @Autowired io.rivalwatch.research.CompetitorResults competitorResults;
  @Autowired ArtefactJson json;
  @Autowired ArtefactStore store;
  @Autowired WrittenReports reports;
  @Autowired io.rivalwatch.planning.PlanningService planning;

  @DynamicPropertySource
  static void pointAtCloudFakes(DynamicPropertyRegistry registry) {
    CloudFakes.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  @Test
  void aRunWithATinyBudgetDegradesThenStopsSpendingAndSaysSoInItsReport() {
    int before = cloud.bedrock().runtimeCalls().size();
    long run = runApproved("tiny-budget");
    String runId = runId(run);
    List<BedrockFake.Call> calls = calls(before);

    // it still reaches review and delivery, with what was done
    assertThat(records.completedElements(run)).contains("UserTask_ReviewReport", "EndEvent_ReportDelivered");
    assertThat(records.incidents(run)).isEmpty();

    // degraded: the first analyses on the large model, later ones on the cheaper model
    List<String> analysisModels = calls.stream().filter(c -> ANALYSES.contains(c.task()))
        .map(BedrockFake.Call::modelId).toList();
    assertThat(analysisModels).hasSizeGreaterThanOrEqualTo(4);
    assertThat(analysisModels.subList(0, 2)).containsOnly(LARGE);
    assertThat(analysisModels.subList(2, analysisModels.size())).containsOnly(CHEAPER);

    // stopped: no model call after the stop, the summary not written by a model, the budget not overspent
    BudgetEvent stop = json.require(ArtefactKeys.budgetStep(runId, BudgetStep.STOPPED.id()),
        BudgetEvent.class);
    List<ModelCall> recorded = ledger.calls(runId);
    assertThat(recorded).hasSize(calls.size());
    assertThat(recorded).allSatisfy(c -> assertThat(c.calledAt()).isBeforeOrEqualTo(stop.at()));
    assertThat(calls).noneMatch(c -> c.operation().equals("ConverseStream"));
    assertThat(ledger.cost(runId).costUsd()).isLessThanOrEqualTo(0.04);

    // every analysis is done or skipped for the budget, visible per analysis in each competitor's result
    String results = competitorResults.of(runId).toString();
    assertThat(results).contains("with " + CHEAPER + " (budget ").contains("skipped: budget ");

    // an analysis made on the cheaper model to save money is not the one the next run reuses
    List<BudgetEvent> cheaper = budgetRecords.events(runId).stream()
        .filter(e -> e.competitorId() != null && e.is(BudgetStep.CHEAPER_MODEL)).toList();
    assertThat(cheaper).isNotEmpty();
    for (BudgetEvent e : cheaper) {
      assertThat(json.readCurrent(ArtefactKeys.reuseIndex(planning.scope(runId).historyArea(), e.competitorId(), e.task()),
          AnalysisProvenance.class).map(AnalysisProvenance::runId)).isNotEqualTo(java.util.Optional.of(runId));
    }

    // Operate shows where the budget went
    assertThat(records.rootVariables(run).get("budgetStatus"))
        .matches("\"USD 0\\.0\\d{3} of 0\\.0400 spent \\(\\d+ %\\): stopped model calls\"");

    // the report says so, in its footer and in what is missing
    String report = new String(store.read(ArtefactKey.parse(reports.latest(runId).orElseThrow().reportRef()))
        .orElseThrow(), StandardCharsets.UTF_8);
    assertThat(report)
        .contains("Budget: USD 0.0400 for this run; spent USD ")
        .contains("- switched analyses to " + CHEAPER + " at ")
        .contains("- stopped model calls at ")
        .contains("Executive summary: not written by a model, budget spent: model calls stopped at ")
        .doesNotContain("## Executive summary");
    assertThat(report).containsPattern("analysis missing, skipped: budget \\d+ % spent");

    // and so does the run record
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.budget().limitUsd()).isEqualTo(0.04);
    assertThat(record.budget().spentUsd()).isEqualTo(record.modelUsage().costUsd());
    assertThat(record.budget().steps()).anySatisfy(s -> assertThat(s).startsWith("switched analyses to " + CHEAPER))
        .anySatisfy(s -> assertThat(s).startsWith("stopped model calls at "));
    assertThat(record.modelUsage().lines()).extracting(l -> l.modelId()).contains(LARGE, CHEAPER);
  }

  @Test
  void withoutABudgetNothingChanges() {
    int before = cloud.bedrock().runtimeCalls().size();
    long run = runApproved("acme-only");
    String runId = runId(run);
    List<BedrockFake.Call> calls = calls(before);

    assertThat(calls).filteredOn(c -> ANALYSES.contains(c.task())).extracting(BedrockFake.Call::modelId)
        .hasSize(3).containsOnly(LARGE);
    assertThat(calls).filteredOn(c -> c.operation().equals("ConverseStream")).hasSize(1);
    assertThat(store.list(runId)).noneMatch(k -> k.phase().equals(ArtefactKeys.BUDGET));
    assertThat(records.rootVariables(run)).doesNotContainKey("budgetStatus");
    String report = new String(store.read(ArtefactKey.parse(reports.latest(runId).orElseThrow().reportRef()))
        .orElseThrow(), StandardCharsets.UTF_8);
    assertThat(report).contains("## Executive summary").doesNotContain("Budget:").doesNotContain("skipped: budget");
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.budget().limited()).isFalse();
    assertThat(record.budget().steps()).isEmpty();
  }

  private List<BedrockFake.Call> calls(int from) {
    List<BedrockFake.Call> all = cloud.bedrock().runtimeCalls();
    return all.subList(from, all.size());
  }
}
