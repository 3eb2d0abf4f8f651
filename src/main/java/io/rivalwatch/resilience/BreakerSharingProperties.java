package io.rivalwatch.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether breaker openings are shared between worker instances through the artefact store ({@link BreakerSharing}).
 *
 * @param enabled true (the default) to share; a single instance loses nothing by it but one listing per poll
 * @param pollInterval how often each instance lists the openings of the others: the longest an opening takes to
 *     arrive everywhere (default 5s)
 */
@ConfigurationProperties("rivalwatch.resilience.breaker-sharing")
public record BreakerSharingProperties(Boolean enabled, Duration pollInterval) {

  public BreakerSharingProperties {
    enabled = enabled == null || enabled;
    pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
  }
}
