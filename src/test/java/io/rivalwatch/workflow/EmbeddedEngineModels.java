package io.rivalwatch.workflow;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The models in {@code bpmn/} and {@code forms/}, read from the project directory, and their deployment to the
 * embedded test engine.
 *
 * <p>The embedded engine cannot complete a Camunda user task (completion is REST-only), so {@link
 * #deployForEmbeddedEngine} deploys a copy of each model whose user tasks lost their {@code zeebe:userTask}
 * marker (and their task listeners, which only Camunda user tasks have): they become job-based user tasks, completed
 * as jobs of type {@link #USER_TASK_JOB_TYPE}. Everything else (form link, candidate group, output mappings, execution
 * listeners) stays as modelled.
 */
final class EmbeddedEngineModels {

  static final Path BPMN_DIR = Path.of("bpmn");
  static final Path FORMS_DIR = Path.of("forms");
  static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";

  private EmbeddedEngineModels() {}

  static List<Path> bpmnFiles() {
    return filesIn(BPMN_DIR, ".bpmn");
  }

  static List<Path> formFiles() {
    return filesIn(FORMS_DIR, ".form");
  }

  /** The model with every {@code zeebe:userTask} marker removed; the original is left untouched. */
  static BpmnModelInstance withJobBasedUserTasks(final BpmnModelInstance model) {
    final BpmnModelInstance copy = model.clone();
    // the same adapter the application applies before deploying to an embedded engine
    JobBasedUserTasks.apply(copy);
    return copy;
  }

  /** Deploys every form and every model (user tasks made job-based) in one deployment. */
  static void deployForEmbeddedEngine(final ZeebeClient client) {
    var command = client.newDeployResourceCommand().addResourceFile(formFiles().getFirst().toString());
    for (final Path form : formFiles().subList(1, formFiles().size())) {
      command = command.addResourceFile(form.toString());
    }
    for (final Path bpmn : bpmnFiles()) {
      command =
          command.addProcessModel(
              withJobBasedUserTasks(Bpmn.readModelFromFile(bpmn.toFile())), bpmn.getFileName().toString());
    }
    command.send().join();
  }

  private static List<Path> filesIn(final Path dir, final String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
