package io.rivalwatch.localrun;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.workflow.JobBasedUserTasks;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Stands in for Tasklist in the local run: the embedded engine offers the review as a job. With
 * {@code --review=auto} (the default) the report is approved at once; with {@code --review=page} it waits for a
 * decision on the local review page ({@link LocalReviewController}).
 */
@Component
@Profile("local-run")
public class LocalReviewer {

  /** The reviewer the audit trail names for --review=auto. */
  static final String AUTOMATIC_APPROVAL = "local-run automatic approval";

  private final CamundaClient client;
  private final String mode;
  private final String reviewPage;
  private final PrintStream out = System.out;
  private final Map<Long, ActivatedJob> waiting = new ConcurrentHashMap<>();

  LocalReviewer(CamundaClient client, @Value("${review:auto}") String mode,
      @Value("${rivalwatch.public-url}") String publicUrl) {
    this.client = client;
    this.mode = mode;
    this.reviewPage = publicUrl + LocalReviewController.PATH;
  }

  // a person may take a while: the job stays with this worker for a day
  @JobWorker(type = JobBasedUserTasks.JOB_TYPE, autoComplete = false, timeout = 86_400_000L)
  public void review(ActivatedJob job) {
    Map<String, Object> variables = job.getVariablesAsMap();
    out.println();
    out.println("== Review: report revision " + variables.get("reportRevision") + " is ready: " + variables.get("reportUrl"));
    out.println(variables.getOrDefault("reportSummary", ""));
    if ("page".equals(mode)) {
      waiting.put(job.getKey(), job);
      out.println("== Decide on the review page (sign in as operator): " + reviewPage);
      return;
    }
    out.println("== Approved automatically (--review=auto). Use --review=page to decide yourself.");
    complete(job.getKey(), "approve", "Approved automatically by the local run.", AUTOMATIC_APPROVAL);
  }

  Optional<ActivatedJob> pending() {
    return waiting.values().stream().findFirst();
  }

  /**
   * Completes the review as Tasklist would, naming who decided (the audit trail's reviewer: on the embedded engine
   * the completer says who they are, see docs/audit.md).
   */
  void complete(long jobKey, String decision, String comments, String reviewedBy) {
    waiting.remove(jobKey);
    client.newCompleteCommand(jobKey)
        .variables(Map.of("reviewDecision", decision, "reviewComments", comments == null ? "" : comments,
            "reviewedBy", reviewedBy))
        .send().join();
  }
}
