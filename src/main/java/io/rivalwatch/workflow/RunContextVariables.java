package io.rivalwatch.workflow;

import io.camunda.client.annotation.customizer.JobWorkerValueCustomizer;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.response.ActivatedJob;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Makes every worker fetch the variables {@link JobObservation} puts into the logs and the trace ({@code runId},
 * {@code competitorId}) even when its method does not ask for them, so a new worker cannot log under the wrong run.
 *
 * <p>The SDK fetches only the variables a worker's parameters name, unless the method takes the whole job (then it
 * fetches all) or forces fetching all. This adds the two to the list in either order with the SDK's own customizer,
 * which merges what is already listed with the parameters' names.
 */
@Component
class RunContextVariables implements JobWorkerValueCustomizer {

  static final List<String> NAMES = List.of(ProcessVariables.RUN_ID, ProcessVariables.COMPETITOR_ID);

  @Override
  public void customize(JobWorkerValue worker) {
    boolean fetchesAll = Boolean.TRUE.equals(worker.getForceFetchAllVariables())
        || worker.getMethodInfo() != null && worker.getMethodInfo().getParameters().stream()
            .anyMatch(p -> p.getParameter().getType().isAssignableFrom(ActivatedJob.class));
    if (fetchesAll) {
      return;
    }
    List<String> names = new ArrayList<>(worker.getFetchVariables() == null ? List.of() : worker.getFetchVariables());
    NAMES.stream().filter(name -> !names.contains(name)).forEach(names::add);
    worker.setFetchVariables(names);
  }
}
