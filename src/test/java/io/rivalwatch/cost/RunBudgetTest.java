package io.rivalwatch.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.planning.RunSettings;
import io.rivalwatch.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget arithmetic and its steps, on a real (file) artefact store and ledger. */
class RunBudgetTest {

  /** USD 1 per million input tokens and per million output tokens: 10 000 tokens cost a cent. */
  private static final ModelPrice BIG = new ModelPrice("big", 1.0, 1.0, 0, 0);
  private static final ModelPrice SMALL = new ModelPrice("small", 0.1, 0.1, 0, 0);
  private static final String RUN = "run-budget";

  @TempDir Path root;
  private FileArtefactStore store;
  private ArtefactJson json;
  private ModelUsageLedger ledger;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final io.rivalwatch.observability.RunMetrics metrics = new io.rivalwatch.observability.RunMetrics(meters);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));

  @BeforeEach
  void setUp() {
    store = new FileArtefactStore(root);
    json = new ArtefactJson(store);
    ledger = new ModelUsageLedger(json, store, new CostProperties(List.of(BIG, SMALL)), metrics);
  }

  /** A budget of the given amount per run (null: none) from the run configuration, application defaults otherwise. */
  private RunBudget budget(Double perRun, Double applicationDefault) {
    json.createIfAbsent(ArtefactKeys.runConfiguration(RUN),
        new RunConfiguration(new RunSettings(0, 1, 1, 500, List.of(), 0.5, false, perRun, null), List.of()));
    PlanningService planning = new PlanningService(null, json, null, null, clock);
    return new RunBudget(ledger, json, store, planning,
        new CostProperties(List.of(BIG, SMALL), applicationDefault, null, null, null), metrics, clock);
  }

  /** Records a call of {@code big} costing the given amount. */
  private void spend(double usd) {
    long tokens = Math.round(usd * 1_000_000);
    ledger.record(new ModelCall(RUN, "analysis", "strategy", "acme", "big", tokens, 0, 0, 0, 10, clock.instant()));
    clock.advance(Duration.ofSeconds(1));
  }

  @Test
  void withoutABudgetNothingIsCheckedAndNothingIsWritten() {
    RunBudget budget = budget(null, null);
    spend(5.0);

    assertThat(budget.beforeAnalysis(RUN, "acme", "strategy", Optional.of("small"))).isEmpty();
    try (RunBudget.Admission call = budget.admit(RUN, "strategy", "big", 4_000_000, 100_000)) {
      assertThat(call).isSameAs(RunBudget.Admission.NONE);
    }
    assertThat(store.list(RUN)).noneMatch(k -> k.phase().equals(ArtefactKeys.BUDGET));
    assertThat(new BudgetReport(ledger, budget).summary(RUN).limited()).isFalse();
    assertThat(new BudgetReport(ledger, budget).summary(RUN).spentUsd()).isEqualTo(5.0);
    assertThat(new BudgetReport(ledger, budget).status(RUN)).isEmpty();
  }

  @Test
  void stepsFollowTheShareSpent() {
    BudgetPolicy policy = new BudgetPolicy(2.0, 0.6, 0.8, List.of("strategy"));
    assertThat(policy.stepAt(0)).isEqualTo(BudgetStep.NORMAL);
    assertThat(policy.stepAt(1.19)).isEqualTo(BudgetStep.NORMAL);
    assertThat(policy.stepAt(1.2)).isEqualTo(BudgetStep.CHEAPER_MODEL);
    assertThat(policy.stepAt(1.6)).isEqualTo(BudgetStep.SKIP_OPTIONAL);
    assertThat(policy.stepAt(2.0)).isEqualTo(BudgetStep.STOPPED);
    assertThat(BudgetPolicy.none().stepAt(1e9)).isEqualTo(BudgetStep.NORMAL);
  }

  @Test
  void theRunConfigurationsBudgetWinsOverTheApplicationDefaultAndIsFrozenAtFirstUse() {
    assertThat(budget(null, 3.0).policy(RUN).limitUsd()).isEqualTo(3.0);
    // frozen: a later change of the application default does not move this run's budget
    assertThat(budget(null, 9.0).policy(RUN).limitUsd()).isEqualTo(3.0);

    store = new FileArtefactStore(root.resolve("other"));
    json = new ArtefactJson(store);
    ledger = new ModelUsageLedger(json, store, new CostProperties(List.of(BIG, SMALL)), metrics);
    assertThat(budget(0.5, 3.0).policy(RUN).limitUsd()).isEqualTo(0.5);
  }

  @Test
  void pastTheFirstThresholdAnalysesUseTheCheaperModel() {
    RunBudget budget = budget(1.0, null);
    spend(0.59);
    assertThat(budget.beforeAnalysis(RUN, "acme", "strategy", Optional.of("small"))).isEmpty();

    spend(0.02);
    Optional<BudgetEvent> cheaper = budget.beforeAnalysis(RUN, "globex", "strategy", Optional.of("small"));

    assertThat(cheaper).get().satisfies(e -> {
      assertThat(e.modelId()).isEqualTo("small");
      assertThat(e.reason()).isEqualTo("budget 61 % spent");
    });
    // an analyser with no cheaper model goes on as it is
    assertThat(budget.beforeAnalysis(RUN, "globex", "sentiment", Optional.empty())).isEmpty();
    // a retried job follows the first decision, however much has been spent since
    spend(0.3);
    assertThat(budget.beforeAnalysis(RUN, "globex", "strategy", Optional.of("small"))).isEqualTo(cheaper);
    assertThat(meters.counter("rivalwatch.budget.steps", "step", "cheaper_model").count()).isEqualTo(1);
  }

  @Test
  void pastTheSecondThresholdOptionalAnalysesAreSkippedAndEssentialOnesRunCheaper() {
    RunBudget budget = budget(1.0, null);
    spend(0.82);

    assertThatThrownBy(() -> budget.beforeAnalysis(RUN, "acme", "strategy", Optional.of("small")))
        .isInstanceOfSatisfying(BudgetSpentException.class, e -> assertThat(e.status())
            .startsWith("skipped: budget 82 % spent (USD 0.8200 of 1.0000): strategy is optional"));
    assertThatThrownBy(() -> budget.beforeAnalysis(RUN, "initech", "positioning", Optional.of("small")))
        .isInstanceOf(BudgetSpentException.class);
    assertThat(budget.beforeAnalysis(RUN, "acme", "sentiment", Optional.of("small"))).isPresent();

    assertThat(meters.counter("rivalwatch.analyses", "kind", "strategy", "outcome", "skipped_budget").count())
        .isEqualTo(1);
    assertThat(new BudgetReport(ledger, budget).summary(RUN).steps()).anySatisfy(s -> assertThat(s)
        .startsWith("skipped strategy/positioning for acme, initech at 82 % of the budget"));
  }

  @Test
  void aCallThatWouldOverspendIsNotMadeAndNoCallIsMadeAfterTheStop() {
    RunBudget budget = budget(1.0, null);
    spend(0.5);

    // 400 000 characters (~100 000 tokens) in, up to 500 000 out: about USD 0.60 on "big", more than is left
    assertThatThrownBy(() -> budget.admit(RUN, "synthesis", "big", 400_000, 500_000))
        .isInstanceOfSatisfying(BudgetSpentException.class, e -> assertThat(e.getMessage())
            .contains("model calls stopped at 50 % of the budget")
            .contains("the next synthesis call to big (about USD 0.6000) would have taken the run past its budget"));
    assertThat(budget.stopped(RUN)).isTrue();
    // the stop is final: not even a call that would fit is made, and analyses are skipped
    assertThatThrownBy(() -> budget.admit(RUN, "sentiment", "small", 40, 10)).isInstanceOf(BudgetSpentException.class);
    assertThatThrownBy(() -> budget.beforeAnalysis(RUN, "acme", "sentiment", Optional.of("small")))
        .isInstanceOfSatisfying(BudgetSpentException.class, e -> assertThat(e.event().step()).isEqualTo("stopped"));
    assertThat(meters.counter("rivalwatch.budget.steps", "step", "stopped").count()).isEqualTo(1);
    assertThat(new BudgetReport(ledger, budget).summary(RUN).steps()).singleElement().satisfies(s -> assertThat(s)
        .startsWith("stopped model calls at 50 % of the budget (02:00:01 UTC)")
        .endsWith("not analysed after the stop: sentiment for acme"));
  }

  @Test
  void callsStillRunningCountAtTheirEstimate() {
    RunBudget budget = budget(1.0, null);

    // about USD 0.70 admitted and not yet recorded
    RunBudget.Admission first = budget.admit(RUN, "strategy", "big", 2_000_000, 200_000);
    assertThat(budget.spentUsd(RUN)).isEqualTo(0.7, org.assertj.core.api.Assertions.within(1e-9));
    assertThatThrownBy(() -> budget.admit(RUN, "positioning", "big", 1_200_000, 100_000))
        .isInstanceOf(BudgetSpentException.class);
    first.close();
    assertThat(budget.spentUsd(RUN)).isZero();
  }

  @Test
  void theSummarySaysWhatWasSpentAndEachStepInOrder() {
    RunBudget budget = budget(1.0, null);
    spend(0.61);
    budget.beforeAnalysis(RUN, "acme", "strategy", Optional.of("small"));
    spend(0.21);
    assertThatThrownBy(() -> budget.beforeAnalysis(RUN, "acme", "positioning", Optional.of("small")))
        .isInstanceOf(BudgetSpentException.class);
    spend(0.18);
    assertThatThrownBy(() -> budget.beforeAnalysis(RUN, "globex", "sentiment", Optional.of("small")))
        .isInstanceOf(BudgetSpentException.class);

    BudgetSummary summary = new BudgetReport(ledger, budget).summary(RUN);
    assertThat(summary.limitUsd()).isEqualTo(1.0);
    assertThat(summary.spentUsd()).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(new BudgetReport(ledger, budget).status(RUN)).hasValue("USD 1.0000 of 1.0000 spent (100 %): stopped model calls");
    assertThat(summary.steps()).containsExactly(
        "switched analyses to small at 61 % of the budget (02:00:01 UTC)",
        "skipped positioning for acme at 82 % of the budget (02:00:02 UTC)",
        "stopped model calls at 100 % of the budget (02:00:03 UTC): the budget is spent; not analysed after the stop:"
            + " sentiment for globex");
  }

  @Test
  void modelMetricsCarryOnlyModelAndPhase() {
    spend(0.25);
    ledger.failed("analysis", "big");

    assertThat(meters.get("rivalwatch.model.calls").tags("model", "big", "phase", "analysis", "outcome", "success")
        .counter().count()).isEqualTo(1);
    assertThat(meters.get("rivalwatch.model.calls").tags("outcome", "failed").counter().count()).isEqualTo(1);
    assertThat(meters.get("rivalwatch.model.tokens").tags("kind", "input").counter().count()).isEqualTo(250_000);
    assertThat(meters.get("rivalwatch.model.cost").tags("model", "big", "phase", "analysis").counter().count())
        .isEqualTo(0.25, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(meters.get("rivalwatch.model.cost").counter().getId().getBaseUnit()).isEqualTo("usd");
    meters.getMeters().stream().filter(m -> m.getId().getName().startsWith("rivalwatch.model."))
        .forEach(m -> assertThat(m.getId().getTags()).extracting(t -> t.getKey())
            .isSubsetOf("model", "phase", "outcome", "kind"));
  }

  @Test
  void badBudgetSettingsNameThePropertyAndTheFix() {
    assertThatThrownBy(() -> new CostProperties(List.of(), -1.0, null, null, null))
        .hasMessageContaining("rivalwatch.cost.run-budget-usd must be above 0").hasMessageContaining("Fix:");
    assertThatThrownBy(() -> new CostProperties(List.of(), 1.0, 0.9, 0.8, null))
        .hasMessageContaining("rivalwatch.cost.cheaper-model-at (0.9) and rivalwatch.cost.skip-optional-at (0.8)");
    assertThatThrownBy(() -> new CostProperties(List.of(), 1.0, null, null, List.of("summary")))
        .hasMessageContaining("optional-analyses names 'summary'");
  }
}
