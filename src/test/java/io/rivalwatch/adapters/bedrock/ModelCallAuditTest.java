package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.offline.OfflineAnalyser;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.cost.BudgetEvent;
import io.rivalwatch.cost.BudgetSpentException;
import io.rivalwatch.cost.CostProperties;
import io.rivalwatch.cost.ModelCallAdmission;
import io.rivalwatch.cost.ModelCallAudit;
import io.rivalwatch.cost.ModelCallAudit.Outcome;
import io.rivalwatch.cost.ModelCallAuditLog;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.fakes.BedrockFake.Fault;
import io.rivalwatch.planning.RunPinning.RunOrigin;
import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import io.rivalwatch.synthesis.ExtractiveExecutiveSummary;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-call audit at the adapter, against the Bedrock fake: the calls the process test does not meet (one
 * refused by the budget before it was sent, a stream cut off, the offline analyser as the chain's last link).
 */
class ModelCallAuditTest {

  private static final String RUN = BedrockTestRig.RUN;

  @TempDir static Path artefacts;
  private static BedrockFake fake;
  private static BedrockModelClient client;
  private static BedrockProperties properties;
  private static ModelCallAuditLog audit;
  private static BedrockRunPins pins;
  private static final AtomicBoolean budgetSpent = new AtomicBoolean();

  /** One fake and client for the class (starting them takes seconds); each test starts with an empty store. */
  @BeforeAll
  static void start() {
    BedrockFake.useDummyCredentials();
    fake = BedrockFake.start();
    properties = BedrockProperties.defaults().withEndpoints(URI.create(fake.baseUrl()), URI.create(fake.baseUrl()))
        .withFallback(new BedrockProperties.Fallback(null, null, null, null, Duration.ZERO, null, true));
    FileArtefactStore store = new FileArtefactStore(artefacts);
    ArtefactJson json = new ArtefactJson(store);
    ModelUsageLedger ledger = new ModelUsageLedger(json, store, new CostProperties(List.of()));
    audit = new ModelCallAuditLog(json, store);
    pins = new BedrockRunPins(properties, new PromptLibrary(), json, Clock.systemUTC());
    ModelCallAdmission budget = (runId, task, modelId, characters, maxTokens) -> {
      if (budgetSpent.get()) {
        throw new BudgetSpentException(new BudgetEvent("stopped", null, task, null, 1, 1, "budget spent",
            Instant.now()));
      }
      return ModelCallAdmission.Admission.NONE;
    };
    client = BedrockModelClient.create(properties, ledger, Clock.systemUTC(), OutsideServices.standalone(),
        new ModelRateLimiter(new ResilienceProperties(null, null, null,
            new ResilienceProperties.ModelRateLimit(1_000_000, 1_000_000_000, null)), new SimpleMeterRegistry()),
        budget, audit, pins);
  }

  @BeforeEach
  void emptyRun() throws java.io.IOException {
    budgetSpent.set(false);
    fake.reset();
    Path run = artefacts.resolve(RUN);
    if (java.nio.file.Files.exists(run)) {
      try (var paths = java.nio.file.Files.walk(run)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    pins.pin(RUN, new RunOrigin("acme-only", "alice"));
  }

  @AfterAll
  static void stop() {
    client.close();
    fake.close();
  }

  private BedrockAnalyser analyser() {
    return new BedrockAnalyser(client, new PromptLibrary(), properties, new ModelChain(properties.fallback(),
        Clock.systemUTC()), new OfflineAnalyser(), pins);
  }

  @Test
  void aCallTheBudgetRefusesIsAuditedAsRefusedAndWasNeverSent() {
    budgetSpent.set(true);

    assertThatThrownBy(() -> analyser().analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme()))
        .isInstanceOf(BudgetSpentException.class);

    assertThat(fake.runtimeCalls()).isEmpty();
    assertThat(audit.entries(RUN)).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(e.errorClass()).isEqualTo("BudgetSpentException");
      assertThat(e.modelId()).isEqualTo(BedrockFake.CLAUDE_SONNET);
      assertThat(e.task()).isEqualTo("strategy");
      assertThat(e.inputTokens() + e.outputTokens()).isZero();
      assertThat(e.costUsd()).isZero();
      assertThat(e.startedBy()).isEqualTo("alice");
      assertThat(e.watchList()).isEqualTo("acme-only");
    });
  }

  @Test
  void aCutStreamIsAuditedAsIncompleteWithItsEstimatedTokens() {
    fake.failNextStream(1, Fault.cutStream());
    ExtractiveExecutiveSummary extractive = new ExtractiveExecutiveSummary();
    BedrockExecutiveSummaryWriter writer = new BedrockExecutiveSummaryWriter(client, new PromptLibrary(),
        properties, ModelChain.none(), extractive, pins);

    Throwable failure = catchThrowable(() -> writer.write(BedrockTestRig.summaryRequest(null, List.of())));

    assertThat(failure).isInstanceOf(IncompleteAnswerException.class);
    assertThat(audit.entries(RUN)).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.INCOMPLETE);
      assertThat(e.errorClass()).isEqualTo("IncompleteAnswerException");
      assertThat(e.tokensEstimated()).isTrue();
      assertThat(e.inputTokens()).isPositive();
      assertThat(e.phase()).isEqualTo("synthesis");
      assertThat(e.competitorId()).isNull();
      assertThat(e.promptId()).isEqualTo("synthesis.v2");
    });
  }

  @Test
  void theOfflineAnalyserAsTheLastLinkIsAuditedWithTheModelItReplaced() {
    fake.failNext(BedrockFake.CLAUDE_SONNET, 1, Fault.resourceNotFound());

    analyser().analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme());

    List<ModelCallAudit> entries = audit.entries(RUN);
    assertThat(entries).extracting(ModelCallAudit::modelId, ModelCallAudit::outcome, ModelCallAudit::link)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BedrockFake.CLAUDE_SONNET, Outcome.FAILED, 0),
            org.assertj.core.groups.Tuple.tuple(ModelCallAudit.OFFLINE_MODEL, Outcome.ANSWERED, 1));
    ModelCallAudit offline = entries.get(1);
    assertThat(offline.replacedModel()).isEqualTo(BedrockFake.CLAUDE_SONNET);
    assertThat(offline.fallbackReason()).startsWith("every model was unavailable").contains("ResourceNotFound");
    assertThat(offline.promptId()).isNull();
    assertThat(offline.costUsd()).isZero();
  }
}
