package io.rivalwatch.distribution;

import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.resilience.ParkedItem;
import io.rivalwatch.resilience.ParkedItems;
import io.rivalwatch.workflow.JobFailures;

import io.rivalwatch.workflow.ProcessErrors;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * One job type per channel. A channel that cannot deliver (for good, or after its retries) throws
 * DELIVERY_FAILED with its outcome; a boundary event records it and the other channels are not held up.
 */
@Component
public class DeliverReportWorkers {

  private final DistributionService distribution;
  private final DashboardPublisher dashboard;
  private final JobFailures failures;
  private final ParkedItems parked;
  private final RunMetrics metrics;

  public DeliverReportWorkers(DistributionService distribution, DashboardPublisher dashboard, JobFailures failures,
      ParkedItems parked, RunMetrics metrics) {
    this.distribution = distribution;
    this.dashboard = dashboard;
    this.failures = failures;
    this.parked = parked;
    this.metrics = metrics;
  }

  @JobWorker(type = JobTypes.DELIVER_EMAIL)
  public Map<String, Object> email(
      ActivatedJob job, @Variable String runId, @Variable Integer reportRevision, @Variable String reportUrl) {
    return deliver(job, runId, ProcessVariables.EMAIL_DELIVERY,
        () -> distribution.email(runId, reportRevision, reportUrl));
  }

  @JobWorker(type = JobTypes.DELIVER_SLACK)
  public Map<String, Object> slack(ActivatedJob job, @Variable String runId, @Variable String reportUrl) {
    return deliver(job, runId, ProcessVariables.SLACK_DELIVERY, () -> distribution.slack(runId, reportUrl));
  }

  /** Also the internal-only publication after an escalated review, which sets {@code reportReviewed} to false. */
  @JobWorker(type = JobTypes.PUBLISH_DASHBOARD)
  public Map<String, Object> dashboard(ActivatedJob job, @Variable String runId, @Variable Integer reportRevision,
      @Variable(optional = true) Boolean reportReviewed) {
    boolean reviewed = reportReviewed == null || reportReviewed;
    return deliver(job, runId, ProcessVariables.DASHBOARD_DELIVERY,
        () -> dashboard.publish(runId, reportRevision, reviewed));
  }

  private Map<String, Object> deliver(ActivatedJob job, String runId, String variable, Supplier<String> channel) {
    String name = variable.replace("Delivery", "");
    try {
      String status = channel.get();
      if (!status.startsWith("skipped")) {
        // "unknown": an interrupted attempt may or may not have posted (ADR 0017); not counted as delivered
        metrics.delivery(name, !status.startsWith("unknown"));
      }
      return Map.of(variable, status);
    } catch (OutsideServiceException e) {
      failures.retryIfWorthIt(job, runId, e);
      parked.park(runId, null, ParkedItem.Kind.DELIVERY, name, job.getType(), job.getElementId(), e.getMessage());
      metrics.delivery(name, false);
      throw JobFailures.businessError(ProcessErrors.DELIVERY_FAILED, e.getMessage(),
          Map.of(variable, "failed: " + e.getMessage()));
    }
  }
}
