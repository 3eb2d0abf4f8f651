package io.rivalwatch.adapters.agentcore;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How rivalwatch reaches Amazon Bedrock AgentCore Memory ({@code rivalwatch.agentcore.*}); used when
 * {@code rivalwatch.memory.store=agentcore}.
 *
 * <p>Credentials are never configured here: the clients use the AWS SDK's default provider chain (environment,
 * system properties, profile, container or instance role).
 *
 * <p>The record is bound even when another memory store is chosen ({@code @ConfigurationPropertiesScan}), so it
 * checks nothing that only matters for AgentCore; {@link AgentCoreAdapter} checks that at start-up and names the
 * property to fix.
 *
 * @param region the AWS region of the memory
 * @param endpoint data-plane address instead of the region's default (a VPC endpoint, or a fake in tests)
 * @param controlEndpoint control-plane address instead of the region's default (a VPC endpoint, or a fake)
 * @param memoryId the memory to use; required unless {@code bootstrap.enabled} finds or creates it
 * @param topKDefault how many records a search asks the service for at least; the adapter then keeps only records
 *     of the asked namespace and run and returns the query's topK of them, so asking deeper keeps those filters
 *     from leaving a short list (1 to 100)
 * @param callTimeout longest wait for one call to the service, connection and response included
 * @param bootstrap finding or creating the memory at start-up
 */
@ConfigurationProperties("rivalwatch.agentcore")
public record AgentCoreProperties(
    @DefaultValue(AgentCoreProperties.DEFAULT_REGION) String region,
    URI endpoint,
    URI controlEndpoint,
    String memoryId,
    @DefaultValue("20") int topKDefault,
    @DefaultValue("30s") Duration callTimeout,
    @DefaultValue Bootstrap bootstrap) {

  public static final String DEFAULT_REGION = "us-east-1";

  // the property names, for messages that say what to fix
  static final String PREFIX = "rivalwatch.agentcore.";
  static final String MEMORY_ID_PROPERTY = PREFIX + "memory-id";
  static final String REGION_PROPERTY = PREFIX + "region";
  static final String CONTROL_ENDPOINT_PROPERTY = PREFIX + "control-endpoint";
  static final String BOOTSTRAP_PROPERTY_PREFIX = PREFIX + "bootstrap.";
  static final String BOOTSTRAP_PROPERTY = BOOTSTRAP_PROPERTY_PREFIX + "enabled";
  static final String BOOTSTRAP_NAME_PROPERTY = BOOTSTRAP_PROPERTY_PREFIX + "name";

  /** The service's largest topK for RetrieveMemoryRecords. */
  public static final int MAX_TOP_K = 100;

  public AgentCoreProperties {
    region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
    memoryId = memoryId == null || memoryId.isBlank() ? null : memoryId.strip();
    topKDefault = topKDefault < 1 ? 20 : Math.min(topKDefault, MAX_TOP_K);
    callTimeout = callTimeout == null || callTimeout.isZero() || callTimeout.isNegative()
        ? Duration.ofSeconds(30) : callTimeout;
    bootstrap = bootstrap == null ? Bootstrap.defaults() : bootstrap;
  }

  /** The defaults: region us-east-1, no memory id, no bootstrap. */
  public static AgentCoreProperties defaults() {
    return new AgentCoreProperties(null, null, null, null, 0, null, null);
  }

  public AgentCoreProperties withMemoryId(String id) {
    return new AgentCoreProperties(region, endpoint, controlEndpoint, id, topKDefault, callTimeout, bootstrap);
  }

  public AgentCoreProperties withEndpoints(URI data, URI control) {
    return new AgentCoreProperties(region, data, control, memoryId, topKDefault, callTimeout, bootstrap);
  }

  public AgentCoreProperties withBootstrap(Bootstrap value) {
    return new AgentCoreProperties(region, endpoint, controlEndpoint, memoryId, topKDefault, callTimeout, value);
  }

  /**
   * Finding or creating the memory at start-up ({@code rivalwatch.agentcore.bootstrap.*}). Off by default:
   * creating cloud resources should be a decision, not a side effect of a typo in a memory id.
   *
   * @param enabled find the memory by name, or create it, and use it (then {@code memory-id} is not needed)
   * @param name the memory's name: a letter, then letters, digits or '_' (at most 48), unique in the account
   * @param eventExpiryDays how long the service keeps raw events (7 to 365 days)
   * @param semanticStrategy extract facts per actor (namespace {@code {actorId}}), which is what searches read
   * @param summaryStrategy summarise each session (namespace {@code {actorId}/{sessionId}})
   * @param activeTimeout longest wait at start-up for a new memory to become ACTIVE
   * @param pollInterval wait between two status checks while the memory is CREATING
   */
  public record Bootstrap(
      @DefaultValue("false") boolean enabled,
      @DefaultValue(Bootstrap.DEFAULT_NAME) String name,
      @DefaultValue("90") int eventExpiryDays,
      @DefaultValue("true") boolean semanticStrategy,
      @DefaultValue("true") boolean summaryStrategy,
      @DefaultValue("5m") Duration activeTimeout,
      @DefaultValue("5s") Duration pollInterval) {

    public static final String DEFAULT_NAME = "rivalwatch";

    public Bootstrap {
      name = name == null || name.isBlank() ? DEFAULT_NAME : name.strip();
      activeTimeout = activeTimeout == null || activeTimeout.isNegative() ? Duration.ofMinutes(5) : activeTimeout;
      pollInterval = pollInterval == null || pollInterval.isZero() || pollInterval.isNegative()
          ? Duration.ofSeconds(5) : pollInterval;
    }

    public static Bootstrap defaults() {
      return new Bootstrap(false, null, 90, true, true, null, null);
    }

    /** Bootstrap on, with this name and the defaults otherwise. */
    public static Bootstrap named(String name) {
      return new Bootstrap(true, name, 90, true, true, null, null);
    }

    public Bootstrap withPolling(Duration timeout, Duration interval) {
      return new Bootstrap(enabled, name, eventExpiryDays, semanticStrategy, summaryStrategy, timeout, interval);
    }
  }
}
