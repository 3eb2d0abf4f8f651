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
 * competitors' research and analysis, which can be no shorter than its longest competitor chain nor than all of its
 * waiting spread evenly over the handler threads. Only waiting for the fakes counts; everything the engine, the
 * client and the services do is what the ratio to this bound measures.
 */
final class LowerBound {

  private LowerBound() {}

  /** The bound for one run, from its jobs' charged latencies. */
  static Duration of(long run, EngineLog log, Collection<JobTimings.Job> jobs, int threads) {
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
    for (List<JobTimings.Job> competitor : byCompetitor.values()) {
      long gather = 0;
      long analyse = 0;
      long other = 0;
      for (JobTimings.Job job : competitor) {
        allWaiting += job.latencyNanos;
        if (job.type.startsWith("rivalwatch-gather-")) {
          gather = Math.max(gather, job.latencyNanos);
        } else if (job.type.startsWith("rivalwatch-analyse-")) {
          analyse = Math.max(analyse, job.latencyNanos);
        } else {
          other += job.latencyNanos;
        }
      }
      // one research round (the fakes give enough in round 0); the sufficiency check sits between the two
      longestChain = Math.max(longestChain, gather + other + analyse);
    }
    long research = Math.max(longestChain, allWaiting / threads);
    return Duration.ofNanos(sequential + research + deliveries);
  }
}
