package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.cost.BudgetSpentException;
import io.rivalwatch.cost.ModelCallAdmission;
import io.rivalwatch.cost.ModelCallAuditLog;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;

/**
 * The only place that talks to the Bedrock runtime. Converse goes through the synchronous client
 * ({@link ConverseCall}); ConverseStream through the asynchronous one ({@link ConverseStreamCall}: Netty, HTTP/1.1,
 * which ConverseStream needs no more than and which also works against a local fake). Both clients have SDK retries
 * switched off: the engine owns retries, so each failed job, its backoff and the retry budget show in Operate, and
 * retries do not multiply. Before a call is sent, in this order: the run's budget is asked through its port
 * ({@link ModelCallAdmission}: a call that would overspend is never sent), then the model's breaker and the shared
 * rate limit ({@link ModelCallGate}); every answered call is recorded ({@link ModelUsageRecorder}), and every call,
 * including a failed one and one refused before it was sent, gets its entry in the model-call audit.
 */
public final class BedrockModelClient implements AutoCloseable {

  /** How often a running stream reports its progress in the log, by default. */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private final BedrockRuntimeClient sync;
  private final BedrockRuntimeAsyncClient async;
  private final ModelCallAdmission admission;
  private final ModelCallGate gate;
  private final ConverseCall converse;
  private final ConverseStreamCall converseStream;
  private final ModelUsageRecorder usage;

  BedrockModelClient(
      BedrockRuntimeClient sync, BedrockRuntimeAsyncClient async, String region, ModelUsageLedger ledger,
      Clock clock, OutsideServices services, ModelRateLimiter limiter, ModelCallAdmission admission,
      ModelCallAuditLog audit, BedrockRunPins pins) {
    this.sync = sync;
    this.async = async;
    this.admission = admission;
    this.gate = new ModelCallGate(services, limiter);
    this.usage = new ModelUsageRecorder(ledger, clock, region, audit, pins);
    this.converse = new ConverseCall(sync, usage);
    this.converseStream = new ConverseStreamCall(async, usage);
  }

  /**
   * Builds both clients from the properties; credentials come only from the SDK's default chain.
   *
   * @param services the breakers, one per model ("bedrock:&lt;modelId&gt;")
   * @param limiter the shared per-model limit on requests and tokens
   */
  public static BedrockModelClient create(BedrockProperties properties, ModelUsageLedger ledger, Clock clock,
      OutsideServices services, ModelRateLimiter limiter) {
    return create(properties, ledger, clock, services, limiter, ModelCallAdmission.UNLIMITED);
  }

  /**
   * @param admission asked before each call is sent whether the run's budget allows it (the budget's port; the
   *     policy behind it is not this adapter's)
   */
  public static BedrockModelClient create(BedrockProperties properties, ModelUsageLedger ledger, Clock clock,
      OutsideServices services, ModelRateLimiter limiter, ModelCallAdmission admission) {
    return create(properties, ledger, clock, services, limiter, admission, null, null);
  }

  /**
   * @param audit where every call's audit entry goes (null: none)
   * @param pins the runs' pins, which name each run's watch list and who started it, for the audit (null: none)
   */
  public static BedrockModelClient create(BedrockProperties properties, ModelUsageLedger ledger, Clock clock,
      OutsideServices services, ModelRateLimiter limiter, ModelCallAdmission admission, ModelCallAuditLog audit,
      BedrockRunPins pins) {
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
        services, limiter, admission, audit, pins);
  }

  /** How often a running stream logs the characters received so far (tests shorten it). */
  void progressInterval(Duration interval) {
    converseStream.progressInterval(interval);
  }

  /**
   * One Converse call, within the run's budget, through the model's breaker and rate limit.
   *
   * @throws io.rivalwatch.cost.BudgetSpentException without calling when the run's budget does not allow it
   * @throws OutsideServiceException when the call fails, classified by error type and status; CIRCUIT_OPEN or
   *     RATE_LIMITED without calling when the model's breaker is open or the shared limit does not let it through
   */
  public ModelReply converse(CallContext context, TaskSettings settings, String system, List<Turn> turns) {
    return send(context, settings, system, turns, sent -> converse.call(sent, settings, system, turns));
  }

  /**
   * One ConverseStream call, within the run's budget, through the model's breaker and rate limit: text deltas are
   * gathered into one answer, progress is logged while it lasts, and the usage comes from the closing metadata
   * event.
   *
   * @throws io.rivalwatch.cost.BudgetSpentException without calling when the run's budget does not allow it
   * @throws OutsideServiceException when the call fails, including an error event in the middle of the stream;
   *     CIRCUIT_OPEN or RATE_LIMITED without calling when the breaker is open or the limit does not let it through
   */
  public ModelReply converseStream(CallContext context, TaskSettings settings, String system, List<Turn> turns) {
    return send(context, settings, system, turns, sent -> converseStream.call(sent, settings, system, turns));
  }

  /**
   * The budget first (a call that would overspend is not made), then the breaker and the limit, then the call. A
   * call refused before it was sent is audited here; one that was sent is audited by whoever saw it end.
   */
  private ModelReply send(CallContext unsent, TaskSettings settings, String system, List<Turn> turns,
      java.util.function.Function<CallContext, ModelReply> call) {
    long characters = characters(system, turns);
    CallContext context = unsent.sent(renderedDigest(system, turns), System.nanoTime());
    boolean[] sent = {false};
    try (ModelCallAdmission.Admission paid = admission.admit(context.runId(), context.task(), settings.modelId(),
        characters, settings.maxTokens())) {
      return gate.call(settings.modelId(), characters, settings.maxTokens(), () -> {
        sent[0] = true;
        return call.apply(context.sent(context.renderedDigest(), System.nanoTime()));
      });
    } catch (BudgetSpentException | OutsideServiceException e) {
      if (!sent[0]) {
        usage.refused(e, context, settings);
      }
      throw e;
    }
  }

  /** The offline analyser answered as the last link of a task's chain: audited, at no cost. */
  void offlineAnswered(CallContext context, long latencyMs) {
    usage.offlineAnswered(context, latencyMs);
  }

  /** SHA-256 (hex) of the prompt exactly as sent: the system prompt, then each turn's role and text. */
  static String renderedDigest(String system, List<Turn> turns) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update((system == null ? "" : system).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (Turn turn : turns) {
        sha.update((byte) 0);
        sha.update((turn.fromModel() ? "assistant" : "user").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update((turn.text() == null ? "" : turn.text()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static long characters(String system, List<Turn> turns) {
    long characters = system == null ? 0 : system.length();
    for (Turn turn : turns) {
      characters += turn.text() == null ? 0 : turn.text().length();
    }
    return characters;
  }

  @Override
  public void close() {
    sync.close();
    async.close();
  }
}
