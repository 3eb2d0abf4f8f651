package io.rivalwatch.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import org.junit.jupiter.api.Test;

class JobBasedUserTasksTest {

  @Test
  void removesTheCamundaUserTaskMarkerAndKeepsTheFormLink() {
    var model = Bpmn.createExecutableProcess("p").startEvent()
        .userTask("review").zeebeUserTask().zeebeFormId("review-report")
        .endEvent().done();
    UserTask task = model.getModelElementById("review");
    assertThat(task.getExtensionElements().getChildElementsByType(ZeebeUserTask.class)).hasSize(1);

    assertThat(JobBasedUserTasks.apply(model)).isEqualTo(1);

    assertThat(task.getExtensionElements().getChildElementsByType(ZeebeUserTask.class)).isEmpty();
    assertThat(task.getSingleExtensionElement(ZeebeFormDefinition.class).getFormId()).isEqualTo("review-report");
    Bpmn.validateModel(model);
  }

  @Test
  void removesTheTaskListenersWhichOnlyCamundaUserTasksMayHave() {
    var model = Bpmn.createExecutableProcess("p").startEvent()
        .userTask("review").zeebeUserTask().zeebeTaskListener(l -> l.completing().type("rivalwatch-record-reviewer"))
        .endEvent().done();
    UserTask task = model.getModelElementById("review");
    assertThat(task.getExtensionElements().getChildElementsByType(ZeebeTaskListeners.class)).hasSize(1);

    JobBasedUserTasks.apply(model);

    assertThat(task.getExtensionElements().getChildElementsByType(ZeebeTaskListeners.class)).isEmpty();
    assertThat(model.validate(io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators.VALIDATORS)
        .hasErrors()).isFalse();
  }
}
