package io.rivalwatch.workflow;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;

/**
 * Turns Camunda user tasks into job-based user tasks, for engines that cannot complete Camunda user tasks.
 *
 * <p>The models in bpmn/ use Camunda user tasks (zeebe:userTask), which Tasklist shows from 8.8 on. The embedded
 * engine used by the tests and the local run completes user tasks only through REST, which it does not have; as a
 * job-based user task (type {@value #JOB_TYPE}) the same task, with the same form link, can be completed as a job.
 * Task listeners belong to Camunda user tasks only (the engine refuses them on a job-based one), so they go too: on
 * such an engine the review's completer names themselves in a variable instead (docs/audit.md).
 */
public final class JobBasedUserTasks {

  public static final String JOB_TYPE = "io.camunda.zeebe:userTask";

  private JobBasedUserTasks() {}

  /** Removes the zeebe:userTask marker and the task listeners from every user task; returns how many were changed. */
  public static int apply(BpmnModelInstance model) {
    int changed = 0;
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      if (task.getExtensionElements() == null) {
        continue;
      }
      var markers = task.getExtensionElements().getChildElementsByType(ZeebeUserTask.class);
      for (ZeebeUserTask marker : markers) {
        task.getExtensionElements().removeChildElement(marker);
        changed++;
      }
      task.getExtensionElements().getChildElementsByType(ZeebeTaskListeners.class)
          .forEach(task.getExtensionElements()::removeChildElement);
    }
    return changed;
  }
}
