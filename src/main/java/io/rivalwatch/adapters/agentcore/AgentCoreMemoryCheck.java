package io.rivalwatch.adapters.agentcore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import io.rivalwatch.resilience.ResilienceProperties;
import io.rivalwatch.resilience.StartupChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.Memory;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.MemoryStatus;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.MemoryStrategy;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.MemoryStrategyStatus;

/**
 * The start-up check of the memory (control plane GetMemory): it exists and these credentials may see it, it is
 * ACTIVE (waiting while it is CREATING, as a memory just created is for a few minutes; asking again a few times
 * after an answer that may pass, {@code rivalwatch.resilience.startup.*}), and one of its strategies
 * files records where rivalwatch searches: under a namespace template that starts with {@code {actorId}}. Without
 * that, every search would come back empty for the whole run, which is worse than not starting.
 *
 * <p>Every failure is an {@link AgentCoreStartupException} naming what to change.
 */
public final class AgentCoreMemoryCheck {

  private static final Logger LOG = LoggerFactory.getLogger(AgentCoreMemoryCheck.class);

  private final BedrockAgentCoreControlClient control;
  private final Duration activeTimeout;
  private final Duration pollInterval;
  private final ResilienceProperties.Startup retries;

  public AgentCoreMemoryCheck(BedrockAgentCoreControlClient control, Duration activeTimeout, Duration pollInterval) {
    this(control, activeTimeout, pollInterval, ResilienceProperties.defaults().startup());
  }

  /** @param retries how often a GetMemory that failed with something that may pass is asked again */
  public AgentCoreMemoryCheck(BedrockAgentCoreControlClient control, Duration activeTimeout, Duration pollInterval,
      ResilienceProperties.Startup retries) {
    this.control = Objects.requireNonNull(control, "control");
    this.activeTimeout = Objects.requireNonNull(activeTimeout, "activeTimeout");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.retries = Objects.requireNonNull(retries, "retries");
  }

  /**
   * @return the memory, ACTIVE
   * @throws AgentCoreStartupException if it cannot be used
   */
  public Memory verify(String memoryId) {
    if (memoryId == null || !AgentCoreIds.MEMORY_ID.matcher(memoryId).matches()) {
      throw new AgentCoreStartupException("'" + memoryId + "' is not an AgentCore memory id (the memory's name, "
          + "'-' and ten letters or digits, e.g. rivalwatch-a1B2c3D4e5, or the memory's ARN).",
          "set " + AgentCoreProperties.MEMORY_ID_PROPERTY + " to the id the AgentCore console or "
              + "'aws bedrock-agentcore-control list-memories' shows, or enable " + AgentCoreProperties.BOOTSTRAP_PROPERTY);
    }
    Instant deadline = Instant.now().plus(activeTimeout);
    Memory memory = get(memoryId);
    while (memory.status() == MemoryStatus.CREATING) {
      if (Instant.now().isAfter(deadline)) {
        throw new AgentCoreStartupException("memory '" + memoryId + "' is still CREATING after " + activeTimeout + ".",
            "start again in a few minutes, or raise " + AgentCoreProperties.BOOTSTRAP_PROPERTY_PREFIX + "active-timeout");
      }
      LOG.info("AgentCore memory {} is CREATING; checking again in {}", memoryId, pollInterval);
      sleep(pollInterval);
      memory = get(memoryId);
    }
    if (memory.status() != MemoryStatus.ACTIVE) {
      String reason = memory.failureReason() == null ? "" : " (" + memory.failureReason() + ")";
      throw new AgentCoreStartupException("memory '" + memoryId + "' is " + memory.statusAsString() + reason + ".",
          "use an ACTIVE memory in " + AgentCoreProperties.MEMORY_ID_PROPERTY + ", or delete this one and let "
              + AgentCoreProperties.BOOTSTRAP_PROPERTY + " create it again");
    }
    if (!searchable(memory.strategies())) {
      throw new AgentCoreStartupException("memory '" + memoryId + "' has no active strategy whose namespace starts "
          + "with " + AgentCoreMemoryBootstrap.ACTOR_NAMESPACE + ", and rivalwatch searches namespace = actor id "
          + "(e.g. competitors/acme): every search would find nothing.",
          "add a semantic strategy with namespace " + AgentCoreMemoryBootstrap.ACTOR_NAMESPACE + " to the memory, or "
              + "point " + AgentCoreProperties.MEMORY_ID_PROPERTY + " at a memory created by "
              + AgentCoreProperties.BOOTSTRAP_PROPERTY);
    }
    LOG.info("AgentCore memory {} ('{}') is ACTIVE", memoryId, memory.name());
    return memory;
  }

  static boolean searchable(List<MemoryStrategy> strategies) {
    for (MemoryStrategy strategy : strategies) {
      if (strategy.status() == MemoryStrategyStatus.FAILED || strategy.status() == MemoryStrategyStatus.DELETING) {
        continue;
      }
      for (String namespace : strategy.namespaces()) {
        String template = namespace.startsWith("/") ? namespace.substring(1) : namespace;
        if (template.equals(AgentCoreMemoryBootstrap.ACTOR_NAMESPACE)
            || template.startsWith(AgentCoreMemoryBootstrap.ACTOR_NAMESPACE + "/")) {
          return true;
        }
      }
    }
    return false;
  }

  private Memory get(String memoryId) {
    try {
      return StartupChecks.retried("AgentCore memory '" + memoryId + "'", retries,
          failure -> failure instanceof SdkException e && AgentCoreErrors.classify("GetMemory", memoryId, e).mayPass(),
          () -> control.getMemory(r -> r.memoryId(memoryId)).memory());
    } catch (AwsServiceException e) {
      String type = AgentCoreErrors.errorType(e);
      if (e.statusCode() == 404 || type.equals("ResourceNotFoundException")) {
        throw new AgentCoreStartupException("memory '" + memoryId + "' not found in region "
            + regionHint() + ".", "set " + AgentCoreProperties.MEMORY_ID_PROPERTY + " to an existing memory (and "
            + AgentCoreProperties.REGION_PROPERTY + " to its region), or enable " + AgentCoreProperties.BOOTSTRAP_PROPERTY
            + " to create one", e);
      }
      if (e.statusCode() == 403 || type.equals("AccessDeniedException")) {
        throw new AgentCoreStartupException("the AWS identity in use may not read memory '" + memoryId + "' ("
            + type + ").", "allow it bedrock-agentcore:GetMemory, CreateEvent and RetrieveMemoryRecords on that "
            + "memory, or check which credentials the SDK's default provider chain finds", e);
      }
      throw unreachable(memoryId, e);
    } catch (SdkException e) {
      throw unreachable(memoryId, e);
    }
  }

  private String regionHint() {
    return control.serviceClientConfiguration().region() == null
        ? "(unknown)" : control.serviceClientConfiguration().region().id();
  }

  private static AgentCoreStartupException unreachable(String memoryId, SdkException e) {
    var classified = AgentCoreErrors.classify("GetMemory", memoryId, e);
    String message = classified.getMessage();
    int fix = message.indexOf(". Fix: ");
    if (!classified.mayPass() && fix >= 0) {
      return new AgentCoreStartupException("checking memory '" + memoryId + "' failed: " + message.substring(0, fix)
          + ".", message.substring(fix + ". Fix: ".length()), e);
    }
    return new AgentCoreStartupException("checking memory '" + memoryId + "' failed (asked a few times): " + message,
        "start again; if it persists, check the network path to the service, "
            + AgentCoreProperties.CONTROL_ENDPOINT_PROPERTY + " and " + AgentCoreProperties.REGION_PROPERTY, e);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentCoreStartupException("interrupted while waiting for the memory to become ACTIVE.",
          "start again", e);
    }
  }
}
