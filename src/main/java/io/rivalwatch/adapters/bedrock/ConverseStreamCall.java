package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.failure.OutsideServiceException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * One ConverseStream call through the asynchronous client: text deltas are gathered into one answer, progress is
 * logged while it lasts, and the usage comes from the closing metadata event.
 */
final class ConverseStreamCall {

  // the client's log category, as before the split, so log settings and alerts on it keep working
  private static final Logger log = LoggerFactory.getLogger(BedrockModelClient.class);
  /** Beyond the API call timeout, how long the stream wait allows before giving up on its own. */
  private static final Duration STREAM_GRACE = Duration.ofSeconds(5);

  private final BedrockRuntimeAsyncClient async;
  private final ModelUsageRecorder usage;
  private volatile Duration progressInterval = BedrockModelClient.PROGRESS_INTERVAL;

  ConverseStreamCall(BedrockRuntimeAsyncClient async, ModelUsageRecorder usage) {
    this.async = async;
    this.usage = usage;
  }

  /** How often a running stream logs the characters received so far (tests shorten it). */
  void progressInterval(Duration interval) {
    this.progressInterval = interval;
  }

  ModelReply call(CallContext context, TaskSettings settings, String system, List<Turn> turns) {
    ConverseStreamRequest request = ConverseStreamRequest.builder()
        .modelId(settings.modelId())
        .system(SystemContentBlock.fromText(system))
        .messages(ConverseCall.messages(turns))
        .inferenceConfig(ConverseCall.inference(settings))
        .overrideConfiguration(o -> o.apiCallTimeout(settings.timeout()))
        .build();
    StreamedAnswer answer = new StreamedAnswer();
    ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
        // with SDK retries on, a failed stream would be replayed into this same handler from the start: begin
        // afresh on every response so a replay can never double the text (retries are off, this is the guard)
        .onResponse(response -> answer.reset())
        .subscriber(ConverseStreamResponseHandler.Visitor.builder()
            .onContentBlockDelta(event -> {
              if (event.delta() != null && event.delta().text() != null) {
                answer.append(event.delta().text());
              }
            })
            .onMessageStop(event -> answer.stopped(event.stopReasonAsString()))
            .onMetadata(event -> answer.usage(event.usage()))
            .build())
        .build();
    long started = System.nanoTime();
    CompletableFuture<Void> call;
    try {
      call = async.converseStream(request, handler);
    } catch (SdkException e) {
      throw usage.failure(e, context, settings);
    }
    long deadline = started + settings.timeout().plus(STREAM_GRACE).toNanos();
    while (true) {
      try {
        call.get(progressInterval.toMillis(), TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException stillRunning) {
        log.info("{} with {} ({}{}): {} characters received after {} s", context.task(), settings.modelId(),
            context.runId(), context.competitorId() == null ? "" : "/" + context.competitorId(), answer.length(),
            ConverseCall.elapsedMs(started) / 1000);
        if (System.nanoTime() - deadline > 0) {
          call.cancel(true);
          throw usage.failure(stillRunning, context, settings);
        }
      } catch (ExecutionException e) {
        throw usage.failure(e.getCause(), context, settings);
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new OutsideServiceException(BedrockErrors.service(settings.modelId()),
            OutsideServiceException.Kind.TRANSIENT, "interrupted while waiting for the stream", e);
      }
    }
    ModelReply reply = answer.reply(ConverseCall.elapsedMs(started));
    usage.answered(context, settings, reply);
    log.info("{} with {}: stream finished, {} characters, {} output tokens in {} ms", context.task(),
        settings.modelId(), reply.text().length(), reply.outputTokens(), reply.latencyMs());
    return reply;
  }

  /** The answer of one stream as it arrives; written by the SDK's event thread, read by the waiting caller. */
  private static final class StreamedAnswer {
    private final StringBuilder text = new StringBuilder();
    private String stopReason;
    private TokenUsage usage;

    synchronized void reset() {
      text.setLength(0);
      stopReason = null;
      usage = null;
    }

    synchronized void append(String delta) {
      text.append(delta);
    }

    synchronized void stopped(String reason) {
      stopReason = reason;
    }

    synchronized void usage(TokenUsage reported) {
      usage = reported;
    }

    synchronized int length() {
      return text.length();
    }

    synchronized ModelReply reply(long latencyMs) {
      return ConverseCall.reply(text.toString(), stopReason, usage, latencyMs);
    }
  }
}
