package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.adapters.bedrock.BedrockProperties.Tasks;
import org.junit.jupiter.api.Test;

/** The summary writer's version, which the summary reuse compares: the model, the prompt and its text, settings. */
class BedrockExecutiveSummaryWriterVersionTest {

  private final PromptLibrary prompts = new PromptLibrary();

  @Test
  void namesTheModelThePromptWithADigestOfItsTextAndTheSettings() {
    String version = writer(BedrockProperties.defaults()).version();

    assertThat(version).isEqualTo("bedrock " + BedrockProperties.LARGE_MODEL + ", prompt synthesis.v2 (text "
        + prompts.get("synthesis.v2").digest() + "), max tokens 4000, temperature 0.3");
  }

  @Test
  void anotherModelOrSettingIsAnotherVersion() {
    String large = writer(BedrockProperties.defaults()).version();
    String small = writer(BedrockProperties.defaults().withTasks(new Tasks(null, null, null,
        new TaskSettings(BedrockProperties.SMALL_MODEL, null, null, null, null)))).version();
    String longer = writer(BedrockProperties.defaults().withTasks(new Tasks(null, null, null,
        new TaskSettings(null, 6000, null, null, null)))).version();

    assertThat(small).isNotEqualTo(large).contains(BedrockProperties.SMALL_MODEL);
    assertThat(longer).isNotEqualTo(large).contains("max tokens 6000");
  }

  @Test
  void aSummaryThatSaysAFallbackWroteItIsDegraded() {
    BedrockExecutiveSummaryWriter writer = writer(BedrockProperties.defaults());
    assertThat(writer.degraded("_Written by the fallback model amazon.nova-pro-v1:0 because throttled._\n\nAcme..."))
        .isTrue();
    assertThat(writer.degraded("_Written without a language model because every model was unavailable: ..._"))
        .isTrue();
    assertThat(writer.degraded("Acme raised its price [1](https://acme.example/pricing).")).isFalse();
  }

  private BedrockExecutiveSummaryWriter writer(BedrockProperties properties) {
    // the version asks no model: no client needed
    return new BedrockExecutiveSummaryWriter(null, prompts, properties);
  }
}
