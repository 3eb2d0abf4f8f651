package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.cost.RunBudget;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * The only place that talks to the Bedrock runtime. Converse goes through the synchronous client; ConverseStream
 * through the asynchronous one (Netty, HTTP/1.1: ConverseStream needs no HTTP/2, and HTTP/1.1 also works against a
 * local fake). Both clients have SDK retries switched off: the engine owns retries, so each failed job, its backoff
 * and the retry budget show in Operate, and retries do not multiply. Every answered call is recorded in the
 * {@link ModelUsageLedger}, whether or not its answer turns out usable. Each model has a circuit breaker
 * ("bedrock:&lt;modelId&gt;", {@link OutsideServices}) and a shared limit on requests and tokens per minute
 * ({@link ModelRateLimiter}); a call they refuse is not made.
 */
public final class BedrockModelClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BedrockModelClient.class);
  /** How often a running stream reports its progress in the log, by default. */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
  /** Beyond the API call timeout, how long the stream wait allows before giving up on its own. */
  private static final Duration STREAM_GRACE = Duration.ofSeconds(5);

  private final BedrockRuntimeClient sync;
  private final BedrockRuntimeAsyncClient async;
  private final String region;
  private final ModelUsageLedger ledger;
  private final Clock clock;
  private final OutsideServices services;
  private final ModelRateLimiter limiter;
  private final RunBudget budget;
  private volatile Duration progressInterval = PROGRESS_INTERVAL;

  BedrockModelClient(
      BedrockRuntimeClient sync, BedrockRuntimeAsyncClient async, String region, ModelUsageLedger ledger,
      Clock clock, OutsideServices services, ModelRateLimiter limiter, RunBudget budget) {
    this.sync = sync;
    this.budget = budget;
    this.async = async;
    this.region = region;
    this.ledger = ledger;
    this.clock = clock;
    this.services = services;
    this.limiter = limiter;
  }

  /**
   * Builds both clients from the properties; credentials come only from the SDK's default chain.
   *
   * @param services the breakers, one per model ("bedrock:&lt;modelId&gt;")
   * @param limiter the shared per-model limit on requests and tokens
   */
  public static BedrockModelClient create(BedrockProperties properties, ModelUsageLedger ledger, Clock clock,
      OutsideServices services, ModelRateLimiter limiter) {
    return create(properties, ledger, clock, services, limiter, null);
  }

  /**
   * @param budget checks each call against its run's budget before it is made, or null for no budget checks
   */
  public static BedrockModelClient create(BedrockProperties properties, ModelUsageLedger ledger, Clock clock,
      OutsideServices services, ModelRateLimiter limiter, RunBudget budget) {
    AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallTimeout(properties.longestTimeout())
        .build();
    Region region = Region.of(properties.region());

    BedrockRuntimeClientBuilder syncBuilder = BedrockRuntimeClient.builder()
        .region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(overrides);
    BedrockRuntimeAsyncClientBuilder asyncBuilder = BedrockRuntimeAsyncClient.builder()
        .region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(overrides)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder()
            .protocol(Protocol.HTTP1_1)
            // a long prompt may take a while before its first token; the API call timeout bounds the whole call
            .readTimeout(properties.longestTimeout()));
    if (properties.endpoint() != null) {
      syncBuilder.endpointOverride(properties.endpoint());
      asyncBuilder.endpointOverride(properties.endpoint());
    }
    return new BedrockModelClient(syncBuilder.build(), asyncBuilder.build(), properties.region(), ledger, clock,
        services, limiter, budget);
  }

  /** How often a running stream logs the characters received so far (tests shorten it). */
  void progressInterval(Duration interval) {
    this.progressInterval = interval;
  }

  /**
   * One Converse call, through the model's breaker and rate limit.
   *
   * @throws OutsideServiceException when the call fails, classified by error type and status; CIRCUIT_OPEN or
   *     RATE_LIMITED without calling when the model's breaker is open or the shared limit does not let it through
   */
  public ModelReply converse(CallContext context, TaskSettings settings, String system, List<Turn> turns) {
    try (RunBudget.Admission paid = withinBudget(context, settings, system, turns)) {
      String service = admit(settings, system, turns);
      return services.call(service, () -> callConverse(context, settings, system, turns));
    }
  }

  /**
   * Checks the run's budget before anything else: a call that would overspend is not made.
   *
   * @throws io.rivalwatch.cost.BudgetSpentException when the run's model calls are stopped
   */
  private RunBudget.Admission withinBudget(CallContext context, TaskSettings settings, String system,
      List<Turn> turns) {
    if (budget == null) {
      return RunBudget.Admission.NONE;
    }
    return budget.admit(context.runId(), context.task(), settings.modelId(), characters(system, turns),
        settings.maxTokens());
  }

  private static long characters(String system, List<Turn> turns) {
    long characters = system == null ? 0 : system.length();
    for (Turn turn : turns) {
      characters += turn.text() == null ? 0 : turn.text().length();
    }
    return characters;
  }

  /**
   * Lets a call go ahead once the model's breaker is not open and the rate limit has let it through (the limit
   * sits outside the breaker: its refusal is ours, not the model's failure).
   */
  private String admit(TaskSettings settings, String system, List<Turn> turns) {
    String service = BedrockErrors.service(settings.modelId());
    services.refuseIfOpen(service);
    long characters = characters(system, turns);
    limiter.acquire(service, settings.modelId(), ModelRateLimiter.estimateTokens(characters, settings.maxTokens()));
    return service;
  }

  private ModelReply callConverse(CallContext context, TaskSettings settings, String system, List<Turn> turns) {
    ConverseRequest request = ConverseRequest.builder()
        .modelId(settings.modelId())
        .system(SystemContentBlock.fromText(system))
        .messages(messages(turns))
        .inferenceConfig(inference(settings))
        .overrideConfiguration(o -> o.apiCallTimeout(settings.timeout()))
        .build();
    long started = System.nanoTime();
    ConverseResponse response;
    try {
      response = sync.converse(request);
    } catch (SdkException e) {
      throw failure(e, context, settings);
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
    record(context, settings, reply);
    return reply;
  }

  /**
   * One ConverseStream call, through the model's breaker and rate limit: text deltas are gathered into one answer,
   * progress is logged while it lasts, and the usage comes from the closing metadata event.
   *
   * @throws OutsideServiceException when the call fails, including an error event in the middle of the stream;
   *     CIRCUIT_OPEN or RATE_LIMITED without calling when the breaker is open or the limit does not let it through
   */
  public ModelReply converseStream(CallContext context, TaskSettings settings, String system, List<Turn> turns) {
    try (RunBudget.Admission paid = withinBudget(context, settings, system, turns)) {
      String service = admit(settings, system, turns);
      return services.call(service, () -> callConverseStream(context, settings, system, turns));
    }
  }

  private ModelReply callConverseStream(CallContext context, TaskSettings settings, String system,
      List<Turn> turns) {
    ConverseStreamRequest request = ConverseStreamRequest.builder()
        .modelId(settings.modelId())
        .system(SystemContentBlock.fromText(system))
        .messages(messages(turns))
        .inferenceConfig(inference(settings))
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
      throw failure(e, context, settings);
    }
    long deadline = started + settings.timeout().plus(STREAM_GRACE).toNanos();
    while (true) {
      try {
        call.get(progressInterval.toMillis(), TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException stillRunning) {
        log.info("{} with {} ({}{}): {} characters received after {} s", context.task(), settings.modelId(),
            context.runId(), context.competitorId() == null ? "" : "/" + context.competitorId(), answer.length(),
            elapsedMs(started) / 1000);
        if (System.nanoTime() - deadline > 0) {
          call.cancel(true);
          throw failure(stillRunning, context, settings);
        }
      } catch (ExecutionException e) {
        throw failure(e.getCause(), context, settings);
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new OutsideServiceException(BedrockErrors.service(settings.modelId()),
            OutsideServiceException.Kind.TRANSIENT, "interrupted while waiting for the stream", e);
      }
    }
    ModelReply reply = answer.reply(elapsedMs(started));
    record(context, settings, reply);
    log.info("{} with {}: stream finished, {} characters, {} output tokens in {} ms", context.task(),
        settings.modelId(), reply.text().length(), reply.outputTokens(), reply.latencyMs());
    return reply;
  }

  private OutsideServiceException failure(Throwable t, CallContext context, TaskSettings settings) {
    OutsideServiceException e = BedrockErrors.classify(t, settings.modelId(), context.task(), region,
        settings.timeout());
    log.warn("{} call to {} failed ({}): {}", context.task(), settings.modelId(), e.kind(), e.getMessage());
    ledger.failed(context.phase(), settings.modelId());
    return e;
  }

  private static List<Message> messages(List<Turn> turns) {
    List<Message> messages = new ArrayList<>(turns.size());
    for (Turn turn : turns) {
      messages.add(Message.builder()
          .role(turn.fromModel() ? ConversationRole.ASSISTANT : ConversationRole.USER)
          .content(ContentBlock.fromText(turn.text()))
          .build());
    }
    return messages;
  }

  private static InferenceConfiguration inference(TaskSettings settings) {
    return InferenceConfiguration.builder()
        .maxTokens(settings.maxTokens())
        .temperature(settings.temperature().floatValue())
        .build();
  }

  private static ModelReply reply(String text, String stopReason, TokenUsage usage, long latencyMs) {
    if (usage == null) {
      return new ModelReply(text, stopReason, 0, 0, 0, 0, false, latencyMs);
    }
    return new ModelReply(text, stopReason, count(usage.inputTokens()), count(usage.outputTokens()),
        count(usage.cacheReadInputTokens()), count(usage.cacheWriteInputTokens()),
        usage.inputTokens() != null || usage.outputTokens() != null, latencyMs);
  }

  private void record(CallContext context, TaskSettings settings, ModelReply reply) {
    if (!reply.usageReported()) {
      log.warn("{} call to {} ({}{}) reported no token usage: recorded as 0 tokens", context.task(),
          settings.modelId(), context.runId(), context.competitorId() == null ? "" : "/" + context.competitorId());
    }
    if (context.runId() == null) {
      log.debug("{} call to {} outside a run: {} input, {} output tokens, not recorded", context.task(),
          settings.modelId(), reply.inputTokens(), reply.outputTokens());
      return;
    }
    ledger.record(new ModelCall(context.runId(), context.phase(), context.task(), context.competitorId(),
        settings.modelId(), reply.inputTokens(), reply.outputTokens(), reply.cacheReadTokens(),
        reply.cacheWriteTokens(), reply.latencyMs(), clock.instant()));
  }

  private static long count(Integer tokens) {
    return tokens == null ? 0 : tokens;
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  @Override
  public void close() {
    sync.close();
    async.close();
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
      return BedrockModelClient.reply(text.toString(), stopReason, usage, latencyMs);
    }
  }
}
