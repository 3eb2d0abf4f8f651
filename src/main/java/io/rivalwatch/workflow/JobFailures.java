package io.rivalwatch.workflow;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.rivalwatch.failure.OutsideServiceException;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * How workers turn failures into engine commands. A failure that may pass fails the job with one retry less and a
 * backoff, so the retry is visible in Operate; a business outcome is a BPMN error the model catches.
 */
@Component
public class JobFailures {

  /** Retries the models give a job; the backoff grows with each one used. */
  private static final int MODEL_RETRIES = 3;

  private final JobProperties properties;

  public JobFailures(JobProperties properties) {
    this.properties = properties;
  }

  /** True when the engine will not retry this job again if it fails now. */
  public boolean isLastAttempt(ActivatedJob job) {
    return job.getRetries() <= 1;
  }

  /** Fails the job; the engine retries it after the backoff, or raises an incident when no retries are left. */
  public JobError retryLater(ActivatedJob job, String message, Throwable cause) {
    return CamundaError.jobError(message, null, job.getRetries() - 1, backoff(job), cause);
  }

  /** As {@link #retryLater(ActivatedJob, String, Throwable)}, but a wait the service asked for wins. */
  public JobError retryLater(ActivatedJob job, OutsideServiceException failure) {
    Duration wait = failure.retryAfter().orElseGet(() -> backoff(job));
    return CamundaError.jobError(failure.getMessage(), null, job.getRetries() - 1, wait, failure);
  }

  public static BpmnError businessError(String code, String message, Map<String, Object> variables) {
    return CamundaError.bpmnError(code, message, variables);
  }

  /** A BPMN error that sends the run to its failure path, saying which step failed and why. */
  public static BpmnError runFailure(String code, ActivatedJob job, String message) {
    return CamundaError.bpmnError(
        code,
        message,
        Map.of("failureCode", code, "failureStep", job.getElementId(), "failureMessage", message));
  }

  Duration backoff(ActivatedJob job) {
    int used = Math.max(0, MODEL_RETRIES - job.getRetries());
    Duration wait = properties.retryBackoff().multipliedBy(1L << Math.min(used, 20));
    return wait.compareTo(properties.maxRetryBackoff()) > 0 ? properties.maxRetryBackoff() : wait;
  }
}
