package io.rivalwatch.progress;

import java.time.Instant;

/**
 * One job's completion with where its run stands after it: the data of each {@code job} server-sent event, and what
 * the local run's terminal prints.
 *
 * @param phase the job's phase; {@code completed} and {@code pending} are that phase's
 * @param runPhase the run's phase after this job (see {@link RunProgress#phase()})
 * @param outcome {@code completed}, {@code bpmn-error} or {@code failed}
 * @param note the job's own short status if it sets one (e.g. a gather's "done: 4 documents", the sufficiency
 *     check's reason, the review decision), at most {@value #NOTE_LENGTH} characters; else null
 */
public record JobProgress(
    String runId, Long processInstanceKey, String phase, String jobType, String elementId, String competitorId,
    String outcome, String note, int completed, int pending, Double costUsd, RunProgress.Eta eta, String runPhase,
    String status, Instant at) {

  static final int NOTE_LENGTH = 300;

  JobProgress withCost(Double cost) {
    return new JobProgress(runId, processInstanceKey, phase, jobType, elementId, competitorId, outcome, note,
        completed, pending, cost, eta, runPhase, status, at);
  }
}
