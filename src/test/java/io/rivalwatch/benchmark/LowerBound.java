package io.rivalwatch.benchmark;

import io.rivalwatch.workflow.JobTypes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shortest time a run could take with the fakes' latencies and the workers' parallelism, whatever the
 * orchestration: the run's own steps one after another (the deliveries side by side), and between them the
 * competitors' research and analysis, which can be no shorter than its longest competitor chain nor than its
 * waiting spread evenly over what can overlap ({@link Parallelism}). Only waiting for the fakes counts; everything the engine, the
 * client and the services do is what the ratio to this bound measures.
 */
final class LowerBound {

  /**
   * How many waits can overlap: the handler threads (unlimited with a virtual thread per job), the application's
   * cap per source API (rivalwatch.concurrency.source-in-flight), and the outside world's own limits.
   */
  record Parallelism(int handlerThreads, int sourceInFlightPerKind, OutsideWorld.Limits world) {}

  private LowerBound() {}

  /**
   * The issue 14 bound for the matched mode, from the counts of calls: n competitors each with 4 sources and 3
   * analyses, the sources and the model calls as many at once as the world takes; then one source's wait before the
   * first analysis can start, the summary, and the deliveries side by side:
   * {@code B(n) = max(ceil(4n/S) * fetch, ceil(3n/M) * analysis) + fetch + summary + delivery}.
   */
  static Duration matched(int competitors, Latencies latencies, OutsideWorld.Limits world) {
    long fetches = ceilDiv(4L * competitors, world.sourcesInFlight()) * latencies.sourceFetch().toNanos();
    long analyses = ceilDiv(3L * competitors, world.modelCallsInFlight()) * latencies.analysisCall().toNanos();
    return Duration.ofNanos(Math.max(fetches, analyses) + latencies.sourceFetch().toNanos()
        + latencies.synthesisCall().toNanos() + latencies.deliveryCall().toNanos());
  }

  static String matchedFormula(OutsideWorld.Limits world, Latencies l) {
    return "B(n) = max(ceil(4n/" + world.sourcesInFlight() + ") * " + l.sourceFetch().toMillis() + " ms, ceil(3n/"
        + world.modelCallsInFlight() + ") * " + l.analysisCall().toMillis() + " ms) + " + l.sourceFetch().toMillis()
        + " ms + " + l.synthesisCall().toMillis() + " ms + " + l.deliveryCall().toMillis() + " ms";
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** The bound for one run, from its jobs' charged latencies. */
  static Duration of(long run, EngineLog log, Collection<JobTimings.Job> jobs, Parallelism parallelism) {
    long sequential = 0;
    long deliveries = 0;
    Map<Long, List<JobTimings.Job>> byCompetitor = new HashMap<>();
    for (JobTimings.Job job : jobs) {
      EngineLog.Instance instance = log.instances.get(job.processInstanceKey);
      if (job.processInstanceKey == run) {
        if (job.type.startsWith("rivalwatch-deliver-") || job.type.equals(JobTypes.PUBLISH_DASHBOARD)) {
          deliveries = Math.max(deliveries, job.latencyNanos);
        } else {
          sequential += job.latencyNanos;
        }
      } else if (instance != null && instance.parentKey() == run) {
        byCompetitor.computeIfAbsent(job.processInstanceKey, k -> new java.util.ArrayList<>()).add(job);
      }
    }
    long longestChain = 0;
    long allWaiting = 0;
    long allGathering = 0;
    long allAnalysing = 0;
    Map<String, Long> gatheringByKind = new HashMap<>();
    for (List<JobTimings.Job> competitor : byCompetitor.values()) {
      long gather = 0;
      long analyse = 0;
      long other = 0;
      for (JobTimings.Job job : competitor) {
        allWaiting += job.latencyNanos;
        if (job.type.startsWith("rivalwatch-gather-")) {
          gather = Math.max(gather, job.latencyNanos);
          allGathering += job.latencyNanos;
          gatheringByKind.merge(job.type, job.latencyNanos, Long::sum);
        } else if (job.type.startsWith("rivalwatch-analyse-")) {
          analyse = Math.max(analyse, job.latencyNanos);
          allAnalysing += job.latencyNanos;
        } else {
          other += job.latencyNanos;
        }
      }
      // one research round (the fakes give enough in round 0); the sufficiency check sits between the two
      longestChain = Math.max(longestChain, gather + other + analyse);
    }
    long research = Math.max(longestChain, allWaiting / parallelism.handlerThreads());
    for (long kind : gatheringByKind.values()) {
      research = Math.max(research, kind / parallelism.sourceInFlightPerKind());
    }
    research = Math.max(research, allGathering / parallelism.world().sourcesInFlight());
    research = Math.max(research, allAnalysing / parallelism.world().modelCallsInFlight());
    return Duration.ofNanos(sequential + research + deliveries);
  }
}
