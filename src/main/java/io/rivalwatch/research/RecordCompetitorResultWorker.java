package io.rivalwatch.research;

import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
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

  @JobWorker(type = JobTypes.RECORD_COMPETITOR_RESULT)
  public void record(
      @Variable String runId,
      @Variable String competitorId,
      @Variable(optional = true) String researchDecision,
      @Variable(optional = true) String researchNote,
      @Variable(optional = true) String sentimentStatus,
      @Variable(optional = true) String strategyStatus,
      @Variable(optional = true) String positioningStatus) {
    results.record(runId, new CompetitorResult(
        competitorId, researchDecision, researchNote, sentimentStatus, strategyStatus, positioningStatus));
  }
}
