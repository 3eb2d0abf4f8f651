package io.rivalwatch.analysis;

import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.cost.BudgetSpentException;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.resilience.ParkedItem;
import io.rivalwatch.resilience.ParkedItems;
import io.rivalwatch.workflow.JobFailures;

import io.rivalwatch.workflow.ProcessErrors;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One job type per analysis, so each runs, fails and retries on its own. When the material cannot support an
 * analysis, the BPMN error marks just that analysis as missing; the other analyses and competitors go on. When the
 * run's budget leaves an analysis out, the BPMN error {@code BUDGET_SPENT} marks it as skipped.
 */
@Component
public class AnalyseCompetitorWorkers {

  private final AnalysisService analysis;
  private final JobFailures failures;
  private final ParkedItems parked;
  private final RunMetrics metrics;

  public AnalyseCompetitorWorkers(AnalysisService analysis, JobFailures failures, ParkedItems parked,
      RunMetrics metrics) {
    this.analysis = analysis;
    this.failures = failures;
    this.parked = parked;
    this.metrics = metrics;
  }

  @JobWorker(type = JobTypes.ANALYSE_SENTIMENT, timeout = 600_000)
  public Map<String, Object> analyseSentiment(
      ActivatedJob job, @Variable String runId, @Variable String competitorId) {
    return analyse(job, runId, competitorId, AnalysisKind.SENTIMENT);
  }

  @JobWorker(type = JobTypes.ANALYSE_STRATEGY, timeout = 600_000)
  public Map<String, Object> analyseStrategy(
      ActivatedJob job, @Variable String runId, @Variable String competitorId) {
    return analyse(job, runId, competitorId, AnalysisKind.STRATEGY);
  }

  @JobWorker(type = JobTypes.ANALYSE_POSITIONING, timeout = 600_000)
  public Map<String, Object> analysePositioning(
      ActivatedJob job, @Variable String runId, @Variable String competitorId) {
    return analyse(job, runId, competitorId, AnalysisKind.POSITIONING);
  }

  private Map<String, Object> analyse(ActivatedJob job, String runId, String competitorId, AnalysisKind kind) {
    try {
      AnalysisOutcome outcome = analysis.analyse(runId, competitorId, kind);
      metrics.analysis(kind.id(), outcome.provenance().reused() ? "reused" : "analysed");
      String done = "done: " + outcome.result().findings().size() + " findings"
          + (outcome.budgetNote() == null ? "" : " " + outcome.budgetNote())
          + (outcome.result().degraded() ? ", " + outcome.result().madeBy().describe() : "");
      return Map.of(kind.id() + "Status", outcome.provenance().reused()
          ? done + ", reused from run " + outcome.provenance().analysedIn() + " (documents unchanged)"
          : done);
    } catch (AnalysisNotPossibleException e) {
      throw missing(kind, competitorId, e.getMessage());
    } catch (BudgetSpentException e) {
      // the run's budget leaves this analysis out: its own boundary event in the model, not a failure
      throw JobFailures.businessError(ProcessErrors.BUDGET_SPENT,
          kind.id() + " analysis of " + competitorId + " skipped: " + e.getMessage(),
          Map.of(kind.id() + "Status", e.status()));
    } catch (OutsideServiceException e) {
      failures.retryIfWorthIt(job, runId, e);
      parked.park(runId, competitorId, ParkedItem.Kind.ANALYSIS, kind.id(), job.getType(), job.getElementId(),
          e.getMessage());
      throw missing(kind, competitorId, e.getMessage());
    } catch (ModelOutputInvalidException e) {
      // the model was already shown its errors once; a retry at the same low temperature would answer alike
      parked.park(runId, competitorId, ParkedItem.Kind.ANALYSIS, kind.id(), job.getType(), job.getElementId(),
          e.getMessage());
      throw missing(kind, competitorId, e.getMessage());
    }
  }

  private RuntimeException missing(AnalysisKind kind, String competitorId, String reason) {
    metrics.analysis(kind.id(), "failed");
    return JobFailures.businessError(
        ProcessErrors.ANALYSIS_FAILED,
        kind.id() + " analysis of " + competitorId + " not possible: " + reason,
        Map.of(kind.id() + "Status", "failed: " + reason));
  }
}
