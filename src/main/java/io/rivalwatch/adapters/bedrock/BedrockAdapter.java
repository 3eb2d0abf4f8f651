package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.analysis.Analyser;
import io.rivalwatch.analysis.offline.OfflineAnalyser;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.cost.ModelCallAuditLog;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.cost.ModelCallAdmission;
import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import io.rivalwatch.synthesis.ExecutiveSummaryWriter;
import io.rivalwatch.synthesis.ExtractiveExecutiveSummary;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Language models on Amazon Bedrock for analysis and the executive summary, chosen with
 * {@code rivalwatch.analysis.provider=bedrock}. At start-up every configured model id is checked with the Bedrock
 * control plane; an unknown or inaccessible one stops the application with the property to fix.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rivalwatch.analysis.provider", havingValue = "bedrock")
@EnableConfigurationProperties(BedrockProperties.class)
public class BedrockAdapter {

  @Bean
  PromptLibrary bedrockPrompts(BedrockProperties properties) {
    PromptLibrary prompts = new PromptLibrary();
    // a missing or broken prompt resource stops start-up, not the first analysis at night
    properties.tasks().all().forEach(t -> prompts.get(t.prompt()));
    return prompts;
  }

  /** Each run's models, chains and prompt texts, frozen when it is planned (Plan run calls it as a RunPinning). */
  @Bean
  BedrockRunPins bedrockRunPins(BedrockProperties properties, PromptLibrary bedrockPrompts,
      ObjectProvider<ArtefactJson> artefacts, Clock clock) {
    // without an artefact store (this configuration used on its own) nothing is pinned
    return new BedrockRunPins(properties, bedrockPrompts, artefacts.getIfAvailable(), clock);
  }

  @Bean(destroyMethod = "close")
  BedrockModelClient bedrockModelClient(BedrockProperties properties, ModelUsageLedger ledger, Clock clock,
      ObjectProvider<OutsideServices> services, ObjectProvider<ModelRateLimiter> limiter,
      ObjectProvider<ModelCallAdmission> budget, ObjectProvider<ResilienceProperties> resilience,
      ObjectProvider<ModelCallAuditLog> audit, BedrockRunPins pins) {
    if (properties.verifyModels()) {
      BedrockModelVerifier.verify(properties, resilience.getIfAvailable(ResilienceProperties::defaults).startup());
    }
    // the application's shared breakers and limit; this configuration used on its own gets its own at the defaults
    return BedrockModelClient.create(properties, ledger, clock, services.getIfAvailable(OutsideServices::standalone),
        limiter.getIfAvailable(ModelRateLimiter::standalone),
        budget.getIfAvailable(() -> ModelCallAdmission.UNLIMITED), audit.getIfAvailable(), pins);
  }

  /** One walker for every task, so a model's throttling seen by one task counts for all. */
  @Bean
  ModelChain bedrockModelChain(BedrockProperties properties, Clock clock) {
    return new ModelChain(properties.fallback(), clock);
  }

  @Bean
  Analyser bedrockAnalyser(BedrockModelClient client, PromptLibrary prompts, BedrockProperties properties,
      ModelChain chain, BedrockRunPins pins) {
    return new BedrockAnalyser(client, prompts, properties, chain, new OfflineAnalyser(), pins);
  }

  @Bean
  ExecutiveSummaryWriter bedrockExecutiveSummaryWriter(
      BedrockModelClient client, PromptLibrary prompts, BedrockProperties properties, ModelChain chain,
      BedrockRunPins pins) {
    return new BedrockExecutiveSummaryWriter(client, prompts, properties, chain, new ExtractiveExecutiveSummary(),
        pins);
  }
}
