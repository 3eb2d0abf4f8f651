package io.rivalwatch.workflow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param retryBackoff wait before the first retry of a job that failed for a reason that may pass
 * @param maxRetryBackoff the longest wait; the backoff doubles with every retry used up to this
 */
@ConfigurationProperties("rivalwatch.jobs")
public record JobProperties(Duration retryBackoff, Duration maxRetryBackoff) {

  public JobProperties {
    retryBackoff = retryBackoff == null ? Duration.ofSeconds(5) : retryBackoff;
    maxRetryBackoff = maxRetryBackoff == null ? Duration.ofMinutes(5) : maxRetryBackoff;
  }
}
