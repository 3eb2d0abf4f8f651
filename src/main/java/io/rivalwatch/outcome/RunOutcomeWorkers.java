package io.rivalwatch.outcome;

import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.workflow.RunIds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The end of a run: its record, and on the failure path the operators' notification. */
@Component
public class RunOutcomeWorkers {

  private final RunRecordService records;

  public RunOutcomeWorkers(RunRecordService records) {
    this.records = records;
  }

  /** The outcome a record task names in its {@value #OUTCOME_HEADER} header wins over the review decision. */
  static final String OUTCOME_HEADER = "outcome";

  /**
   * Records how the run ended: "rejected" or "delivered" after the review's decision, or what the record task's
   * {@value #OUTCOME_HEADER} header names (after an escalated review: "published-internally-unreviewed").
   */
  @JobWorker(type = JobTypes.RECORD_RUN_OUTCOME)
  public Map<String, Object> recordOutcome(
      ActivatedJob job,
      @Variable String runId,
      @Variable(optional = true) String reviewDecision,
      @Variable(optional = true) String reviewEscalated,
      @Variable(optional = true) String reviewComments,
      @Variable(optional = true) Integer reportRevision,
      @Variable(optional = true) String emailDelivery,
      @Variable(optional = true) String slackDelivery,
      @Variable(optional = true) String dashboardDelivery) {
    Map<String, String> details = new LinkedHashMap<>();
    putIfPresent(details, "reviewDecision", reviewDecision);
    putIfPresent(details, "reviewComments", reviewComments);
    putIfPresent(details, "reviewEscalation", reviewEscalated);
    putIfPresent(details, "reportRevision", reportRevision == null ? null : reportRevision.toString());
    putIfPresent(details, "email", emailDelivery);
    putIfPresent(details, "slack", slackDelivery);
    putIfPresent(details, "dashboard", dashboardDelivery);
    String modelled = job.getCustomHeaders().get(OUTCOME_HEADER);
    String status = modelled != null ? modelled : "reject".equals(reviewDecision) ? "rejected" : "delivered";
    return Map.of("runOutcome", records.recordOutcome(runId, status, details));
  }

  @JobWorker(type = JobTypes.RECORD_RUN_FAILURE)
  public Map<String, Object> recordFailure(
      ActivatedJob job,
      @Variable(optional = true) String runId,
      @Variable(optional = true) String failureCode,
      @Variable(optional = true) String failureStep,
      @Variable(optional = true) String failureMessage) {
    return Map.of("runOutcome",
        records.recordFailure(runIdOf(job, runId), failureCode, failureStep, failureMessage));
  }

  @JobWorker(type = JobTypes.NOTIFY_OPERATORS)
  public Map<String, Object> notifyOperators(
      ActivatedJob job,
      @Variable(optional = true) String runId,
      @Variable(optional = true) String failureCode,
      @Variable(optional = true) String failureStep,
      @Variable(optional = true) String failureMessage) {
    return Map.of("operatorsNotified",
        records.notifyOperators(runIdOf(job, runId), failureCode, failureStep, failureMessage));
  }

  // a run that failed in planning may have no usable runId: its record then goes under the derived one
  private static String runIdOf(ActivatedJob job, String runId) {
    String resolved = RunIds.resolve(runId, job.getProcessInstanceKey());
    try {
      ArtefactKeys.runRecord(resolved);
      return resolved;
    } catch (IllegalArgumentException invalid) {
      return RunIds.of(job.getProcessInstanceKey());
    }
  }

  private static void putIfPresent(Map<String, String> details, String key, String value) {
    if (value != null && !value.isBlank()) {
      details.put(key, value);
    }
  }
}
