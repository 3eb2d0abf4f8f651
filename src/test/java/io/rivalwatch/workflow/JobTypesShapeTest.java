package io.rivalwatch.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The job-type groups of the catalogue ({@link JobTypes#RESEARCH_ROUND}, ...) are the models' shape: the progress API
 * counts what a run still expects from them, so they must say what bpmn/ says.
 */
class JobTypesShapeTest {

  private static final List<BpmnModelInstance> MODELS = Stream.of("competitive-intelligence", "competitor-research")
      .map(name -> Bpmn.readModelFromFile(Path.of("bpmn", name + ".bpmn").toFile())).toList();

  private static String type(FlowNode node) {
    if (!(node instanceof ServiceTask task) || task.getExtensionElements() == null) {
      return null;
    }
    return task.getExtensionElements().getChildElementsByType(ZeebeTaskDefinition.class).stream()
        .map(ZeebeTaskDefinition::getType).findFirst().orElse(null);
  }

  /** Each parallel fork of the models: the job types it starts at once. */
  private static List<Set<String>> forks() {
    return MODELS.stream().flatMap(m -> m.getModelElementsByType(ParallelGateway.class).stream())
        .filter(g -> g.getOutgoing().size() > 1)
        .map(g -> g.getOutgoing().stream().map(f -> type(f.getTarget())).collect(Collectors.toSet()))
        .toList();
  }

  /** The job type after a node (through one gateway at most). */
  private static String next(String jobType) {
    FlowNode node = MODELS.stream().flatMap(m -> m.getModelElementsByType(ServiceTask.class).stream())
        .filter(t -> jobType.equals(type(t))).findFirst().orElseThrow();
    FlowNode after = node.getOutgoing().iterator().next().getTarget();
    if (type(after) == null) {
      after = after.getOutgoing().iterator().next().getTarget();
    }
    return type(after);
  }

  @Test
  void aResearchRoundIsTheGathersInParallelAndNoJobJudgesIt() {
    assertThat(forks()).contains(Set.copyOf(JobTypes.RESEARCH_ROUND));
    // the round's last gathering judges it: after the join comes the decision, no job (ADR 0033)
    JobTypes.RESEARCH_ROUND.forEach(gather -> assertThat(next(gather)).as("after " + gather).isNull());
  }

  @Test
  void theAnalysesAndTheDeliveriesAreParallelForks() {
    assertThat(forks()).contains(Set.copyOf(JobTypes.ANALYSES), Set.copyOf(JobTypes.DELIVERIES));
  }

  @Test
  void aReportRevisionIsWrittenThenChecked() {
    assertThat(next(JobTypes.REPORT_REVISION.getFirst())).isEqualTo(JobTypes.REPORT_REVISION.get(1));
  }
}
