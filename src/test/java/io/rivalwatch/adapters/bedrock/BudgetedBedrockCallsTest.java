package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.cost.BudgetEvent;
import io.rivalwatch.cost.BudgetSpentException;
import io.rivalwatch.cost.CostProperties;
import io.rivalwatch.cost.ModelCallAdmission;
import io.rivalwatch.cost.ModelPrice;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.cost.RunBudget;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.planning.RunSettings;
import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Bedrock adapter under a run's budget, against the fake: the cheaper model, and calls that are not made. */
class BudgetedBedrockCallsTest {

  private static final String RUN = BedrockTestRig.RUN;

  @TempDir Path artefacts;
  private BedrockFake fake;
  private BedrockModelClient client;
  private BedrockProperties properties;
  private ModelUsageLedger ledger;

  /** A client whose runs have the given budget, with the large model at USD 3 / 15 per million tokens. */
  private void start(double budgetUsd) {
    BedrockFake.useDummyCredentials();
    fake = BedrockFake.start();
    properties = BedrockProperties.defaults().withEndpoints(URI.create(fake.baseUrl()), URI.create(fake.baseUrl()));
    FileArtefactStore store = new FileArtefactStore(artefacts);
    ArtefactJson json = new ArtefactJson(store);
    CostProperties cost = new CostProperties(List.of(new ModelPrice(BedrockFake.CLAUDE_SONNET, 3, 15, 0, 0),
        new ModelPrice(BedrockFake.NOVA_LITE, 0.06, 0.24, 0, 0)), null, null, null, null);
    ledger = new ModelUsageLedger(json, store, cost);
    json.createIfAbsent(ArtefactKeys.runConfiguration(RUN),
        new RunConfiguration(new RunSettings(0, 1, 1, 500, List.of(), 0.5, false, budgetUsd, null), List.of()));
    RunBudget budget = new RunBudget(ledger, json, store, new PlanningService(null, json, null, null,
        Clock.systemUTC()), cost,
        new io.rivalwatch.observability.RunMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
    client = BedrockModelClient.create(properties, ledger, Clock.systemUTC(), OutsideServices.standalone(),
        new ModelRateLimiter(new ResilienceProperties(null, null, null,
            new ResilienceProperties.ModelRateLimit(1_000_000, 1_000_000_000, null)), new SimpleMeterRegistry()),
        budget);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    fake.close();
  }

  @Test
  void theBudgetsCheaperModelAnswersWithTheSamePrompt() {
    start(10.0);
    BedrockAnalyser analyser = new BedrockAnalyser(client, new PromptLibrary(), properties);
    AnalysisInput acme = BedrockTestRig.acme();
    AnalysisInput cheaper = new AnalysisInput(acme.runId(), acme.competitorId(), acme.competitorName(),
        acme.documents(), acme.memory(), true);

    assertThat(analyser.cheaperModel(AnalysisKind.STRATEGY)).hasValue(BedrockFake.NOVA_LITE);
    // sentiment already runs on the cheaper model: nothing to switch to
    assertThat(analyser.cheaperModel(AnalysisKind.SENTIMENT)).isEmpty();
    var result = analyser.analyse(AnalysisKind.STRATEGY, cheaper);

    assertThat(fake.calls(BedrockFake.NOVA_LITE)).singleElement().satisfies(c -> assertThat(c.task())
        .isEqualTo("strategy"));
    assertThat(fake.calls(BedrockFake.CLAUDE_SONNET)).isEmpty();
    assertThat(result.producedBy()).startsWith("bedrock " + BedrockFake.NOVA_LITE + ", prompt strategy.v1");
  }

  @Test
  void aCallThatWouldOverspendIsNeverSent() {
    // the strategy call alone may produce 3000 output tokens: USD 0.045 on the large model, above the budget
    start(0.01);
    BedrockAnalyser analyser = new BedrockAnalyser(client, new PromptLibrary(), properties);

    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme()))
        .isInstanceOf(BudgetSpentException.class)
        .hasMessageContaining("would have taken the run past its budget");
    assertThat(fake.runtimeCalls()).isEmpty();
    assertThat(ledger.calls(RUN)).isEmpty();
  }

  @Test
  void theBudgetIsAskedBeforeTheRateLimitSoARefusedCallTakesNoPermit() {
    BedrockFake.useDummyCredentials();
    fake = BedrockFake.start();
    properties = BedrockProperties.defaults().withEndpoints(URI.create(fake.baseUrl()), URI.create(fake.baseUrl()));
    FileArtefactStore store = new FileArtefactStore(artefacts);
    ledger = new ModelUsageLedger(new ArtefactJson(store), store, new CostProperties(List.of()));
    // the first call is refused by the budget, the second admitted; the limit lets one request a minute through
    AtomicInteger asked = new AtomicInteger();
    ModelCallAdmission refuseFirst = (runId, task, modelId, characters, maxTokens) -> {
      if (asked.incrementAndGet() == 1) {
        throw new BudgetSpentException(new BudgetEvent("stopped", null, task, null, 1, 1, "budget spent",
            Instant.now()));
      }
      return ModelCallAdmission.Admission.NONE;
    };
    client = BedrockModelClient.create(properties, ledger, Clock.systemUTC(), OutsideServices.standalone(),
        new ModelRateLimiter(new ResilienceProperties(null, null, null,
            new ResilienceProperties.ModelRateLimit(1, 1_000_000_000, Duration.ofMillis(100))),
            new SimpleMeterRegistry()),
        refuseFirst);
    BedrockAnalyser analyser = new BedrockAnalyser(client, new PromptLibrary(), properties);

    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()))
        .isInstanceOf(BudgetSpentException.class);
    analyser.analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme());

    assertThat(asked).hasValue(2);
    assertThat(fake.runtimeCalls()).hasSize(1);
  }
}
