package io.rivalwatch.resilience;

import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The shared limit on model calls, per model, across every worker thread of this application: requests per minute
 * and tokens per minute ({@code rivalwatch.resilience.bedrock.*}). A call waits up to {@code maxWait} for both; if
 * either would take longer it is refused at once with {@link Kind#RATE_LIMITED} and an estimate of when it would
 * pass, without calling the model.
 *
 * <p>Each model has two Resilience4j rate limiters that refresh every minute: "&lt;model&gt; requests" with one
 * permit per call, and "&lt;model&gt; tokens" whose permits are tokens. A call's tokens are its estimated input
 * (about one per four characters) plus the most it may answer (maxTokens). A call estimated above the whole
 * minute's token limit asks for the whole limit instead (else it could never pass).
 *
 * <p>The limits hold for the deployment: with several worker instances each takes its share of both
 * ({@link DeploymentInstances}, ADR 0021).
 *
 * <p>Both permits are reserved at once and the call waits for the later of the two. When the token limit refuses
 * after the request limit granted, that request permit stays spent (Resilience4j cannot give it back): the request
 * limit then errs on the slow side.
 */
@Component
public class ModelRateLimiter {

  /** The time calls waited for the limits, tagged {@code model}. */
  public static final String WAIT_METRIC = "rivalwatch.ratelimiter.wait";

  private static final Logger log = LoggerFactory.getLogger(ModelRateLimiter.class);
  private static final Duration PERIOD = Duration.ofMinutes(1);
  private static final Duration LEAST_RETRY_AFTER = Duration.ofSeconds(1);

  private final ResilienceProperties.ModelRateLimit settings;
  private final MeterRegistry meters;
  private final RateLimiterRegistry registry;
  private final RateLimiterConfig requestConfig;
  private final RateLimiterConfig tokenConfig;
  private final InFlightLimits inFlight;
  private final int requestsPerMinute;
  private final int tokensPerMinute;

  /** The limits with the default in-flight cap per model. */
  public ModelRateLimiter(ResilienceProperties properties, MeterRegistry meters) {
    this(properties, meters, new InFlightLimits(ConcurrencyProperties.defaults(), meters));
  }

  public ModelRateLimiter(ResilienceProperties properties, MeterRegistry meters, InFlightLimits inFlight) {
    this(properties, meters, inFlight, DeploymentInstances.single());
  }

  @org.springframework.beans.factory.annotation.Autowired
  public ModelRateLimiter(ResilienceProperties properties, MeterRegistry meters, InFlightLimits inFlight,
      DeploymentInstances instances) {
    this.inFlight = inFlight;
    this.settings = properties.bedrock();
    this.meters = meters;
    if (settings.requestsPerMinute() < 1 || settings.tokensPerMinute() < 1 || settings.maxWait().isNegative()) {
      throw new IllegalArgumentException("rivalwatch.resilience.bedrock: need requests-per-minute >= 1, "
          + "tokens-per-minute >= 1 and max-wait >= 0; got " + settings.requestsPerMinute() + ", "
          + settings.tokensPerMinute() + " and " + settings.maxWait());
    }
    this.requestsPerMinute = instances.share(settings.requestsPerMinute(),
        "rivalwatch.resilience.bedrock.requests-per-minute");
    this.tokensPerMinute = instances.share(settings.tokensPerMinute(), "rivalwatch.resilience.bedrock.tokens-per-minute");
    this.requestConfig = config(requestsPerMinute);
    this.tokenConfig = config(tokensPerMinute);
    this.registry = RateLimiterRegistry.of(requestConfig);
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(registry).bindTo(meters);
  }

  /** A limit of its own at the default settings, with its own meter registry: for a model client used alone. */
  public static ModelRateLimiter standalone() {
    return new ModelRateLimiter(new ResilienceProperties(null, null, null, null), new SimpleMeterRegistry());
  }

  private RateLimiterConfig config(int perMinute) {
    return RateLimiterConfig.custom()
        .limitRefreshPeriod(PERIOD)
        .limitForPeriod(perMinute)
        .timeoutDuration(settings.maxWait())
        .build();
  }

  /**
   * Runs a call to the model once fewer than {@code rivalwatch.concurrency.model-in-flight} calls to it are in flight
   * here ({@link InFlightLimits}); the rate limits are acquired inside, so a call waiting for a slot spends none.
   */
  public <T> T inFlight(String service, java.util.function.Supplier<T> call) {
    return inFlight.model(service, call);
  }

  /** Estimated tokens of a call: its input characters at about four per token, plus its maxTokens. */
  public static long estimateTokens(long inputCharacters, int maxTokens) {
    return (inputCharacters + 3) / 4 + Math.max(0, maxTokens);
  }

  /**
   * Waits until the model may be called with about {@code tokens} tokens.
   *
   * @param service the service name refusals carry, e.g. "bedrock:&lt;modelId&gt;"
   * @throws OutsideServiceException of kind RATE_LIMITED when the limits would not let the call through within
   *     maxWait; of kind TRANSIENT when the wait is interrupted
   */
  public void acquire(String service, String modelId, long tokens) {
    RateLimiter requests = registry.rateLimiter(modelId + " requests", requestConfig);
    RateLimiter tokenLimiter = registry.rateLimiter(modelId + " tokens", tokenConfig);
    int permits = (int) Math.min(Math.max(1, tokens), tokensPerMinute);
    if (permits < tokens) {
      log.debug("{}: a call of about {} tokens asks for the whole minute's limit of {}", service, tokens, permits);
    }
    long started = System.nanoTime();
    try {
      long requestWait = requests.reservePermission();
      if (requestWait < 0) {
        throw refused(service, "requests", requestsPerMinute + " requests per minute",
            estimatedWait(requests, 1));
      }
      long tokenWait = tokenLimiter.reservePermission(permits);
      if (tokenWait < 0) {
        throw refused(service, "tokens", tokensPerMinute + " tokens per minute (this call: about "
            + tokens + ")", estimatedWait(tokenLimiter, permits));
      }
      long wait = Math.max(requestWait, tokenWait);
      if (wait > 0) {
        log.debug("{}: waiting {} ms for the rate limit", service, TimeUnit.NANOSECONDS.toMillis(wait));
        sleep(service, wait);
      }
    } finally {
      Timer.builder(WAIT_METRIC).description("time model calls waited for the shared rate limit")
          .tag("model", modelId).register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  private OutsideServiceException refused(String service, String limit, String what, Duration retryAfter) {
    meters.counter(OutsideServices.CALLS_METRIC, "service", service, "outcome", "rate-limited").increment();
    log.info("{}: refused by the {} limit of {}; about {} until it would pass", service, limit, what,
        OutsideServices.seconds(retryAfter));
    return new OutsideServiceException(service, Kind.RATE_LIMITED,
        "not called: the shared limit of " + what + " would not let the call through within "
            + OutsideServices.seconds(settings.maxWait()) + "; try again in about "
            + OutsideServices.seconds(retryAfter),
        retryAfter, null);
  }

  /**
   * About how long until {@code permits} are available: the time Resilience4j gives for one permit, plus a full
   * period for every further limit's worth still missing; a period when it cannot tell.
   */
  static Duration estimatedWait(RateLimiter limiter, int permits) {
    int limit = limiter.getRateLimiterConfig().getLimitForPeriod();
    long period = limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
    int available = limiter.getMetrics().getAvailablePermissions();
    long nanos;
    if (available < 1 && limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics) {
      // Resilience4j knows when one permit comes: the start of the cycle that brings it
      long forOne = metrics.getNanosToWait();
      long cyclesForOne = ceilDiv(1L - available, limit);
      long cyclesForAll = ceilDiv((long) permits - available, limit);
      nanos = forOne + (cyclesForAll - cyclesForOne) * period;
    } else {
      // some permits are left but not enough: they come with the next cycle, at most a period away
      nanos = ceilDiv((long) permits - available, limit) * period;
    }
    Duration wait = Duration.ofNanos(Math.max(0, nanos));
    return wait.compareTo(LEAST_RETRY_AFTER) < 0 ? LEAST_RETRY_AFTER : wait;
  }

  private static long ceilDiv(long a, long b) {
    return Math.max(0, -Math.floorDiv(-a, b));
  }

  private static void sleep(String service, long nanos) {
    long deadline = System.nanoTime() + nanos;
    long left = nanos;
    while (left > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new OutsideServiceException(service, Kind.TRANSIENT,
            "interrupted while waiting for the shared rate limit", null);
      }
      left = deadline - System.nanoTime();
    }
  }
}
