package io.rivalwatch.research;

import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.camunda.client.annotation.VariablesAsType;
import io.rivalwatch.workflow.JobVariables;
import org.springframework.stereotype.Component;

/**
 * The end listener of competitor-research: stores what became of the competitor (research decision and the three
 * analysis statuses), which the report, the quality check and the Slack summary read back by run.
 */
@Component
public class RecordCompetitorResultWorker {

  private final CompetitorResults results;

  public RecordCompetitorResultWorker(CompetitorResults results) {
    this.results = results;
  }

  /** What the competitor's research process ended with: the research decision and each analysis' status. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FinishedCompetitor(String runId, String competitorId, String researchDecision, String researchNote,
      String sentimentStatus, String strategyStatus, String positioningStatus) {
    public FinishedCompetitor {
      JobVariables.required(runId, ProcessVariables.RUN_ID);
      JobVariables.required(competitorId, ProcessVariables.COMPETITOR_ID);
    }
  }

  @JobWorker(type = JobTypes.RECORD_COMPETITOR_RESULT)
  public void record(@VariablesAsType FinishedCompetitor finished) {
    results.record(finished.runId(), new CompetitorResult(finished.competitorId(), finished.researchDecision(),
        finished.researchNote(), finished.sentimentStatus(), finished.strategyStatus(), finished.positioningStatus()));
  }
}
