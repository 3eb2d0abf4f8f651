package io.rivalwatch.adapters.agentcore;

import static io.rivalwatch.adapters.agentcore.AgentCoreProperties.BOOTSTRAP_NAME_PROPERTY;
import static io.rivalwatch.adapters.agentcore.AgentCoreProperties.BOOTSTRAP_PROPERTY;
import static io.rivalwatch.adapters.agentcore.AgentCoreProperties.MEMORY_ID_PROPERTY;

import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.resilience.IdempotentCalls;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;

/**
 * The memory in Amazon Bedrock AgentCore, chosen with {@code rivalwatch.memory.store=agentcore} (the local Lucene
 * store steps aside). At start-up it runs the bootstrap if enabled, then checks that the memory exists, is ACTIVE
 * and can be searched ({@link AgentCoreMemoryCheck}); if not, the application does not start and says which
 * property to fix, rather than failing the first job hours into a run.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rivalwatch.memory.store", havingValue = "agentcore")
@EnableConfigurationProperties(AgentCoreProperties.class)
public class AgentCoreAdapter {

  @Bean(destroyMethod = "close")
  BedrockAgentCoreClient agentCoreDataClient(AgentCoreProperties properties) {
    return AgentCoreClients.dataPlane(properties);
  }

  @Bean(destroyMethod = "close")
  BedrockAgentCoreControlClient agentCoreControlClient(AgentCoreProperties properties) {
    return AgentCoreClients.controlPlane(properties);
  }

  /** Never lazy: the memory is checked at start-up even where lazy initialisation is on. */
  @Bean
  @Lazy(false)
  MemoryStore agentCoreMemoryStore(BedrockAgentCoreClient data, BedrockAgentCoreControlClient control,
      AgentCoreProperties properties, ObjectProvider<Clock> clock, ObjectProvider<IdempotentCalls> calls,
      ObjectProvider<ResilienceProperties> resilience) {
    String memoryId = memoryIdAtStartup(control, properties,
        resilience.getIfAvailable(ResilienceProperties::defaults).startup());
    // the application's shared breakers; this configuration used on its own gets a breaker of its own
    return new AgentCoreMemoryStore(data, memoryId, properties.topKDefault(), clock.getIfAvailable(Clock::systemUTC),
        calls.getIfAvailable(() -> IdempotentCalls.singleAttempt(OutsideServices.standalone())));
  }

  /**
   * The memory to use: found or created by the bootstrap if it is enabled, else the configured id; checked
   * either way.
   *
   * @throws AgentCoreStartupException naming the property to fix
   */
  static String memoryIdAtStartup(BedrockAgentCoreControlClient control, AgentCoreProperties properties,
      ResilienceProperties.Startup retries) {
    AgentCoreProperties.Bootstrap bootstrap = properties.bootstrap();
    String memoryId;
    if (bootstrap.enabled()) {
      memoryId = new AgentCoreMemoryBootstrap(control, bootstrap).findOrCreate();
      if (properties.memoryId() != null && !properties.memoryId().equals(memoryId)) {
        throw new AgentCoreStartupException("the bootstrap found memory '" + memoryId + "' by name '"
            + bootstrap.name() + "', but " + MEMORY_ID_PROPERTY + " says '" + properties.memoryId() + "'.",
            "remove " + MEMORY_ID_PROPERTY + " when " + BOOTSTRAP_PROPERTY + " is on, or turn the bootstrap off");
      }
    } else if (properties.memoryId() == null) {
      throw new AgentCoreStartupException("no memory is configured for rivalwatch.memory.store=agentcore.",
          "set " + MEMORY_ID_PROPERTY + " to the id of an AgentCore memory, or set " + BOOTSTRAP_PROPERTY
              + "=true to find or create one named " + BOOTSTRAP_NAME_PROPERTY + " ('" + bootstrap.name() + "')");
    } else {
      memoryId = properties.memoryId();
    }
    new AgentCoreMemoryCheck(control, bootstrap.activeTimeout(), bootstrap.pollInterval(), retries).verify(memoryId);
    return memoryId;
  }
}
