package io.rivalwatch.progress;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How much progress this instance keeps in memory and how it serves it.
 *
 * @param keepFinished finished runs kept for the API (oldest forgotten first)
 * @param retention a finished run is forgotten this long after it ended, whatever {@code keepFinished} says
 * @param maxRuns runs kept at most, running ones included (the least recently active is forgotten first), so a
 *     flood of runs that never end cannot fill the memory
 * @param costCache how long a run's cost so far is reused before the ledger is read again (reading it lists the
 *     run's artefacts)
 * @param streamTimeout an event stream is closed after this long; browsers' EventSource reconnects by itself
 * @param etaSamples job durations per phase that the ETA is estimated from (the most recent ones)
 * @param pollInterval with several worker instances ({@code rivalwatch.deployment.instances} above 1), how often each
 *     reads the others' finished jobs from the artefact store (default 1s): the longest one instance's answer lags
 *     behind another's
 */
@ConfigurationProperties("rivalwatch.progress")
public record ProgressProperties(
    Integer keepFinished, Duration retention, Integer maxRuns, Duration costCache, Duration streamTimeout,
    Integer etaSamples, Duration pollInterval) {

  public ProgressProperties {
    keepFinished = positive(keepFinished, 50, "keep-finished");
    maxRuns = positive(maxRuns, 1000, "max-runs");
    etaSamples = positive(etaSamples, 50, "eta-samples");
    retention = retention == null ? Duration.ofHours(24) : retention;
    costCache = costCache == null ? Duration.ofSeconds(5) : costCache;
    streamTimeout = streamTimeout == null ? Duration.ofMinutes(30) : streamTimeout;
    pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("rivalwatch.progress.poll-interval: " + pollInterval
          + " is not allowed. Fix: set a positive duration such as 1s");
    }
  }

  public static ProgressProperties defaults() {
    return new ProgressProperties(null, null, null, null, null, null, null);
  }

  private static int positive(Integer value, int fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value < 1) {
      throw new IllegalArgumentException("rivalwatch.progress." + name + ": " + value
          + " is not allowed; set a whole number of 1 or more (default " + fallback + ")");
    }
    return value;
  }
}
