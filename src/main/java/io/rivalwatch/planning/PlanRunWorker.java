package io.rivalwatch.planning;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.workflow.JobFailures;
import io.rivalwatch.workflow.ProcessErrors;
import io.rivalwatch.workflow.RunIds;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Loads and validates the run configuration; a bad one ends the run at once with the fields to fix. */
@Component
public class PlanRunWorker {

  private final PlanningService planning;

  public PlanRunWorker(PlanningService planning) {
    this.planning = planning;
  }

  @JobWorker(type = "rivalwatch-plan-run")
  public Map<String, Object> plan(
      ActivatedJob job, @Variable(optional = true) String runId, @Variable(optional = true) String runConfiguration,
      @Variable(optional = true) String refresh) {
    try {
      RunPlan plan = planning.plan(RunIds.resolve(runId, job.getProcessInstanceKey()), runConfiguration, refresh);
      return Map.of(
          "runId", plan.runId(),
          "competitorIds", plan.competitorIds(),
          "competitorCount", plan.competitorIds().size());
    } catch (InvalidConfigurationException e) {
      throw JobFailures.runFailure(ProcessErrors.INVALID_CONFIGURATION, job, e.getMessage());
    }
  }
}
