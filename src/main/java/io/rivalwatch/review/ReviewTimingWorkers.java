package io.rivalwatch.review;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.workflow.JobFailures;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The review's timers and its end. A reminder or an escalation e-mail that cannot be sent is retried like any
 * delivery, then recorded as failed: the run goes on either way (an escalation still applies its policy).
 */
@Component
public class ReviewTimingWorkers {

  private final ReviewTimingService reviews;
  private final ReviewAudit audit;
  private final JobFailures failures;

  public ReviewTimingWorkers(ReviewTimingService reviews, ReviewAudit audit, JobFailures failures) {
    this.reviews = reviews;
    this.audit = audit;
    this.failures = failures;
  }

  @JobWorker(type = "rivalwatch-remind-reviewer")
  public Map<String, Object> remind(ActivatedJob job, @Variable String runId,
      @Variable(optional = true) String reportUrl, @Variable(optional = true) String reviewDueAt) {
    try {
      return Map.of("reviewerReminded", reviews.remind(runId, event(job), reportUrl, reviewDueAt));
    } catch (OutsideServiceException e) {
      failures.retryIfWorthIt(job, runId, e);
      return Map.of("reviewerReminded", "failed: " + e.getMessage());
    }
  }

  @JobWorker(type = "rivalwatch-escalate-review")
  public Map<String, Object> escalate(ActivatedJob job, @Variable String runId,
      @Variable(optional = true) String reportUrl, @Variable String reviewEscalation,
      @Variable String reviewEscalateAfter) {
    try {
      return Map.of("reviewEscalated", reviews.escalate(runId, event(job), reportUrl, reviewEscalation,
          Duration.parse(reviewEscalateAfter)));
    } catch (OutsideServiceException e) {
      failures.retryIfWorthIt(job, runId, e);
      return Map.of("reviewEscalated", "failed: " + e.getMessage());
    }
  }

  /**
   * The review's end listener: runs whoever completed the task (Tasklist in production), after its output mappings
   * wrote the decision, {@code reviewedBy} and {@code reviewWait}, the time from the task opening to its completion
   * on the engine's clock. Records the decision in the audit trail (who: see {@link ReviewAudit}) and the wait.
   */
  @JobWorker(type = "rivalwatch-record-review-wait")
  public Map<String, Object> recordWait(ActivatedJob job, @Variable(optional = true) String runId,
      @Variable(optional = true) String reviewDecision, @Variable(optional = true) String reviewWait,
      @Variable(optional = true) String reviewComments, @Variable(optional = true) Integer reportRevision,
      @Variable(optional = true) String reviewedBy) {
    if (runId != null) {
      // the listener's element instance is the review round's: the same for a repeated job and its completing listener
      audit.recordDecision(runId, job.getElementInstanceKey(), reviewDecision, reviewComments, reportRevision,
          reviewedBy);
    }
    reviews.recordWait(reviewDecision, parse(reviewWait));
    return Map.of();
  }

  /**
   * The review's completing task listener (Camunda user tasks on a cluster): keeps the assignee, who is the person
   * completing the task in Tasklist, for the end listener's audit entry. Completing this job lets the completion go on.
   */
  @JobWorker(type = "rivalwatch-record-reviewer")
  public void recordReviewer(ActivatedJob job, @Variable(optional = true) String runId) {
    var task = job.getUserTask();
    if (runId != null) {
      audit.recordCompleter(runId, job.getElementInstanceKey(), task == null ? null : task.getAssignee(),
          task == null ? null : task.getUserTaskKey());
    }
  }

  /** One id per timer event: a retried or re-activated job keeps its key, a new review round gets a new job. */
  private static String event(ActivatedJob job) {
    return Long.toString(job.getKey());
  }

  private static Duration parse(String duration) {
    try {
      return duration == null ? null : Duration.parse(duration);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
