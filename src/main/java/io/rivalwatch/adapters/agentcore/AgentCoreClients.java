package io.rivalwatch.adapters.agentcore;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;

/**
 * The AgentCore clients as rivalwatch needs them: region and endpoints from {@link AgentCoreProperties},
 * credentials only from the SDK's default provider chain, a timeout per call, and no retries: the engine owns
 * retries, so a failed job, its backoff and its retry budget show in Operate and retries do not multiply (the
 * SDK would otherwise try a throttled call up to four times inside one job).
 */
public final class AgentCoreClients {

  private AgentCoreClients() {}

  /** The data plane: CreateEvent, RetrieveMemoryRecords, ListEvents. */
  public static BedrockAgentCoreClient dataPlane(AgentCoreProperties properties) {
    var builder = BedrockAgentCoreClient.builder()
        .region(Region.of(properties.region()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .overrideConfiguration(overrides(properties));
    if (properties.endpoint() != null) {
      builder.endpointOverride(properties.endpoint());
    }
    return builder.build();
  }

  /** The control plane: GetMemory, ListMemories, CreateMemory. */
  public static BedrockAgentCoreControlClient controlPlane(AgentCoreProperties properties) {
    var builder = BedrockAgentCoreControlClient.builder()
        .region(Region.of(properties.region()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .overrideConfiguration(overrides(properties));
    if (properties.controlEndpoint() != null) {
      builder.endpointOverride(properties.controlEndpoint());
    }
    return builder.build();
  }

  private static ClientOverrideConfiguration overrides(AgentCoreProperties properties) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallTimeout(properties.callTimeout())
        .apiCallAttemptTimeout(properties.callTimeout())
        .build();
  }
}
