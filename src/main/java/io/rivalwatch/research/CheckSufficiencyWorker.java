package io.rivalwatch.research;

import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Decides whether a competitor's research is enough, needs another round, or has nothing usable, as a job of its
 * own: the task "Check research sufficiency" of competitor-research versions deployed before ADR 0033. The current
 * model has no such task (the round's last gathering judges it, {@link GatherSourceWorkers}); this worker serves the
 * competitors still running on an earlier version after an upgrade, and can go once none is left.
 */
@Component
public class CheckSufficiencyWorker {

  private final SufficiencyService sufficiency;

  public CheckSufficiencyWorker(SufficiencyService sufficiency) {
    this.sufficiency = sufficiency;
  }

  @JobWorker(type = JobTypes.CHECK_RESEARCH_SUFFICIENCY)
  public Map<String, Object> check(
      @Variable String runId, @Variable String competitorId, @Variable(optional = true) Integer researchRound) {
    SufficiencyVerdict verdict = sufficiency.check(runId, competitorId, researchRound == null ? 0 : researchRound);
    return Map.of(
        ProcessVariables.RESEARCH_DECISION, verdict.decision(),
        ProcessVariables.RESEARCH_ROUND, verdict.nextRound(),
        ProcessVariables.RESEARCH_NOTE, verdict.note());
  }
}
