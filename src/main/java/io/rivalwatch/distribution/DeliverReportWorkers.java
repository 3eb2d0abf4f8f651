package io.rivalwatch.distribution;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.workflow.JobFailures;
import io.rivalwatch.workflow.ProcessErrors;
import java.util.List;
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

  public DeliverReportWorkers(DistributionService distribution, DashboardPublisher dashboard, JobFailures failures) {
    this.distribution = distribution;
    this.dashboard = dashboard;
    this.failures = failures;
  }

  @JobWorker(type = "rivalwatch-deliver-email")
  public Map<String, Object> email(
      ActivatedJob job, @Variable String runId, @Variable Integer reportRevision, @Variable String reportUrl) {
    return deliver(job, "emailDelivery", () -> distribution.email(runId, reportRevision, reportUrl));
  }

  @JobWorker(type = "rivalwatch-deliver-slack")
  public Map<String, Object> slack(ActivatedJob job, @Variable String runId, @Variable String reportUrl,
      @Variable CompetitorResult[] competitorResults) {
    return deliver(job, "slackDelivery", () -> distribution.slack(runId, reportUrl, List.of(competitorResults)));
  }

  @JobWorker(type = "rivalwatch-publish-dashboard")
  public Map<String, Object> dashboard(ActivatedJob job, @Variable String runId, @Variable Integer reportRevision) {
    return deliver(job, "dashboardDelivery", () -> dashboard.publish(runId, reportRevision));
  }

  private Map<String, Object> deliver(ActivatedJob job, String variable, Supplier<String> channel) {
    try {
      return Map.of(variable, channel.get());
    } catch (DeliveryFailedException e) {
      if (e.mayPass() && !failures.isLastAttempt(job)) {
        throw failures.retryLater(job, e.getMessage(), e);
      }
      throw JobFailures.businessError(ProcessErrors.DELIVERY_FAILED, e.getMessage(),
          Map.of(variable, "failed: " + e.getMessage()));
    }
  }
}
