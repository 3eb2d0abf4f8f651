package io.rivalwatch.adapters.agentcore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.CreateMemoryRequest;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.Memory;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.MemoryStatus;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.MemoryStrategyInput;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.MemorySummary;

/**
 * Finds the memory named {@code rivalwatch.agentcore.bootstrap.name} or creates it, and returns its id.
 * Idempotent: a second start finds the memory the first created; two instances starting at once send the same
 * client token, so the service creates one memory.
 *
 * <p>The memory it creates has the strategies rivalwatch's searches rely on: a semantic strategy filing facts
 * under {@value #ACTOR_NAMESPACE} (a search asks namespace = actor id) and a summary strategy filing one summary per
 * session under {@value #SESSION_NAMESPACE} (below the actor, so the same search finds it). Raw events expire after
 * {@code eventExpiryDays}. It does not change a memory that already exists; {@link AgentCoreMemoryCheck} tells
 * whether that one can be searched.
 *
 * <p>ListMemories gives ids, not names; the service makes an id from the name, '-' and ten characters, so only
 * ids of that shape are looked at, and GetMemory confirms the name.
 */
public final class AgentCoreMemoryBootstrap {

  static final String ACTOR_NAMESPACE = "{actorId}";
  static final String SESSION_NAMESPACE = "{actorId}/{sessionId}";
  static final String SEMANTIC_STRATEGY_NAME = "rivalwatch_facts";
  static final String SUMMARY_STRATEGY_NAME = "rivalwatch_session_summaries";

  private static final Logger LOG = LoggerFactory.getLogger(AgentCoreMemoryBootstrap.class);

  private final BedrockAgentCoreControlClient control;
  private final AgentCoreProperties.Bootstrap settings;

  public AgentCoreMemoryBootstrap(BedrockAgentCoreControlClient control, AgentCoreProperties.Bootstrap settings) {
    this.control = Objects.requireNonNull(control, "control");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The id of the memory with the configured name, created if there is none (it may still be CREATING).
   *
   * @throws AgentCoreStartupException if the settings are invalid, or the memory can be neither found nor created
   */
  public String findOrCreate() {
    checkSettings();
    Optional<Memory> existing = find();
    if (existing.isPresent()) {
      LOG.info("AgentCore memory '{}' exists: {} ({})", settings.name(), existing.get().id(),
          existing.get().statusAsString());
      return existing.get().id();
    }
    try {
      Memory created = control.createMemory(createRequest()).memory();
      LOG.info("AgentCore memory '{}' created: {} ({})", settings.name(), created.id(), created.statusAsString());
      return created.id();
    } catch (AwsServiceException e) {
      if ("ConflictException".equals(AgentCoreErrors.errorType(e))) {
        // another instance created it between our look and our create, with another token
        return find().map(Memory::id).orElseThrow(() -> failure("CreateMemory", e));
      }
      throw failure("CreateMemory", e);
    } catch (SdkException e) {
      throw failure("CreateMemory", e);
    }
  }

  CreateMemoryRequest createRequest() {
    List<MemoryStrategyInput> strategies = new ArrayList<>();
    if (settings.semanticStrategy()) {
      strategies.add(MemoryStrategyInput.fromSemanticMemoryStrategy(s -> s
          .name(SEMANTIC_STRATEGY_NAME)
          .description("Facts rivalwatch learnt, per competitor and for the run log")
          .namespaces(ACTOR_NAMESPACE)));
    }
    if (settings.summaryStrategy()) {
      strategies.add(MemoryStrategyInput.fromSummaryMemoryStrategy(s -> s
          .name(SUMMARY_STRATEGY_NAME)
          .description("What one phase of one run found, per competitor")
          .namespaces(SESSION_NAMESPACE)));
    }
    return CreateMemoryRequest.builder()
        .name(settings.name())
        .description("rivalwatch long-term memory: research, analyses and run outcomes")
        .eventExpiryDuration(settings.eventExpiryDays())
        .memoryStrategies(strategies)
        .clientToken(AgentCoreIds.createMemoryClientToken(settings.name()))
        .build();
  }

  private Optional<Memory> find() {
    List<String> candidates = new ArrayList<>();
    try {
      for (MemorySummary summary : control.listMemoriesPaginator(r -> r.maxResults(100)).memories()) {
        if (summary.id() != null && AgentCoreIds.couldBeIdOfName(summary.id(), settings.name())
            && summary.status() != MemoryStatus.DELETING) {
          candidates.add(summary.id());
        }
      }
      for (String id : candidates) {
        Memory memory = control.getMemory(r -> r.memoryId(id)).memory();
        if (settings.name().equals(memory.name())) {
          return Optional.of(memory);
        }
      }
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("ListMemories/GetMemory", e);
    }
  }

  private void checkSettings() {
    if (!AgentCoreIds.MEMORY_NAME.matcher(settings.name()).matches()) {
      throw new AgentCoreStartupException("the memory name '" + settings.name() + "' is not allowed by AgentCore.",
          "set " + AgentCoreProperties.BOOTSTRAP_NAME_PROPERTY + " to a letter followed by at most 47 letters, digits "
              + "or '_' (no '-')");
    }
    if (settings.eventExpiryDays() < 7 || settings.eventExpiryDays() > 365) {
      throw new AgentCoreStartupException("events cannot be kept for " + settings.eventExpiryDays() + " days.",
          "set " + AgentCoreProperties.BOOTSTRAP_PROPERTY_PREFIX + "event-expiry-days between 7 and 365");
    }
    if (!settings.semanticStrategy() && !settings.summaryStrategy()) {
      throw new AgentCoreStartupException("a memory without strategies keeps raw events only, and searches would "
          + "never find anything.", "set " + AgentCoreProperties.BOOTSTRAP_PROPERTY_PREFIX + "semantic-strategy=true");
    }
  }

  private AgentCoreStartupException failure(String operation, SdkException e) {
    var classified = AgentCoreErrors.classify(operation, settings.name(), e);
    String action = switch (classified.kind()) {
      case FATAL -> e instanceof AwsServiceException service && service.statusCode() == 403
          ? "allow the AWS identity bedrock-agentcore:ListMemories, GetMemory and CreateMemory, or create the memory "
              + "yourself, set " + AgentCoreProperties.MEMORY_ID_PROPERTY + " and turn "
              + AgentCoreProperties.BOOTSTRAP_PROPERTY + " off"
          : "correct the configuration named in the description, or create the memory yourself and set "
              + AgentCoreProperties.MEMORY_ID_PROPERTY;
      case RATE_LIMITED, TRANSIENT, CIRCUIT_OPEN -> "start again; if it persists, check the service's health in "
          + "the region (" + AgentCoreProperties.REGION_PROPERTY + ")";
    };
    return new AgentCoreStartupException("finding or creating the memory '" + settings.name() + "' failed: "
        + classified.getMessage(), action, e);
  }
}
