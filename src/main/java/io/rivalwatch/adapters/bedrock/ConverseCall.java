package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * One Converse call through the synchronous client: the request, the answer's text and its usage. An answer without
 * its stop reason, or whose body was cut off, is an {@link IncompleteAnswerException} (recorded with estimated
 * tokens), never a short answer.
 */
final class ConverseCall {

  private final BedrockRuntimeClient sync;
  private final ModelUsageRecorder usage;

  ConverseCall(BedrockRuntimeClient sync, ModelUsageRecorder usage) {
    this.sync = sync;
    this.usage = usage;
  }

  ModelReply call(CallContext context, TaskSettings settings, String system, List<Turn> turns) {
    ConverseRequest request = ConverseRequest.builder()
        .modelId(settings.modelId())
        .system(SystemContentBlock.fromText(system))
        .messages(messages(turns))
        .inferenceConfig(inference(settings))
        .overrideConfiguration(o -> o.apiCallTimeout(settings.timeout()))
        .build();
    long started = System.nanoTime();
    long promptCharacters = promptCharacters(system, turns);
    ConverseResponse response;
    try {
      response = sync.converse(request);
    } catch (SdkException e) {
      if (BedrockErrors.bodyCutOff(e)) {
        // the model answered (200) but the body ended early: how much text came is unknown
        throw usage.failedAfterAnswerBegan(new IncompleteAnswerException(settings.modelId(),
            "incomplete answer to the " + context.task() + " request: the response body was cut off ("
                + e.getMessage() + "); not used, to be asked again", e), context, settings, promptCharacters, -1,
            elapsedMs(started));
      }
      throw usage.failure(e, context, settings);
    }
    long latency = elapsedMs(started);
    StringBuilder text = new StringBuilder();
    if (response.output() != null && response.output().message() != null) {
      for (ContentBlock block : response.output().message().content()) {
        if (block.text() != null) {
          text.append(block.text());
        }
      }
    }
    ModelReply reply = reply(text.toString(), response.stopReasonAsString(), response.usage(), latency);
    if (reply.stopReason() == null) {
      throw usage.incomplete(context, settings, promptCharacters, reply, "the answer came without its stop reason");
    }
    usage.answered(context, settings, reply, promptCharacters);
    return reply;
  }

  /** The characters of the system prompt and every message: what input tokens are estimated from. */
  static long promptCharacters(String system, List<Turn> turns) {
    long characters = system == null ? 0 : system.length();
    for (Turn turn : turns) {
      characters += turn.text() == null ? 0 : turn.text().length();
    }
    return characters;
  }

  static List<Message> messages(List<Turn> turns) {
    List<Message> messages = new ArrayList<>(turns.size());
    for (Turn turn : turns) {
      messages.add(Message.builder()
          .role(turn.fromModel() ? ConversationRole.ASSISTANT : ConversationRole.USER)
          .content(ContentBlock.fromText(turn.text()))
          .build());
    }
    return messages;
  }

  static InferenceConfiguration inference(TaskSettings settings) {
    return InferenceConfiguration.builder()
        .maxTokens(settings.maxTokens())
        .temperature(settings.temperature().floatValue())
        .build();
  }

  static ModelReply reply(String text, String stopReason, TokenUsage usage, long latencyMs) {
    if (usage == null) {
      return new ModelReply(text, stopReason, 0, 0, 0, 0, false, latencyMs);
    }
    return new ModelReply(text, stopReason, count(usage.inputTokens()), count(usage.outputTokens()),
        count(usage.cacheReadInputTokens()), count(usage.cacheWriteInputTokens()),
        usage.inputTokens() != null || usage.outputTokens() != null, latencyMs);
  }

  private static long count(Integer tokens) {
    return tokens == null ? 0 : tokens;
  }

  static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }
}
