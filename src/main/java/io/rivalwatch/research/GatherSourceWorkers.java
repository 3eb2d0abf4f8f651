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

import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One job type per source kind. A source that fails for good does not fail the competitor: the job completes
 * with a status saying why, and the sufficiency check decides what the competitor has left.
 *
 * <p>The gathering that finds its round's sources all stored judges the round itself and completes with the
 * decision ({@code researchDecision}, {@code researchRound}, {@code researchNote}) that the gateway "Research
 * sufficient?" reads: the check needs no job of its own, one engine hop less before each competitor's analyses
 * (issue 14; ADR 0033). Two gatherings that store at the same moment may both judge: the verdict is stored once and
 * both return it.
 */
@Component
public class GatherSourceWorkers {

  private final ResearchService research;
  private final JobFailures failures;
  private final ParkedItems parked;
  private final SufficiencyService sufficiency;

  public GatherSourceWorkers(
      ResearchService research, JobFailures failures, ParkedItems parked, SufficiencyService sufficiency) {
    this.research = research;
    this.failures = failures;
    this.parked = parked;
    this.sufficiency = sufficiency;
  }

  @JobWorker(type = JobTypes.GATHER_WEBSITE, timeout = 300_000)
  public Map<String, Object> gatherWebsite(
      ActivatedJob job, @Variable String runId, @Variable String competitorId,
      @Variable(optional = true) Integer researchRound) {
    return gatherThenJudge(job, runId, competitorId, SourceKind.WEBSITE, researchRound, ProcessVariables.WEBSITE_STATUS);
  }

  @JobWorker(type = JobTypes.GATHER_NEWS, timeout = 300_000)
  public Map<String, Object> gatherNews(
      ActivatedJob job, @Variable String runId, @Variable String competitorId,
      @Variable(optional = true) Integer researchRound) {
    return gatherThenJudge(job, runId, competitorId, SourceKind.NEWS, researchRound, ProcessVariables.NEWS_STATUS);
  }

  @JobWorker(type = JobTypes.GATHER_SOCIAL, timeout = 300_000)
  public Map<String, Object> gatherSocial(
      ActivatedJob job, @Variable String runId, @Variable String competitorId,
      @Variable(optional = true) Integer researchRound) {
    return gatherThenJudge(job, runId, competitorId, SourceKind.SOCIAL, researchRound, ProcessVariables.SOCIAL_STATUS);
  }

  @JobWorker(type = JobTypes.GATHER_MARKET_DATA, timeout = 300_000)
  public Map<String, Object> gatherMarketData(
      ActivatedJob job, @Variable String runId, @Variable String competitorId,
      @Variable(optional = true) Integer researchRound) {
    return gatherThenJudge(job, runId, competitorId, SourceKind.MARKET, researchRound, ProcessVariables.MARKET_STATUS);
  }

  private Map<String, Object> gatherThenJudge(
      ActivatedJob job, String runId, String competitorId, SourceKind kind, Integer round, String statusVariable) {
    int r = round == null ? 0 : round;
    Map<String, Object> variables = new HashMap<>();
    variables.put(statusVariable, gather(job, runId, competitorId, kind, round));
    // after this source's result is stored: a failure here fails the job, and its retry finds the result stored
    if (research.roundGathered(runId, competitorId, r)) {
      SufficiencyVerdict verdict = sufficiency.check(runId, competitorId, r);
      variables.put(ProcessVariables.RESEARCH_DECISION, verdict.decision());
      variables.put(ProcessVariables.RESEARCH_ROUND, verdict.nextRound());
      variables.put(ProcessVariables.RESEARCH_NOTE, verdict.note());
    }
    return variables;
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
