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
 * logged while it lasts, and the usage comes from the closing metadata event. The answer counts only when both its
 * messageStop (the stop reason) and its metadata event arrived: a stream that ends without them was cut off, and is
 * an {@link IncompleteAnswerException} (recorded with estimated tokens), never a short answer.
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
            .onMetadata(event -> answer.metadata(event.usage()))
            .build())
        .build();
    long started = System.nanoTime();
    long promptCharacters = ConverseCall.promptCharacters(system, turns);
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
          throw failed(stillRunning, context, settings, answer, promptCharacters, started);
        }
      } catch (ExecutionException e) {
        throw failed(e.getCause(), context, settings, answer, promptCharacters, started);
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new OutsideServiceException(BedrockErrors.service(settings.modelId()),
            OutsideServiceException.Kind.TRANSIENT, "interrupted while waiting for the stream", e);
      }
    }
    ModelReply reply = answer.reply(ConverseCall.elapsedMs(started));
    if (!answer.complete()) {
      throw usage.incomplete(context, settings, promptCharacters, reply, answer.missing());
    }
    usage.answered(context, settings, reply, promptCharacters);
    log.info("{} with {}: stream finished, {} characters, {} output tokens in {} ms", context.task(),
        settings.modelId(), reply.text().length(), reply.outputTokens(), reply.latencyMs());
    return reply;
  }

  /**
   * A stream that failed: recorded with estimated tokens when the model had begun to answer (HTTP 200 came), then
   * classified; a call refused before that (throttled, invalid) was not billed and is only classified.
   */
  private OutsideServiceException failed(Throwable t, CallContext context, TaskSettings settings,
      StreamedAnswer answer, long promptCharacters, long started) {
    if (!answer.responded()) {
      return usage.failure(t, context, settings);
    }
    Throwable cause = BedrockErrors.unwrap(t);
    // an error event from the service keeps its type (throttling, model error); a stream the network or a proxy
    // broke off is an incomplete answer
    Throwable failure = cause instanceof software.amazon.awssdk.awscore.exception.AwsServiceException
        || cause instanceof java.util.concurrent.TimeoutException ? cause
        : new IncompleteAnswerException(settings.modelId(), "incomplete answer to the " + context.task()
            + " request: the stream broke off after " + answer.length() + " characters (" + cause + "); not used,"
            + " to be asked again", cause);
    return usage.failedAfterAnswerBegan(failure, context, settings, promptCharacters, answer.length(),
        ConverseCall.elapsedMs(started));
  }

  /** The answer of one stream as it arrives; written by the SDK's event thread, read by the waiting caller. */
  private static final class StreamedAnswer {
    private final StringBuilder text = new StringBuilder();
    private String stopReason;
    private TokenUsage usage;
    private boolean responded;
    private boolean metadata;

    synchronized void reset() {
      text.setLength(0);
      stopReason = null;
      usage = null;
      metadata = false;
      responded = true;
    }

    synchronized boolean responded() {
      return responded;
    }

    synchronized void metadata(TokenUsage reported) {
      metadata = true;
      usage = reported;
    }

    /** Both closing events arrived: the stop reason and the metadata (with the usage, if the service sends it). */
    synchronized boolean complete() {
      return stopReason != null && metadata;
    }

    /** What a cut stream lacked, for the failure's message. */
    synchronized String missing() {
      return stopReason == null && !metadata ? "the stream ended without its messageStop and metadata events"
          : stopReason == null ? "the stream ended without its messageStop event"
          : "the stream ended without its metadata event";
    }

    synchronized void append(String delta) {
      text.append(delta);
    }

    synchronized void stopped(String reason) {
      stopReason = reason;
    }

    synchronized int length() {
      return text.length();
    }

    synchronized ModelReply reply(long latencyMs) {
      return ConverseCall.reply(text.toString(), stopReason, usage, latencyMs);
    }
  }
}
