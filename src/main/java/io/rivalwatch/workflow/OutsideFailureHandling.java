package io.rivalwatch.workflow;

import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import io.rivalwatch.failure.OutsideServiceException;
import org.springframework.stereotype.Component;

/**
 * Applies {@link JobFailures}' taxonomy to a failed outside call that a worker did not handle itself (most workers
 * only touch the artefact store and the memory), so every job type retries, backs off, spends the run's budget and
 * raises readable incidents the same way. Everything else goes to the Camunda client's default handling.
 */
@Component
public class OutsideFailureHandling implements JobExceptionHandlingStrategy {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutsideFailureHandling.class);

  private final DefaultJobExceptionHandlingStrategy fallback;
  private final JobFailures failures;

  public OutsideFailureHandling(
      CommandExceptionHandlingStrategy commands, MetricsRecorder metrics, JobFailures failures) {
    this.fallback = new DefaultJobExceptionHandlingStrategy(commands, metrics);
    this.failures = failures;
  }

  @Override
  public void handleException(Exception exception, ExceptionHandlingContext context) throws Exception {
    // a worker that applied the taxonomy itself threw its decision (carrying the failure as its cause)
    OutsideServiceException outside = exception instanceof CamundaError ? null : find(exception);
    if (outside == null) {
      if (!(exception instanceof CamundaError)) {
        // neither a modelled path nor a decided failure: the client fails the job with one retry less
        failures.countUnclassified(context.job());
      }
      handle(exception, context);
      return;
    }
    Object runId = context.job().getVariablesAsMap().get("runId");
    Exception mapped;
    try {
      failures.retryIfWorthIt(context.job(),
          runId == null ? RunIds.of(context.job().getProcessInstanceKey()) : runId.toString(), outside);
      // nothing to give up on at this step: an incident says what to fix
      mapped = failures.incident(context.job(), outside.getMessage(), outside);
    } catch (CamundaError decided) {
      mapped = decided;
    }
    handle(mapped, context);
  }

  /** A decided job failure goes to the engine with its readable message; anything else as the client would. */
  private void handle(Exception exception, ExceptionHandlingContext context) throws Exception {
    if (!(exception instanceof JobError error)) {
      fallback.handleException(exception, context);
      return;
    }
    var job = context.job();
    var command = context.jobClient().newFailCommand(job.getKey())
        .retries(error.getRetries() == null ? job.getRetries() - 1 : error.getRetries())
        .retryBackoff(error.getRetryBackoff() == null ? java.time.Duration.ZERO : error.getRetryBackoff())
        .errorMessage(error.getMessage());
    if (error.getVariables() != null) {
      command = command.variables(error.getVariables());
    }
    command.send().exceptionally(failed -> {
      LOG.warn("could not fail job {} of {}: {}", job.getKey(), job.getElementId(), failed.getMessage());
      return null;
    });
  }


  private static OutsideServiceException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutsideServiceException outside) {
        return outside;
      }
    }
    return null;
  }
}
