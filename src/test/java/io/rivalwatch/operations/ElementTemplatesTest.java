package io.rivalwatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.annotation.VariablesAsType;
import io.rivalwatch.workflow.JobTypes;
import io.rivalwatch.workflow.RunPhase;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * The Camunda Modeler element templates in .camunda/element-templates/: one per job type the models use, each naming
 * a job type a worker serves, and each input one its worker reads.
 */
class ElementTemplatesTest {

  private static final Path TEMPLATES = OperationsFiles.ROOT.resolve(".camunda/element-templates");
  private static final String SCHEMA =
      "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json";
  private static final Pattern TASK_TYPE = Pattern.compile("<zeebe:taskDefinition[^>]*\\btype=\"([^\"]+)\"");

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** job type -> template */
  private static Map<String, JsonNode> templates() throws IOException {
    Map<String, JsonNode> byType = new TreeMap<>();
    for (Path file : files(TEMPLATES, ".json")) {
      JsonNode template = OperationsFiles.json(file);
      String type = jobType(template);
      assertThat(type).as(file + " binds zeebe:taskDefinition type").isNotNull();
      assertThat(byType.put(type, template)).as("two templates for " + type).isNull();
    }
    return byType;
  }

  private static String jobType(JsonNode template) {
    for (JsonNode property : template.path("properties")) {
      JsonNode binding = property.path("binding");
      if (binding.path("type").asText().equals("zeebe:taskDefinition") && binding.path("property").asText().equals("type")) {
        return property.path("value").asText(null);
      }
    }
    return null;
  }

  private static Set<String> jobTypesInModels() throws IOException {
    Set<String> types = new TreeSet<>();
    for (Path model : files(OperationsFiles.ROOT.resolve("bpmn"), ".bpmn")) {
      TASK_TYPE.matcher(OperationsFiles.read(model)).results().forEach(m -> types.add(m.group(1)));
    }
    return types;
  }

  /**
   * job type -> the variables its @JobWorker method reads, from the worker classes themselves: the annotation's
   * type (a {@link JobTypes} constant), each {@code @Variable} parameter, and the components of a
   * {@code @VariablesAsType} record, as the SDK fetches them.
   */
  private static Map<String, Set<String>> workers() throws ClassNotFoundException {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter((reader, factory) -> reader.getAnnotationMetadata()
        .hasAnnotatedMethods(JobWorker.class.getName()));
    Map<String, Set<String>> workers = new TreeMap<>();
    for (var candidate : scanner.findCandidateComponents("io.rivalwatch")) {
      for (Method method : Class.forName(candidate.getBeanClassName()).getDeclaredMethods()) {
        JobWorker worker = method.getAnnotation(JobWorker.class);
        if (worker == null) {
          continue;
        }
        Set<String> variables = new TreeSet<>();
        for (Parameter parameter : method.getParameters()) {
          Variable variable = parameter.getAnnotation(Variable.class);
          if (variable != null) {
            variables.add(variableName(variable, parameter));
          }
          if (parameter.isAnnotationPresent(VariablesAsType.class)) {
            assertThat(parameter.getType().isRecord()).as(method + " reads its variables as a record").isTrue();
            for (RecordComponent component : parameter.getType().getRecordComponents()) {
              variables.add(component.getName());
            }
          }
        }
        assertThat(workers.put(worker.type(), variables)).as("two workers for " + worker.type()).isNull();
      }
    }
    return workers;
  }

  private static String variableName(Variable variable, Parameter parameter) {
    for (String name : List.of(variable.name(), variable.value())) {
      if (!name.isBlank() && !name.startsWith("$")) {
        return name;
      }
    }
    assertThat(parameter.isNamePresent()).as("compiled with -parameters: " + parameter).isTrue();
    return parameter.getName();
  }

  /** The job types of the catalogue, by constant name (not its groups). */
  private static Map<String, String> catalogue() throws IllegalAccessException {
    Map<String, String> types = new TreeMap<>();
    for (Field field : JobTypes.class.getFields()) {
      if (field.getType() == String.class) {
        types.put(field.getName(), (String) field.get(null));
      }
    }
    return types;
  }

  /**
   * One file says which worker serves a job type: the catalogue holds every type a worker serves or a model uses,
   * each belongs to a phase, and every type but the review's user task has its worker.
   */
  @Test
  void theCatalogueHoldsEveryJobTypeAndEachHasAWorkerAndAPhase() throws Exception {
    Map<String, String> catalogue = catalogue();
    assertThat(new TreeSet<>(catalogue.values())).as("job types named once").hasSameSizeAs(catalogue.values());
    assertThat(catalogue.values()).as("the catalogue holds the types in bpmn/").containsAll(jobTypesInModels());
    Set<String> served = workers().keySet();
    assertThat(catalogue.values()).as("the catalogue holds the types workers serve").containsAll(served);
    assertThat(catalogue.values().stream().filter(t -> !served.contains(t)).toList())
        .as("catalogue types no @JobWorker serves").containsExactly(JobTypes.REVIEW_USER_TASK);
    // retention runs in a process of its own, outside any run and its phases
    catalogue.entrySet().stream().filter(entry -> !entry.getValue().equals(JobTypes.APPLY_RETENTION))
        .forEach(entry -> assertThat(RunPhase.ofJobType(entry.getValue())).as(entry.getKey() + " belongs to a phase")
            .isNotEqualTo(RunPhase.OTHER));
  }

  @Test
  void everyJobTypeInTheModelsHasATemplate() throws IOException {
    Set<String> used = jobTypesInModels();
    assertThat(used).as("job types in bpmn/").hasSizeGreaterThan(10);
    assertThat(templates().keySet()).as("job types with a template in .camunda/element-templates").containsAll(used);
  }

  @Test
  void everyTemplateNamesAJobTypeAWorkerServes() throws IOException, ClassNotFoundException {
    Map<String, Set<String>> workers = workers();
    assertThat(workers).as("@JobWorker methods found in io.rivalwatch").containsKey(JobTypes.PLAN_RUN);
    List<String> unserved = templates().keySet().stream().filter(t -> !workers.containsKey(t)).toList();
    assertThat(unserved).as("templates whose job type no @JobWorker in io.rivalwatch serves").isEmpty();
  }

  @Test
  void everyInputIsAVariableTheWorkerReads() throws IOException, ClassNotFoundException {
    Map<String, Set<String>> workers = workers();
    List<String> unread = new ArrayList<>();
    templates().forEach((type, template) -> {
      Set<String> read = workers.get(type);
      if (read == null) {
        return; // reported by everyTemplateNamesAJobTypeAWorkerServes
      }
      for (JsonNode property : template.path("properties")) {
        JsonNode binding = property.path("binding");
        if (binding.path("type").asText().equals("zeebe:input") && !read.contains(binding.path("name").asText())) {
          unread.add(type + ": " + binding.path("name").asText() + " (the worker reads " + read + ")");
        }
      }
    });
    assertThat(unread).as("template inputs no worker parameter reads").isEmpty();
  }

  /**
   * The parts of the schema (npm @camunda/zeebe-element-templates-json-schema) a template here relies on. The whole
   * schema (0.46.0) was checked with a JSON Schema validator when they were written; it is not in this repository.
   */
  @Test
  void templatesHaveTheShapeCamundaModelerLoads() throws IOException {
    Set<String> ids = new TreeSet<>();
    for (Path file : files(TEMPLATES, ".json")) {
      JsonNode t = OperationsFiles.json(file);
      String where = file.getFileName().toString();
      assertThat(t.path("$schema").asText()).as(where).isEqualTo(SCHEMA);
      assertThat(ids.add(t.path("id").asText())).as(where + " id is unique").isTrue();
      assertThat(t.path("name").asText()).as(where + " name").isNotBlank();
      assertThat(t.path("version").isInt()).as(where + " version is an integer").isTrue();
      assertThat(t.path("appliesTo").toString()).as(where + " appliesTo").contains("bpmn:Task");
      assertThat(t.path("elementType").path("value").asText()).as(where).isEqualTo("bpmn:ServiceTask");
      Set<String> groups = new TreeSet<>();
      t.path("groups").forEach(g -> groups.add(g.path("id").asText()));
      for (JsonNode property : t.path("properties")) {
        JsonNode binding = property.path("binding");
        String kind = binding.path("type").asText();
        assertThat(kind).as(where + " binding type").isIn("zeebe:taskDefinition", "zeebe:input", "zeebe:output");
        if (property.has("group")) {
          assertThat(groups).as(where + " declares group " + property.path("group").asText())
              .contains(property.path("group").asText());
        }
        if (kind.equals("zeebe:input")) {
          assertThat(binding.path("name").asText()).as(where + " input name").isNotBlank();
          // a FEEL expression: mostly the variable of the same name, sometimes computed (a reminder's due date)
          assertThat(property.path("value").asText()).as(where + " input " + binding.path("name")).startsWith("=");
          assertThat(property.path("description").asText()).as(where + " input description").isNotBlank();
        }
      }
      assertThat(t.path("properties").findValuesAsText("type")).as(where + " job type is fixed").contains("Hidden");
    }
  }
}
