package io.rivalwatch.resilience;

import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one place that says which outside calls are repeated inside the job when they fail with something that may
 * pass (a 5xx, throttling, a connection reset), and repeats them: a few attempts with short, jittered, exponential
 * waits ({@code rivalwatch.resilience.in-job.*}), each attempt through the service's breaker. Only calls whose
 * repeat cannot do anything twice are repeated ({@link Operation#idempotent()}); the others make one attempt and
 * leave the retry to the engine (ADR 0015). A breaker's refusal and a fatal answer are never repeated here.
 *
 * <p>Each repeat is counted in {@value #RETRIES_METRIC} (tag {@code operation}), each call that still failed after
 * its repeats in {@value #EXHAUSTED_METRIC}; Resilience4j's {@code resilience4j_retry_calls} has the same by outcome.
 */
@Component
public class IdempotentCalls {

  public static final String RETRIES_METRIC = "rivalwatch.in.job.retries";
  public static final String EXHAUSTED_METRIC = "rivalwatch.in.job.retries.exhausted";

  private static final Logger log = LoggerFactory.getLogger(IdempotentCalls.class);

  /** Every kind of outside call the product makes, with the rule for repeating it inside the job. */
  public enum Operation {
    /** A read: repeating it changes nothing. */
    S3_GET_OBJECT("s3", "GetObject", true),
    /** A read. */
    S3_HEAD_OBJECT("s3", "HeadObject", true),
    /** A read. */
    S3_LIST_OBJECTS("s3", "ListObjectsV2", true),
    /**
     * Create-if-absent ({@code If-None-Match: *}): a repeat after an answer that was lost finds the object written
     * and gets 412, which the store reports as "already there"; the key never gets a second, different content.
     */
    S3_PUT_IF_ABSENT("s3", "PutObject (If-None-Match)", true),
    /**
     * An unconditional write whose content the caller derived from what it read: repeated blindly it could replace
     * a newer version written meanwhile. The job's retry reads again first.
     */
    S3_OVERWRITE("s3", "PutObject", false),
    /** Deleting a key that is gone answers as the first deletion did. */
    S3_DELETE_OBJECT("s3", "DeleteObject", true),
    /** Carries a client token derived from the entry: the service keeps the first event of a token. */
    MEMORY_CREATE_EVENT("agentcore-memory", "CreateEvent", true),
    /** A read. */
    MEMORY_RETRIEVE("agentcore-memory", "RetrieveMemoryRecords", true),
    /** A read: ListActors, ListSessions, ListEvents, ListMemoryRecords. */
    MEMORY_LIST("agentcore-memory", "List", true),
    /** DeleteEvent, DeleteMemoryRecord: a repeat after a lost answer finds it gone, which the store counts as done. */
    MEMORY_DELETE("agentcore-memory", "Delete", true),
    /**
     * Paid per call and slow; throttling waits belong to the rate limiter and the engine's backoff, where they are
     * visible and hold no thread.
     */
    MODEL_CONVERSE("bedrock", "Converse", false),
    /** A message cannot be unsent: a repeat after a lost answer would deliver it twice. */
    MAIL_SEND("smtp", "send", false),
    /** Same as mail: a webhook post cannot be taken back. */
    SLACK_POST("slack", "post", false),
    /** Research decides per item what a failing page costs (ADR 0013); a repeat here would hide that. */
    WEB_FETCH("web", "GET", false);

    private final String service;
    private final String call;
    private final boolean idempotent;

    Operation(String service, String call, boolean idempotent) {
      this.service = service;
      this.call = call;
      this.idempotent = idempotent;
    }

    /** The breaker's service name ("s3", "agentcore-memory"; a prefix for per-model and per-host breakers). */
    public String service() {
      return service;
    }

    /** The API call, as the service names it. */
    public String call() {
      return call;
    }

    /** True when repeating the call inside the job cannot do anything twice. */
    public boolean idempotent() {
      return idempotent;
    }

    /** The metric and retry name, e.g. "s3-get-object". */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final OutsideServices services;
  private final ResilienceProperties.InJob settings;
  private final Map<Operation, Retry> retries = new EnumMap<>(Operation.class);

  @Autowired
  public IdempotentCalls(OutsideServices services, ResilienceProperties properties, MeterRegistry meters) {
    this.services = services;
    this.settings = properties.inJob();
    IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialWait(), 2.0,
        settings.jitter(), settings.maxWait());
    RetryConfig config = RetryConfig.<Object>custom()
        .maxAttempts(settings.maxAttempts())
        // a Retry-After the service gave wins (retryOnException lets only short ones be waited for here)
        .intervalBiFunction((Integer attempt, Either<Throwable, Object> outcome) ->
            (outcome.isLeft() ? retryAfter(outcome.getLeft()) : Optional.<Duration>empty())
                .map(Duration::toMillis)
                .orElseGet(() -> backoff.apply(attempt)))
        .retryOnException(this::mayPassSoon)
        .failAfterMaxAttempts(false)
        .build();
    RetryRegistry registry = RetryRegistry.of(config);
    for (Operation operation : Operation.values()) {
      if (!operation.idempotent()) {
        continue;
      }
      Retry retry = registry.retry(operation.id());
      retry.getEventPublisher()
          .onRetry(event -> {
            meters.counter(RETRIES_METRIC, "operation", operation.id()).increment();
            log.debug("{} {} failed (attempt {}), again in {} ms: {}", operation.service(), operation.call(),
                event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(),
                event.getLastThrowable().getMessage());
          })
          .onError(event -> {
            if (event.getNumberOfRetryAttempts() > 0) {
              meters.counter(EXHAUSTED_METRIC, "operation", operation.id()).increment();
            }
          });
      retries.put(operation, retry);
    }
    TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meters);
  }

  /**
   * One attempt per call, for an adapter used on its own (tools, tests of one failure): the application's instance
   * repeats idempotent calls.
   */
  public static IdempotentCalls singleAttempt(OutsideServices services) {
    return new IdempotentCalls(services, new ResilienceProperties(null, null, null, null,
        new ResilienceProperties.InJob(1, null, null, null)), new SimpleMeterRegistry());
  }

  /** Makes the call through the operation's breaker, repeating it as its rule says. */
  public <T> T call(Operation operation, Supplier<T> call) {
    return call(operation, operation.service(), call);
  }

  /**
   * The same, for a service whose breaker name is more specific than the operation's (one per model or host).
   *
   * @throws OutsideServiceException the last attempt's failure, or the breaker's refusal
   */
  public <T> T call(Operation operation, String service, Supplier<T> call) {
    Supplier<T> guarded = () -> services.call(service, call);
    Retry retry = retries.get(operation);
    return retry == null ? guarded.get() : retry.executeSupplier(guarded);
  }

  /** {@link #call} for a call without a result. */
  public void run(Operation operation, Runnable call) {
    call(operation, () -> {
      call.run();
      return null;
    });
  }

  /** The breakers the calls go through. */
  public OutsideServices services() {
    return services;
  }

  /** A failure worth repeating now: one that may pass, and whose Retry-After (if any) is short enough to wait here. */
  private boolean mayPassSoon(Throwable failure) {
    OutsideServiceException outside = find(failure);
    if (outside == null || !outside.counted()) {
      return false; // a bug, a fatal answer, or a breaker's refusal
    }
    return outside.retryAfter().map(wait -> wait.compareTo(settings.maxWait()) <= 0).orElse(true);
  }

  private static Optional<Duration> retryAfter(Throwable failure) {
    OutsideServiceException outside = find(failure);
    return outside == null ? Optional.empty() : outside.retryAfter();
  }

  private static OutsideServiceException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutsideServiceException outside) {
        return outside;
      }
    }
    return null;
  }
}
