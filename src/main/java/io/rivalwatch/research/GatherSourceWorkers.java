package io.rivalwatch.research;

import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.resilience.ParkedItem;
import io.rivalwatch.resilience.ParkedItems;
import io.rivalwatch.workflow.JobFailures;

import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One job type per source kind. A source that fails for good does not fail the competitor: the job completes
 * with a status saying why, and the sufficiency check decides what the competitor has left.
 */
@Component
public class GatherSourceWorkers {

  private final ResearchService research;
  private final JobFailures failures;
  private final ParkedItems parked;

  public GatherSourceWorkers(ResearchService research, JobFailures failures, ParkedItems parked) {
    this.research = research;
    this.failures = failures;
    this.parked = parked;
  }

  @JobWorker(type = JobTypes.GATHER_WEBSITE, timeout = 300_000)
  public Map<String, Object> gatherWebsite(
      ActivatedJob job, @Variable String runId, @Variable String competitorId,
      @Variable(optional = true) Integer researchRound) {
    return Map.of(ProcessVariables.WEBSITE_STATUS, gather(job, runId, competitorId, SourceKind.WEBSITE, researchRound));
  }

  @JobWorker(type = JobTypes.GATHER_NEWS, timeout = 300_000)
  public Map<String, Object> gatherNews(
      ActivatedJob job, @Variable String runId, @Variable String competitorId,
      @Variable(optional = true) Integer researchRound) {
    return Map.of(ProcessVariables.NEWS_STATUS, gather(job, runId, competitorId, SourceKind.NEWS, researchRound));
  }

  @JobWorker(type = JobTypes.GATHER_SOCIAL, timeout = 300_000)
  public Map<String, Object> gatherSocial(
      ActivatedJob job, @Variable String runId, @Variable String competitorId,
      @Variable(optional = true) Integer researchRound) {
    return Map.of(ProcessVariables.SOCIAL_STATUS, gather(job, runId, competitorId, SourceKind.SOCIAL, researchRound));
  }

  @JobWorker(type = JobTypes.GATHER_MARKET_DATA, timeout = 300_000)
  public Map<String, Object> gatherMarketData(
      ActivatedJob job, @Variable String runId, @Variable String competitorId,
      @Variable(optional = true) Integer researchRound) {
    return Map.of(ProcessVariables.MARKET_STATUS, gather(job, runId, competitorId, SourceKind.MARKET, researchRound));
  }

  private String gather(ActivatedJob job, String runId, String competitorId, SourceKind kind, Integer round) {
    int r = round == null ? 0 : round;
    try {
      return research.gather(runId, competitorId, kind, r).map(GatheredSource::status).orElse("not configured");
    } catch (OutsideServiceException e) {
      failures.retryIfWorthIt(job, runId, e);
      // a source that fails for good does not fail the competitor: it is parked and research goes on
      String reason = e.getMessage() + (e.mayPass() ? " (no retries left)" : "");
      parked.park(runId, competitorId, ParkedItem.Kind.SOURCE, kind.id(), job.getType(), job.getElementId(), reason);
      return research.giveUp(runId, competitorId, kind, r, reason).status();
    }
  }
}
