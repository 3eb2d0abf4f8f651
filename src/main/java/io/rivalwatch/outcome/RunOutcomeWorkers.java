package io.rivalwatch.outcome;

import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.camunda.client.annotation.VariablesAsType;
import io.rivalwatch.workflow.JobVariables;
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
  /** What the outcome record reads: the review's decision and each channel's delivery status. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EndedRun(String runId, String reviewDecision, String reviewEscalated, String reviewComments,
      Integer reportRevision, String emailDelivery, String slackDelivery, String dashboardDelivery) {
    public EndedRun {
      JobVariables.required(runId, ProcessVariables.RUN_ID);
    }
  }

  /** What the failure path reads: the error the run's failure event carried (all optional). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FailedRun(String runId, String failureCode, String failureStep, String failureMessage) {}

  @JobWorker(type = JobTypes.RECORD_RUN_OUTCOME)
  public Map<String, Object> recordOutcome(ActivatedJob job, @VariablesAsType EndedRun run) {
    Map<String, String> details = new LinkedHashMap<>();
    putIfPresent(details, "reviewDecision", run.reviewDecision());
    putIfPresent(details, "reviewComments", run.reviewComments());
    putIfPresent(details, "reviewEscalation", run.reviewEscalated());
    putIfPresent(details, "reportRevision", run.reportRevision() == null ? null : run.reportRevision().toString());
    putIfPresent(details, "email", run.emailDelivery());
    putIfPresent(details, "slack", run.slackDelivery());
    putIfPresent(details, "dashboard", run.dashboardDelivery());
    String modelled = job.getCustomHeaders().get(OUTCOME_HEADER);
    String status = modelled != null ? modelled : "reject".equals(run.reviewDecision()) ? "rejected" : "delivered";
    return Map.of(ProcessVariables.RUN_OUTCOME, records.recordOutcome(run.runId(), status, details));
  }

  @JobWorker(type = JobTypes.RECORD_RUN_FAILURE)
  public Map<String, Object> recordFailure(ActivatedJob job, @VariablesAsType FailedRun run) {
    return Map.of(ProcessVariables.RUN_OUTCOME,
        records.recordFailure(runIdOf(job, run.runId()), run.failureCode(), run.failureStep(), run.failureMessage()));
  }

  @JobWorker(type = JobTypes.NOTIFY_OPERATORS)
  public Map<String, Object> notifyOperators(ActivatedJob job, @VariablesAsType FailedRun run) {
    return Map.of(ProcessVariables.OPERATORS_NOTIFIED,
        records.notifyOperators(runIdOf(job, run.runId()), run.failureCode(), run.failureStep(), run.failureMessage()));
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
