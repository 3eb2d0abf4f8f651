package io.rivalwatch.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * How failures of outside calls are absorbed.
 *
 * @param backoff the wait before a job is retried after a failure that may pass
 * @param runRetryBudget transient failures a run may absorb in total; when they are spent the run takes its
 *     failure path (keeping everything done so far)
 * @param breaker when a service is given a rest
 * @param bedrock how fast the models may be called
 * @param inJob the short retries of idempotent calls inside a job ({@link IdempotentCalls})
 * @param startup the retries of the start-up checks of the outside services ({@link StartupChecks})
 */
@ConfigurationProperties("rivalwatch.resilience")
public record ResilienceProperties(Backoff backoff, Integer runRetryBudget, Breaker breaker, ModelRateLimit bedrock,
    InJob inJob, Startup startup) {

  @ConstructorBinding
  public ResilienceProperties {
    backoff = backoff == null ? new Backoff(null, null, null, null) : backoff;
    runRetryBudget = runRetryBudget == null ? 50 : runRetryBudget;
    breaker = breaker == null ? new Breaker(null, null) : breaker;
    bedrock = bedrock == null ? new ModelRateLimit(null, null, null) : bedrock;
    inJob = inJob == null ? new InJob(null, null, null, null) : inJob;
    startup = startup == null ? new Startup(null, null) : startup;
  }

  public ResilienceProperties(Backoff backoff, Integer runRetryBudget, Breaker breaker, ModelRateLimit bedrock) {
    this(backoff, runRetryBudget, breaker, bedrock, null, null);
  }

  public ResilienceProperties(Backoff backoff, Integer runRetryBudget, Breaker breaker, ModelRateLimit bedrock,
      InJob inJob) {
    this(backoff, runRetryBudget, breaker, bedrock, inJob, null);
  }

  /** The settings for an adapter checked on its own (tests, tools): the defaults. */
  public static ResilienceProperties defaults() {
    return new ResilienceProperties(null, null, null, null);
  }

  /**
   * Retries of a start-up check (S3 HeadBucket, the AgentCore memory, the Bedrock models) that failed with
   * something that may pass: {@code attempts} in all, waiting {@code firstWait}, then twice as long each time (with
   * jitter). Defaults: 4 attempts, 1 s, so a check gives up after about 7 s of waiting.
   */
  public record Startup(Integer attempts, Duration firstWait) {
    public Startup {
      attempts = attempts == null ? 4 : attempts;
      firstWait = firstWait == null ? Duration.ofSeconds(1) : firstWait;
      if (attempts < 1 || firstWait.isNegative() || firstWait.isZero()) {
        throw new IllegalArgumentException("rivalwatch.resilience.startup: need attempts >= 1 and a positive "
            + "first-wait; got " + attempts + " and " + firstWait);
      }
    }
  }

  /**
   * Retries of an idempotent call inside the job, before the job fails to the engine: {@code maxAttempts} calls in
   * all, waiting {@code initialWait × 2^(n-1)} (at most {@code maxWait}) plus or minus {@code jitter} of it at random
   * between them. A Retry-After longer than {@code maxWait} is left to the engine. Defaults: 4 attempts, 200 ms,
   * 2 s, 0.5, so a call gives up within about 2 seconds of waiting.
   */
  public record InJob(Integer maxAttempts, Duration initialWait, Duration maxWait, Double jitter) {
    public InJob {
      maxAttempts = maxAttempts == null ? 4 : maxAttempts;
      initialWait = initialWait == null ? Duration.ofMillis(200) : initialWait;
      maxWait = maxWait == null ? Duration.ofSeconds(2) : maxWait;
      jitter = jitter == null ? 0.5 : jitter;
      if (maxAttempts < 1 || initialWait.isNegative() || initialWait.isZero() || maxWait.compareTo(initialWait) < 0
          || jitter < 0 || jitter >= 1) {
        throw new IllegalArgumentException("rivalwatch.resilience.in-job: need max-attempts >= 1 (1 turns the "
            + "retries off), 0 < initial-wait <= max-wait and 0 <= jitter < 1; got " + maxAttempts + ", "
            + initialWait + ", " + maxWait + ", " + jitter);
      }
    }
  }

  /**
   * Exponential backoff with jitter: {@code min(cap, base * factor^(n-1))}, plus a random share of up to
   * {@code jitter} of it, for the n-th retry of a job. A Retry-After the service gave wins.
   */
  public record Backoff(Duration base, Double factor, Duration cap, Double jitter) {
    public Backoff {
      base = base == null ? Duration.ofSeconds(1) : base;
      factor = factor == null ? 2.0 : factor;
      cap = cap == null ? Duration.ofMinutes(5) : cap;
      jitter = jitter == null ? 0.25 : jitter;
      if (factor < 1 || jitter < 0 || jitter > 1 || base.isNegative() || cap.compareTo(base) < 0) {
        throw new IllegalArgumentException("rivalwatch.resilience.backoff: need factor >= 1, 0 <= jitter <= 1 and "
            + "0 <= base <= cap; got base " + base + ", factor " + factor + ", cap " + cap + ", jitter " + jitter);
      }
    }
  }

  /**
   * @param failureThreshold consecutive failures that open a service's breaker
   * @param openDuration how long an open breaker refuses calls before one trial call
   * @param outagePatience how long an outage may last (from the breaker's first opening, through failed trials)
   *     while its failed trial calls cost the waiting jobs nothing; after it, a failed trial counts against the job
   *     that made it, so a service down for good ends in parked items or an incident instead of waiting for ever
   */
  public record Breaker(Integer failureThreshold, Duration openDuration, Duration outagePatience) {
    @ConstructorBinding
    public Breaker {
      failureThreshold = failureThreshold == null ? 5 : failureThreshold;
      openDuration = openDuration == null ? Duration.ofSeconds(60) : openDuration;
      outagePatience = outagePatience == null ? Duration.ofHours(2) : outagePatience;
      if (outagePatience.isNegative()) {
        throw new IllegalArgumentException("rivalwatch.resilience.breaker.outage-patience must not be negative, was "
            + outagePatience);
      }
    }

    public Breaker(Integer failureThreshold, Duration openDuration) {
      this(failureThreshold, openDuration, null);
    }
  }

  /**
   * A shared limit on Bedrock calls, per model.
   *
   * @param requestsPerMinute model calls per minute
   * @param tokensPerMinute estimated input plus maximum output tokens per minute
   * @param maxWait the longest a call waits for the limit before its job is retried later
   */
  public record ModelRateLimit(Integer requestsPerMinute, Integer tokensPerMinute, Duration maxWait) {
    public ModelRateLimit {
      requestsPerMinute = requestsPerMinute == null ? 100 : requestsPerMinute;
      tokensPerMinute = tokensPerMinute == null ? 400_000 : tokensPerMinute;
      maxWait = maxWait == null ? Duration.ofSeconds(30) : maxWait;
    }
  }
}
