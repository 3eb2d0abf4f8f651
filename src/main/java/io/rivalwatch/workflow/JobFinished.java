package io.rivalwatch.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Published (as a Spring application event) each time one of this application's workers has handled a job, so
 * progress, metrics and logs learn of it from one place instead of each worker telling them.
 *
 * @param runId the run the job belongs to (null when the job carried none, e.g. planning failed first)
 * @param competitorId the competitor the job worked on, or null for a run-wide job
 * @param outcome {@code completed}, {@code bpmn-error} (the job took a modelled path) or {@code failed} (the job
 *     failed and will be retried or raise an incident)
 * @param variables what the worker completed the job with (small facts only, never documents)
 * @param took from the worker starting to its result
 */
public record JobFinished(
    String runId, long processInstanceKey, String jobType, String elementId, String competitorId,
    RunPhase phase, String outcome, Map<String, Object> variables, Instant at, Duration took) {

  public static final String COMPLETED = "completed";
  public static final String BPMN_ERROR = "bpmn-error";
  public static final String FAILED = "failed";
}
