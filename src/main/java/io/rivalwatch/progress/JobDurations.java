package io.rivalwatch.progress;

import io.rivalwatch.workflow.RunPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * The most recent job durations per phase, across runs, and how many of them ran at once: what the ETA is
 * estimated from.
 */
final class JobDurations {

  private record Sample(Instant start, Instant end, long tookMillis) {}

  /** Mean seconds per job and the parallelism seen, for one phase. */
  record Rate(double meanSeconds, double parallelism) {
    double secondsFor(int items) {
      return items * meanSeconds / parallelism;
    }
  }

  private final int capacity;
  private final Map<RunPhase, Deque<Sample>> samples = new EnumMap<>(RunPhase.class);

  JobDurations(int capacity) {
    this.capacity = capacity;
  }

  synchronized void add(RunPhase phase, Instant end, Duration took) {
    if (end == null || took == null || took.isNegative()) {
      return;
    }
    Deque<Sample> phaseSamples = samples.computeIfAbsent(phase, p -> new ArrayDeque<>());
    Sample sample = new Sample(end.minus(took), end, took.toMillis());
    if (phaseSamples.isEmpty() || !end.isBefore(phaseSamples.peekLast().end())) {
      phaseSamples.addLast(sample);
    } else {
      // a job another instance finished earlier, read late: kept in the order of the ends, so every instance keeps
      // the same most recent samples
      java.util.List<Sample> ordered = new java.util.ArrayList<>(phaseSamples);
      int at = ordered.size();
      while (at > 0 && ordered.get(at - 1).end().isAfter(end)) {
        at--;
      }
      ordered.add(at, sample);
      phaseSamples.clear();
      phaseSamples.addAll(ordered);
    }
    while (phaseSamples.size() > capacity) {
      phaseSamples.removeFirst();
    }
  }

  /** The phase's rate, or the mean over all phases when this phase has no samples yet; null with no samples at all. */
  synchronized Rate rate(RunPhase phase) {
    Deque<Sample> own = samples.get(phase);
    if (own != null && !own.isEmpty()) {
      return rateOf(own);
    }
    Deque<Sample> all = new ArrayDeque<>();
    samples.values().forEach(all::addAll);
    // other phases ran with other parallelism: only their mean duration is borrowed
    return all.isEmpty() ? null : new Rate(rateOf(all).meanSeconds(), 1);
  }

  /**
   * Parallelism is the busy time of the samples divided by the wall-clock time they span: ten one-second jobs within
   * two seconds ran five at a time.
   */
  private static Rate rateOf(Deque<Sample> phaseSamples) {
    long busy = 0;
    Instant first = null;
    Instant last = null;
    for (Sample sample : phaseSamples) {
      busy += sample.tookMillis();
      first = first == null || sample.start().isBefore(first) ? sample.start() : first;
      last = last == null || sample.end().isAfter(last) ? sample.end() : last;
    }
    double mean = busy / 1000.0 / phaseSamples.size();
    long span = Duration.between(first, last).toMillis();
    double parallelism = span <= 0 ? 1 : Math.min(phaseSamples.size(), Math.max(1, (double) busy / span));
    return new Rate(mean, parallelism);
  }
}
