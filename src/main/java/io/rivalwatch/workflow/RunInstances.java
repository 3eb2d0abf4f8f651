package io.rivalwatch.workflow;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Starts and cancels process instances of the run's process, for callers that must not know the engine's client. */
@Component
public class RunInstances {

  private final CamundaClient client;

  public RunInstances(CamundaClient client) {
    this.client = client;
  }

  /** Starts a run on the latest deployed version of the process; returns its process instance key. */
  public long start(Map<String, Object> variables) {
    return client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
  }

  /**
   * Starts a run on the latest deployed version of the process with tags (Camunda 8.8 process instance tags, which
   * Operate shows and filters by, e.g. {@code watchList:nightly}); returns its process instance key.
   */
  public long start(Map<String, Object> variables, java.util.Set<String> tags) {
    return client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
        .variables(variables).tags(tags).send().join().getProcessInstanceKey();
  }

  /**
   * Sets the variables on the process instance if it is still active, as a note Operate shows on it; the engine's
   * answer is also the only check of whether an instance is active that its gRPC API has.
   *
   * @return false when the engine has no such instance (it has ended, or never was)
   */
  public boolean noteIfActive(long processInstanceKey, Map<String, Object> variables) {
    try {
      client.newSetVariablesCommand(processInstanceKey).variables(variables).local(true).send().join();
      return true;
    } catch (ClientStatusException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Cancels the process instance.
   *
   * @return false when the engine has no such instance (it has ended, or never was)
   */
  public boolean cancel(long processInstanceKey) {
    try {
      client.newCancelInstanceCommand(processInstanceKey).send().join();
      return true;
    } catch (ClientStatusException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
