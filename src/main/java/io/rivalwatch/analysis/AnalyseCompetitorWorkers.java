package io.rivalwatch.analysis;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.rivalwatch.workflow.JobFailures;
import io.rivalwatch.workflow.ProcessErrors;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One job type per analysis, so each runs, fails and retries on its own. When the material cannot support an
 * analysis, the BPMN error marks just that analysis as missing; the other analyses and competitors go on.
 */
@Component
public class AnalyseCompetitorWorkers {

  private final AnalysisService analysis;

  public AnalyseCompetitorWorkers(AnalysisService analysis) {
    this.analysis = analysis;
  }

  @JobWorker(type = "rivalwatch-analyse-sentiment", timeout = 600_000)
  public Map<String, Object> analyseSentiment(@Variable String runId, @Variable String competitorId) {
    return analyse(runId, competitorId, AnalysisKind.SENTIMENT);
  }

  @JobWorker(type = "rivalwatch-analyse-strategy", timeout = 600_000)
  public Map<String, Object> analyseStrategy(@Variable String runId, @Variable String competitorId) {
    return analyse(runId, competitorId, AnalysisKind.STRATEGY);
  }

  @JobWorker(type = "rivalwatch-analyse-positioning", timeout = 600_000)
  public Map<String, Object> analysePositioning(@Variable String runId, @Variable String competitorId) {
    return analyse(runId, competitorId, AnalysisKind.POSITIONING);
  }

  private Map<String, Object> analyse(String runId, String competitorId, AnalysisKind kind) {
    String variable = kind.id() + "Status";
    try {
      AnalysisResult result = analysis.analyse(runId, competitorId, kind);
      return Map.of(variable, "done: " + result.findings().size() + " findings");
    } catch (AnalysisNotPossibleException e) {
      throw JobFailures.businessError(
          ProcessErrors.ANALYSIS_FAILED,
          kind.id() + " analysis of " + competitorId + " not possible: " + e.getMessage(),
          Map.of(variable, "failed: " + e.getMessage()));
    }
  }
}
