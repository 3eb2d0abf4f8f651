package io.rivalwatch.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.DeploymentEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListenerEventType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.xml.validation.ValidationResultFormatter;
import org.camunda.bpm.model.xml.validation.ValidationResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model in {@code bpmn/} and form in {@code forms/}: valid for Zeebe, fully drawn for Camunda Modeler, and
 * accepted by the engine.
 */
@ZeebeProcessTest
class ProcessModelsTest {

  private ZeebeTestEngine engine;
  private ZeebeClient client;

  static Stream<Path> models() {
    return EmbeddedEngineModels.bpmnFiles().stream();
  }

  @Test
  void theProjectHasBothModelsAndTheReviewForm() {
    assertThat(EmbeddedEngineModels.bpmnFiles())
        .extracting(p -> p.getFileName().toString())
        .contains("competitive-intelligence.bpmn", "competitor-research.bpmn");
    assertThat(EmbeddedEngineModels.formFiles())
        .extracting(p -> p.getFileName().toString())
        .contains("review-report.form");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void isValidForZeebe(final Path file) {
    final BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    Bpmn.validateModel(model);

    final ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
    assertThat(results.hasErrors()).as(describe(results)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void drawsEveryElementAndFlow(final Path file) {
    final BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    final Set<String> shapes =
        model.getModelElementsByType(BpmnShape.class).stream()
            .map(s -> s.getBpmnElement().getId())
            .collect(Collectors.toSet());
    final Set<String> edges =
        model.getModelElementsByType(BpmnEdge.class).stream()
            .map(e -> e.getBpmnElement().getId())
            .collect(Collectors.toSet());

    // flow nodes include boundary events, gateways, the call activity and the event subprocess with its children
    assertThat(ids(model.getModelElementsByType(FlowNode.class))).isNotEmpty().isSubsetOf(shapes);
    assertThat(ids(model.getModelElementsByType(SequenceFlow.class))).isNotEmpty().isSubsetOf(edges);
    assertThat(model.getModelElementsByType(BpmnEdge.class))
        .allSatisfy(edge -> assertThat(edge.getWaypoints()).hasSizeGreaterThanOrEqualTo(2));
    assertThat(model.getModelElementsByType(FlowNode.class))
        .allSatisfy(node -> assertThat(node.getName()).as("name of %s", node.getId()).isNotBlank());
  }

  /**
   * A gateway with one way in and one way out decides nothing and joins nothing, yet costs the engine a step on every
   * token that passes (bpmnlint's superfluous-gateway; issue 14 item 5). The run's start had one once its timer went.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void noGatewayOnlyPassesATokenThrough(final Path file) {
    final BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    assertThat(model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Gateway.class))
        .allSatisfy(gateway -> assertThat(gateway.getIncoming().size() + gateway.getOutgoing().size())
            .as("flows in and out of %s", gateway.getId()).isGreaterThan(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void everyServiceTaskHasAJobTypeAndFiveRetries(final Path file) {
    final BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    assertThat(model.getModelElementsByType(ServiceTask.class))
        .isNotEmpty()
        .allSatisfy(
            task -> {
              final ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
              assertThat(definition).as("task definition of %s", task.getId()).isNotNull();
              assertThat(definition.getType()).startsWith("rivalwatch-");
              assertThat(definition.getRetries()).isEqualTo("5");
            });
  }

  @Test
  void reviewIsACamundaUserTaskLinkedToTheReviewForm() throws Exception {
    final BpmnModelInstance model =
        Bpmn.readModelFromFile(EmbeddedEngineModels.BPMN_DIR.resolve("competitive-intelligence.bpmn").toFile());
    final UserTask review = model.getModelElementById("UserTask_ReviewReport");
    assertThat(review.getSingleExtensionElement(ZeebeUserTask.class)).isNotNull();
    assertThat(review.getSingleExtensionElement(ZeebeFormDefinition.class).getFormId()).isEqualTo("review-report");

    final JsonNode form =
        new ObjectMapper().readTree(EmbeddedEngineModels.FORMS_DIR.resolve("review-report.form").toFile());
    assertThat(form.path("id").asText()).isEqualTo("review-report");
    assertThat(form.path("components").findValuesAsText("key")).contains("reviewDecision", "reviewComments");
    assertThat(form.path("components").findValues("value"))
        .extracting(JsonNode::asText)
        .containsExactly("approve", "request-changes", "reject");

    // on a cluster, who completes the review (its assignee) is kept by a completing task listener for the audit trail
    final ZeebeTaskListeners listeners = review.getSingleExtensionElement(ZeebeTaskListeners.class);
    assertThat(listeners.getTaskListeners()).singleElement().satisfies(listener -> {
      assertThat(listener.getEventType()).isEqualTo(ZeebeTaskListenerEventType.completing);
      assertThat(listener.getType()).isEqualTo("rivalwatch-record-reviewer");
    });

    // the embedded-engine copy loses the zeebe:userTask marker and the task listener, which only Camunda user tasks
    // have
    final BpmnModelInstance jobBased = EmbeddedEngineModels.withJobBasedUserTasks(model);
    final UserTask jobBasedReview = jobBased.getModelElementById("UserTask_ReviewReport");
    assertThat(jobBasedReview.getSingleExtensionElement(ZeebeUserTask.class)).isNull();
    assertThat(jobBasedReview.getSingleExtensionElement(ZeebeTaskListeners.class)).isNull();
    assertThat(jobBasedReview.getSingleExtensionElement(ZeebeExecutionListeners.class).getExecutionListeners())
        .as("the end listener that records the decision stays").singleElement()
        .satisfies(l -> assertThat(l.getType()).isEqualTo("rivalwatch-record-review-wait"));
    assertThat(jobBasedReview.getSingleExtensionElement(ZeebeFormDefinition.class).getFormId())
        .isEqualTo("review-report");
    assertThat(review.getSingleExtensionElement(ZeebeUserTask.class)).as("original untouched").isNotNull();
  }

  @Test
  void theEngineAcceptsEveryModelAndFormAsWritten() {
    var command =
        client.newDeployResourceCommand().addResourceFile(EmbeddedEngineModels.formFiles().getFirst().toString());
    for (final Path path :
        Stream.concat(EmbeddedEngineModels.formFiles().stream().skip(1), EmbeddedEngineModels.bpmnFiles().stream())
            .toList()) {
      command = command.addResourceFile(path.toString());
    }
    final DeploymentEvent deployment = command.send().join();

    assertThat(deployment.getProcesses())
        .extracting(p -> p.getBpmnProcessId())
        .containsExactlyInAnyOrder("competitive-intelligence", "competitor-research", "data-retention",
            "watch-list-schedule");
    assertThat(deployment.getForm()).extracting(f -> f.getFormId()).containsExactly("review-report");
  }

  /** Why the embedded-engine copy drops the task listener: a job-based user task cannot have one. */
  @Test
  void aJobBasedReviewThatKeptItsTaskListenerIsRefused() {
    final BpmnModelInstance model =
        Bpmn.readModelFromFile(EmbeddedEngineModels.BPMN_DIR.resolve("competitive-intelligence.bpmn").toFile());
    final UserTask review = model.getModelElementById("UserTask_ReviewReport");
    review.getExtensionElements().removeChildElement(review.getSingleExtensionElement(ZeebeUserTask.class));

    assertThat(describe(model.validate(ZeebeDesignTimeValidators.VALIDATORS)))
        .contains("ERROR Task listeners are only allowed on Camunda user tasks");
  }

  @Test
  void theEngineAcceptsTheJobBasedCopiesUsedByTheProcessTests() {
    EmbeddedEngineModels.deployForEmbeddedEngine(client);
  }

  private static List<String> ids(final Collection<? extends BaseElement> elements) {
    return elements.stream().map(BaseElement::getId).toList();
  }

  private static String describe(final ValidationResults results) {
    final StringWriter out = new StringWriter();
    results.write(
        out,
        new ValidationResultFormatter() {
          @Override
          public void formatElement(
              final StringWriter writer, final org.camunda.bpm.model.xml.instance.ModelElementInstance element) {
            writer.append(element instanceof BaseElement base ? base.getId() : element.toString()).append(":\n");
          }

          @Override
          public void formatResult(
              final StringWriter writer, final org.camunda.bpm.model.xml.validation.ValidationResult result) {
            writer
                .append("  ")
                .append(String.valueOf(result.getType()))
                .append(" ")
                .append(result.getMessage())
                .append("\n");
          }
        });
    return out.toString();
  }
}
