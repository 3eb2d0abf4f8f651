package io.rivalwatch.synthesis;

import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.camunda.client.annotation.VariablesAsType;
import io.rivalwatch.workflow.JobVariables;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.workflow.JobFailures;
import io.rivalwatch.workflow.ProcessErrors;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Writes the next report revision; the process carries only its reference, link and a short summary. */
@Component
public class WriteReportWorker {

  private final ReportSynthesis synthesis;
  private final JobFailures failures;

  public WriteReportWorker(ReportSynthesis synthesis, JobFailures failures) {
    this.synthesis = synthesis;
    this.failures = failures;
  }

  /** What writing a revision reads: the last revision, and the reviewer's decision and comments after a review. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ReportRequest(String runId, Integer reportRevision, String reviewDecision, String reviewComments) {
    public ReportRequest {
      JobVariables.required(runId, ProcessVariables.RUN_ID);
    }
  }

  @JobWorker(type = JobTypes.WRITE_REPORT, timeout = 900_000)
  public Map<String, Object> write(ActivatedJob job, @VariablesAsType ReportRequest request) {
    String runId = request.runId();
    String comments = "request-changes".equals(request.reviewDecision()) ? request.reviewComments() : null;
    try {
      WrittenReport report = synthesis.write(runId,
          request.reportRevision() == null ? 0 : request.reportRevision(), comments);
      Map<String, Object> written = new java.util.HashMap<>(Map.of(
          ProcessVariables.REPORT_REVISION, report.revision(),
          ProcessVariables.REPORT_REF, report.reportRef(),
          ProcessVariables.REPORT_URL, report.reportUrl(),
          ProcessVariables.REPORT_SUMMARY, report.summary(),
          ProcessVariables.REPORT_CHANGES, report.changes()));
      if (report.budgetStatus() != null) {
        // one line in Operate: how far the run's budget went and the last step it took
        written.put(ProcessVariables.BUDGET_STATUS, report.budgetStatus());
      }
      return written;
    } catch (NothingToReportException e) {
      throw JobFailures.runFailure(ProcessErrors.RUN_FAILED, job, e.getMessage());
    } catch (OutsideServiceException e) {
      // the service degrades on fatal model errors itself; what gets here may pass, or is the run's storage
      failures.retryIfWorthIt(job, runId, e);
      throw failures.incident(job, e.getMessage(), e);
    }
  }
}
