package io.rivalwatch.planning;

import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.workflow.JobFailures;
import io.rivalwatch.workflow.ProcessErrors;
import io.rivalwatch.workflow.RunIds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Loads and validates the run configuration; a bad one ends the run at once with the fields to fix. */
@Component
public class PlanRunWorker {

  private final PlanningService planning;

  public PlanRunWorker(PlanningService planning) {
    this.planning = planning;
  }

  @JobWorker(type = JobTypes.PLAN_RUN)
  public Map<String, Object> plan(
      ActivatedJob job, @Variable(optional = true) String runId, @Variable(optional = true) String runConfiguration,
      @Variable(optional = true) String refresh) {
    try {
      RunPlan plan = planning.plan(RunIds.resolve(runId, job.getProcessInstanceKey()), runConfiguration, refresh);
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("runId", plan.runId());
      variables.put("competitorIds", plan.competitorIds());
      variables.put("competitorCount", plan.competitorIds().size());
      // the review's timers and due date read these (ISO-8601 durations); addresses stay in the configuration
      variables.putAll(plan.review().processVariables());
      return variables;
    } catch (InvalidConfigurationException e) {
      throw JobFailures.runFailure(ProcessErrors.INVALID_CONFIGURATION, job, e.getMessage());
    }
  }
}
