package io.rivalwatch.progress;

import java.time.Instant;

/**
 * One job's completion with where its run stands after it: the data of each {@code job} server-sent event, and what
 * the local run's terminal prints.
 *
 * @param phase the job's phase; {@code completed} and {@code pending} are that phase's
 * @param runPhase the run's phase after this job (see {@link RunProgress#phase()})
 * @param outcome {@code completed}, {@code bpmn-error} or {@code failed}
 */
public record JobProgress(
    String runId, Long processInstanceKey, String phase, String jobType, String elementId, String competitorId,
    String outcome, int completed, int pending, Double costUsd, RunProgress.Eta eta, String runPhase, String status,
    Instant at) {

  JobProgress withCost(Double cost) {
    return new JobProgress(runId, processInstanceKey, phase, jobType, elementId, competitorId, outcome, completed,
        pending, cost, eta, runPhase, status, at);
  }
}
