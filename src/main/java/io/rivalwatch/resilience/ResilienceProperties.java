package io.rivalwatch.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How failures of outside calls are absorbed.
 *
 * @param backoff the wait before a job is retried after a failure that may pass
 * @param runRetryBudget transient failures a run may absorb in total; when they are spent the run takes its
 *     failure path (keeping everything done so far)
 * @param breaker when a service is given a rest
 * @param bedrock how fast the models may be called
 */
@ConfigurationProperties("rivalwatch.resilience")
public record ResilienceProperties(Backoff backoff, Integer runRetryBudget, Breaker breaker, ModelRateLimit bedrock) {

  public ResilienceProperties {
    backoff = backoff == null ? new Backoff(null, null, null, null) : backoff;
    runRetryBudget = runRetryBudget == null ? 50 : runRetryBudget;
    breaker = breaker == null ? new Breaker(null, null) : breaker;
    bedrock = bedrock == null ? new ModelRateLimit(null, null, null) : bedrock;
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
   */
  public record Breaker(Integer failureThreshold, Duration openDuration) {
    public Breaker {
      failureThreshold = failureThreshold == null ? 5 : failureThreshold;
      openDuration = openDuration == null ? Duration.ofSeconds(60) : openDuration;
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
