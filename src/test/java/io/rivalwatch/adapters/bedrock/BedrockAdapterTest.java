package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.analysis.Analyser;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.cost.CostProperties;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.fakes.BedrockFake.Call;
import io.rivalwatch.synthesis.ExecutiveSummaryWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring wiring: the provider switch, the properties, and the model check at start-up. */
class BedrockAdapterTest {

  private static BedrockFake fake;
  @TempDir static Path artefacts;

  @BeforeAll
  static void startFake() {
    BedrockFake.useDummyCredentials();
    fake = BedrockFake.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Configuration(proxyBeanMethods = false)
  static class Surroundings {
    @Bean
    ArtefactStore store() {
      return new FileArtefactStore(artefacts);
    }

    @Bean
    ModelUsageLedger ledger(ArtefactStore store) {
      return new ModelUsageLedger(new ArtefactJson(store), store, new CostProperties(List.of()));
    }

    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(Surroundings.class, BedrockAdapter.class)
        .withPropertyValues(fake.properties().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }

  @Test
  void theBedrockProviderGivesTheBedrockAnalyserAndSummaryWriterAfterCheckingEachModelOnce() {
    runner().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Analyser.class)).isInstanceOf(BedrockAnalyser.class);
      assertThat(context.getBean(ExecutiveSummaryWriter.class)).isInstanceOf(BedrockExecutiveSummaryWriter.class);
      assertThat(fake.calls()).extracting(Call::operation, Call::modelId).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple("GetFoundationModel", BedrockFake.NOVA_LITE),
          org.assertj.core.groups.Tuple.tuple("GetFoundationModel", BedrockFake.CLAUDE_SONNET));

      var result = context.getBean(Analyser.class).analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme());
      assertThat(result.producedBy()).isEqualTo("bedrock amazon.nova-lite-v1:0, prompt sentiment.v1");
    });
  }

  @Test
  void withoutTheProviderSwitchNothingOfBedrockIsCreated() {
    new ApplicationContextRunner()
        .withUserConfiguration(Surroundings.class, BedrockAdapter.class)
        .withPropertyValues("rivalwatch.analysis.provider=offline")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(Analyser.class);
          assertThat(context).doesNotHaveBean(BedrockModelClient.class);
        });
    assertThat(fake.calls()).isEmpty();
  }

  @Test
  void anUnknownModelIdStopsStartUpNamingThePropertyToFix() {
    runner()
        .withPropertyValues("rivalwatch.bedrock.tasks.strategy.model-id=anthropic.claude-nonexistent-v9:0")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("model id 'anthropic.claude-nonexistent-v9:0' is not known to Bedrock in us-east-1")
              .hasMessageContaining("change rivalwatch.bedrock.tasks.strategy.model-id");
        });
  }

  @Test
  void inferenceProfileIdsAreCheckedAsInferenceProfiles() {
    runner()
        .withPropertyValues(
            "rivalwatch.bedrock.tasks.synthesis.model-id=us." + BedrockFake.CLAUDE_SONNET,
            "rivalwatch.bedrock.tasks.strategy.model-id=eu.meta.llama-unknown-v1:0")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("'eu.meta.llama-unknown-v1:0'")
              .hasMessageContaining("change rivalwatch.bedrock.tasks.strategy.model-id")
              .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tasks.synthesis"));
        });
    assertThat(fake.calls()).extracting(Call::operation, Call::modelId).contains(
        org.assertj.core.groups.Tuple.tuple("GetInferenceProfile", "us." + BedrockFake.CLAUDE_SONNET),
        org.assertj.core.groups.Tuple.tuple("GetInferenceProfile", "eu.meta.llama-unknown-v1:0"));
  }

  @Test
  void aModelWithoutOnDemandThroughputMustBeCalledThroughAnInferenceProfile() {
    fake.profileOnly("anthropic.claude-sonnet-4-20250514-v1:0");
    try {
      runner()
          .withPropertyValues("rivalwatch.bedrock.tasks.positioning.model-id=anthropic.claude-sonnet-4-20250514-v1:0")
          .run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cannot be called on demand")
                .hasMessageContaining("'us.anthropic.claude-sonnet-4-20250514-v1:0'")
                .hasMessageContaining("change rivalwatch.bedrock.tasks.positioning.model-id");
          });
    } finally {
      fake.forgetModel("anthropic.claude-sonnet-4-20250514-v1:0");
    }
  }

  @Test
  void theCheckCanBeSwitchedOff() {
    runner()
        .withPropertyValues("rivalwatch.bedrock.verify-models=false",
            "rivalwatch.bedrock.tasks.strategy.model-id=anthropic.claude-nonexistent-v9:0")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(fake.calls()).isEmpty();
  }

  @Test
  void propertiesBindWithPerTaskDefaults() {
    runner()
        .withPropertyValues("rivalwatch.bedrock.tasks.strategy.max-tokens=2000",
            "rivalwatch.bedrock.tasks.sentiment.timeout=45s", "rivalwatch.bedrock.input-char-budget=40000")
        .run(context -> {
          BedrockProperties p = context.getBean(BedrockProperties.class);
          assertThat(p.tasks().strategy().maxTokens()).isEqualTo(2000);
          assertThat(p.tasks().strategy().modelId()).isEqualTo(BedrockProperties.LARGE_MODEL);
          assertThat(p.tasks().strategy().temperature()).isEqualTo(0.2);
          assertThat(p.tasks().sentiment().timeout()).hasSeconds(45);
          assertThat(p.tasks().sentiment().modelId()).isEqualTo(BedrockProperties.SMALL_MODEL);
          assertThat(p.tasks().synthesis().maxTokens()).isEqualTo(4000);
          assertThat(p.tasks().synthesis().timeout()).hasSeconds(300);
          assertThat(p.tasks().positioning().prompt()).isEqualTo("positioning.v1");
          assertThat(p.inputCharBudget()).isEqualTo(40000);
          assertThat(p.region()).isEqualTo("us-east-1");
          assertThat(p.endpoint()).hasToString(fake.baseUrl());
        });
  }

  @Test
  void fallbackChainsBindPerTask_andTheirModelsAreCheckedAtStartUp() {
    runner()
        .withPropertyValues("rivalwatch.bedrock.fallback.strategy[0]=us." + BedrockProperties.LARGE_MODEL,
            "rivalwatch.bedrock.fallback.strategy[1]=" + BedrockProperties.SMALL_MODEL,
            "rivalwatch.bedrock.fallback.throttling-wait=30s")
        .run(context -> {
          BedrockProperties.Fallback f = context.getBean(BedrockProperties.class).fallback();
          assertThat(f.models("strategy")).containsExactly("us." + BedrockProperties.LARGE_MODEL,
              BedrockProperties.SMALL_MODEL);
          assertThat(f.models("sentiment")).isEmpty();
          assertThat(f.throttlingWait()).hasSeconds(30);
          assertThat(f.offline()).isTrue();
          assertThat(f.unavailableErrors()).contains("ServiceUnavailableException");
        });
    assertThat(fake.calls()).extracting(Call::modelId).contains("us." + BedrockProperties.LARGE_MODEL);

    runner()
        .withPropertyValues("rivalwatch.bedrock.fallback.synthesis[0]=anthropic.claude-nonexistent-v9:0")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("anthropic.claude-nonexistent-v9:0")
              .hasMessageContaining("change rivalwatch.bedrock.fallback.synthesis[0]");
        });
  }

  @Test
  void aFallbackSettingThatCannotWorkStopsStartUpNamingItsField() {
    Map<String, String> wrong = Map.of(
        "rivalwatch.bedrock.fallback.positioning[0]= ",
        "rivalwatch.bedrock.fallback.positioning[0] is blank",
        "rivalwatch.bedrock.fallback.throttling-wait=-5s",
        "rivalwatch.bedrock.fallback.throttling-wait must not be negative");
    wrong.forEach((property, message) -> runner().withPropertyValues(property).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
    }));
    runner().withPropertyValues("rivalwatch.bedrock.fallback.strategy[0]=" + BedrockProperties.SMALL_MODEL,
            "rivalwatch.bedrock.fallback.strategy[1]=" + BedrockProperties.SMALL_MODEL)
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("rivalwatch.bedrock.fallback.strategy[1] repeats"));
  }
}
