package io.rivalwatch.workflow;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.observability.RunMetrics.RetryCause;
import io.rivalwatch.resilience.Backoffs;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.RetryBudget;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The one error taxonomy every worker applies to a failed outside call:
 * <ul>
 *   <li>the service's breaker is open, or its trial call failed: come back when it may be tried again, costing no
 *       retry and no budget (an outage is not the item's failure);
 *   <li>transient or throttled: retry with exponential backoff and jitter (a Retry-After wins), counted against the
 *       run's retry budget; a spent budget sends the run to its failure path;
 *   <li>fatal, or retries used up: the worker gives up on its item by its modelled path (a BPMN error, a recorded
 *       status). When the failing service is the run's own infrastructure (artefact store, memory) there is no
 *       item to give up: the job fails with no retries and Operate shows an incident saying what to do.
 * </ul>
 * Business outcomes (not enough data, quality too low) are BPMN errors or gateway decisions, never exceptions.
 */
@Component
public class JobFailures {

  /** Services the whole run stands on: their failure is not a failure of one source, analysis or channel. */
  private static final Set<String> INFRASTRUCTURE = Set.of("s3", "agentcore-memory");
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobFailures.class);
  /** The retries every service task has in the models, for the backoff when the budget cannot be read. */
  private static final int RETRIES_IN_MODEL = 5;

  private final Backoffs backoffs;
  private final RetryBudget budget;
  private final RunMetrics metrics;
  private final OutsideServices services;

  public JobFailures(Backoffs backoffs, RetryBudget budget, RunMetrics metrics, OutsideServices services) {
    this.backoffs = backoffs;
    this.budget = budget;
    this.metrics = metrics;
    this.services = services;
  }

  /** True when the engine will not retry this job again if it fails now. */
  public boolean isLastAttempt(ActivatedJob job) {
    return job.getRetries() <= 1;
  }

  /**
   * Throws the engine command for a failure worth retrying (or one that must become an incident); returns when the
   * worker should give up on its item now, by its modelled path.
   */
  public void retryIfWorthIt(ActivatedJob job, String runId, OutsideServiceException failure) {
    if (failure.kind() == Kind.CIRCUIT_OPEN) {
      count(job, RetryCause.CIRCUIT_OPEN);
      Duration wait = failure.retryAfter().orElse(Duration.ofSeconds(1));
      throw CamundaError.jobError(failure.getMessage(), null, job.getRetries(), wait, failure);
    }
    boolean infrastructure = INFRASTRUCTURE.contains(failure.service());
    if (failure.kind() == Kind.FATAL) {
      if (infrastructure) {
        throw incident(job, failure.getMessage(), failure);
      }
      return;
    }
    RetryBudget.Use use = spend(job, runId, failure);
    if (use.spent()) {
      metrics.retryBudgetSpent();
      throw runFailure(ProcessErrors.RUN_FAILED, job, "the run's retry budget of " + budget.limit()
          + " transient failures is spent; the last was " + failure.getMessage()
          + ". Everything done so far is kept: fix or wait out the outage, then start a new run.");
    }
    if (isLastAttempt(job)) {
      if (infrastructure) {
        throw incident(job, failure.getMessage() + " (no retries left)", failure);
      }
      return;
    }
    count(job, failure.kind() == Kind.RATE_LIMITED ? RetryCause.RATE_LIMITED : RetryCause.TRANSIENT);
    Duration wait = failure.retryAfter().orElseGet(() -> backoffs.before(use.usedByJob()));
    LOG.info("{} of run {} fails ({} retries left, next in {} ms, run budget {}/{} used): {}", job.getElementId(),
        runId, job.getRetries() - 1, wait.toMillis(), use.usedByRun(), budget.limit(), failure.getMessage());
    throw CamundaError.jobError(failure.getMessage(), null, job.getRetries() - 1, wait, failure);
  }

  /**
   * Writes the failure into the run's budget. The budget lives in the artefact store, which may itself be failing
   * (its write was already repeated inside the job, {@link io.rivalwatch.resilience.IdempotentCalls}). While the
   * store's outage lasts less than the breakers' patience, the job waits for the store without spending a retry and
   * without a record: budget and retries stay in step, and the failure is met again, and counted, once the store is
   * back. Past the patience (or for a fatal answer), the failure goes unrecorded and spends the job's retry as before,
   * so a store down for good still ends in an incident.
   */
  private RetryBudget.Use spend(ActivatedJob job, String runId, OutsideServiceException failure) {
    try {
      return budget.record(new RetryBudget.Failure(runId, job.getKey(), job.getRetries(), job.getType(),
          job.getElementId(), failure.service(), failure.kind().name(), failure.getMessage(), budget.now()));
    } catch (OutsideServiceException storeDown) {
      int used = Math.max(1, RETRIES_IN_MODEL - job.getRetries() + 1);
      if (storeDown.mayPass() && services.outageWithinPatience(storeDown.service())) {
        count(job, RetryCause.CIRCUIT_OPEN);
        Duration wait = storeDown.retryAfter().orElseGet(() -> backoffs.before(used));
        LOG.warn("could not write the retry budget of {} ({}); {} waits {} ms for the store, keeping its {} retries",
            runId, storeDown.getMessage(), job.getElementId(), wait.toMillis(), job.getRetries());
        throw CamundaError.jobError(failure.getMessage() + " (the retry budget could not be written: "
            + storeDown.getMessage() + "; waiting for the store)", null, job.getRetries(), wait, failure);
      }
      LOG.warn("could not write the retry budget of {} ({}); retrying {} without it", runId, storeDown.getMessage(),
          job.getElementId());
      return new RetryBudget.Use(0, used, false);
    }
  }

  /** Fails the job with no retries: an incident in Operate whose message says what failed, where, and what to do. */
  public JobError incident(ActivatedJob job, String message, Throwable cause) {
    count(job, causeOf(cause));
    Object competitor = job.getVariablesAsMap().get("competitorId");
    String where = job.getElementId() + (competitor == null ? "" : " for competitor " + competitor);
    return CamundaError.jobError(where + ": " + message + " Once fixed, retry this job in Operate.", null, 0,
        Duration.ZERO, cause);
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

  /** Counts a job failed back to the engine by the one decision an exception nobody classified gets: a bug. */
  public void countUnclassified(ActivatedJob job) {
    count(job, RetryCause.BUG);
  }

  private void count(ActivatedJob job, RetryCause cause) {
    metrics.jobRetried(job.getType(), RunPhase.ofJobType(job.getType()).id(), cause);
  }

  private static RetryCause causeOf(Throwable cause) {
    if (!(cause instanceof OutsideServiceException outside)) {
      return RetryCause.BUG;
    }
    return switch (outside.kind()) {
      case TRANSIENT -> RetryCause.TRANSIENT;
      case RATE_LIMITED -> RetryCause.RATE_LIMITED;
      case CIRCUIT_OPEN -> RetryCause.CIRCUIT_OPEN;
      case FATAL -> RetryCause.FATAL;
    };
  }
}
