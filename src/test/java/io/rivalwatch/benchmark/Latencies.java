package io.rivalwatch.benchmark;

import java.time.Duration;

/**
 * How long each fake of the outside world takes to answer one call.
 *
 * @param sourceFetch one source kind gathered for one competitor (a page, a feed, an API answer)
 * @param analysisCall one analysis of one competitor (a model call)
 * @param synthesisCall the executive summary of a report revision (a long model generation)
 * @param memoryCall one memory write or search
 * @param artefactCall one artefact store read, write or listing
 * @param deliveryCall one e-mail handed to the mail server, or one Slack post
 */
record Latencies(Duration sourceFetch, Duration analysisCall, Duration synthesisCall, Duration memoryCall,
    Duration artefactCall, Duration deliveryCall) {

  static final Latencies ZERO = new Latencies(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
      Duration.ZERO, Duration.ZERO);

  /** The relative figures: a fetch 200 ms, an analysis 1 s, a synthesis 3 s; stores in milliseconds. */
  static final Latencies REALISTIC = new Latencies(Duration.ofMillis(200), Duration.ofSeconds(1),
      Duration.ofSeconds(3), Duration.ofMillis(5), Duration.ofMillis(2), Duration.ofMillis(100));

  /**
   * The issue 14 comparison's latencies: a source 200 ms, an analysis 1 s, a synthesis 3 s, a delivery 200 ms; the
   * stores and the memory answer at once. Used with the world's limits of {@link OutsideWorld#MATCHED_LIMITS}.
   */
  static final Latencies MATCHED = new Latencies(Duration.ofMillis(200), Duration.ofSeconds(1),
      Duration.ofSeconds(3), Duration.ZERO, Duration.ZERO, Duration.ofMillis(200));

  /** The same proportions, shorter: for quick checks and the smoke test. */
  Latencies scaled(double factor) {
    return new Latencies(scale(sourceFetch, factor), scale(analysisCall, factor), scale(synthesisCall, factor),
        scale(memoryCall, factor), scale(artefactCall, factor), scale(deliveryCall, factor));
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofNanos(Math.round(d.toNanos() * factor));
  }
}
