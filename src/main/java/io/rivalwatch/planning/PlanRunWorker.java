package io.rivalwatch.planning;

import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.workflow.JobFailures;
import io.rivalwatch.workflow.ProcessErrors;
import io.rivalwatch.workflow.RunIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Loads and validates the run's watch list; a bad one (or one above a cap) ends the run at once with the fields to fix. */
@Component
public class PlanRunWorker {

  private final PlanningService planning;
  private final RunStartAudit starts;
  private final org.springframework.beans.factory.ObjectProvider<RunPinning> pinning;

  public PlanRunWorker(PlanningService planning, RunStartAudit starts,
      org.springframework.beans.factory.ObjectProvider<RunPinning> pinning) {
    this.planning = planning;
    this.starts = starts;
    this.pinning = pinning;
  }

  @JobWorker(type = JobTypes.PLAN_RUN)
  public Map<String, Object> plan(
      ActivatedJob job, @Variable(optional = true) String runId, @Variable(optional = true) String watchList,
      @Variable(optional = true) String refresh, @Variable(optional = true) Double budgetUsd,
      @Variable(optional = true) Object runConfiguration, @Variable(optional = true) String startedBy,
      @Variable(optional = true) String runTrigger, @Variable(optional = true) Map<String, Object> scheduled) {
    String id = RunIds.resolve(runId, job.getProcessInstanceKey());
    try {
      // a location of any type is refused, and never used
      if (runConfiguration != null) {
        throw new InvalidConfigurationException("the run's variables", List.of(WatchLists.LEGACY_LOCATION_VARIABLE
            + ": a run no longer names a configuration location (a URL, path or resource); nothing was read from it."
            + " Fix: name a watch list with the variable " + WatchLists.VARIABLE + " (a file <name>.yaml in the "
            + "directory set by rivalwatch.planning.watch-lists), or leave both out for the default watch list"));
      }
      // who started the run is recorded once its start is kept, while the watch list is frozen
      RunPlan plan = planning.plan(id, watchList, refresh, budgetUsd,
          () -> starts.record(id, startedBy, runTrigger, watchList, refresh, scheduled));
      // the run's models and prompt texts, frozen before any model call (first attempt wins)
      RunPinning.RunOrigin origin = new RunPinning.RunOrigin(planning.watchListName(watchList),
          RunStartAudit.actor(startedBy, runTrigger));
      pinning.orderedStream().forEach(p -> p.pin(plan.runId(), origin));
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("runId", plan.runId());
      variables.put("competitorIds", plan.competitorIds());
      variables.put("competitorCount", plan.competitorIds().size());
      // the review's timers and due date read these (ISO-8601 durations); addresses stay in the configuration
      variables.putAll(plan.review().processVariables());
      return variables;
    } catch (InvalidConfigurationException e) {
      // who started a run whose configuration is refused is part of its record too
      starts.record(id, startedBy, runTrigger, watchList, refresh, scheduled);
      throw JobFailures.runFailure(ProcessErrors.INVALID_CONFIGURATION, job, e.getMessage());
    }
  }
}
