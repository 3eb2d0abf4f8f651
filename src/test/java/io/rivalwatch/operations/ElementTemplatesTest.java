package io.rivalwatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Camunda Modeler element templates in .camunda/element-templates/: one per job type the models use, each naming
 * a job type a worker serves, and each input one its worker reads.
 */
class ElementTemplatesTest {

  private static final Path TEMPLATES = OperationsFiles.ROOT.resolve(".camunda/element-templates");
  private static final String SCHEMA =
      "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json";
  private static final Pattern TASK_TYPE = Pattern.compile("<zeebe:taskDefinition[^>]*\\btype=\"([^\"]+)\"");
  /** A worker method: its annotation's type and its parameter list. */
  private static final Pattern WORKER =
      Pattern.compile("@JobWorker\\(\\s*type\\s*=\\s*\"([^\"]+)\"[^)]*\\)\\s*public\\s+[^(]+\\(([^{]*)\\)\\s*\\{");
  private static final Pattern VARIABLE = Pattern.compile("@Variable(?:\\([^)]*\\))?\\s+[\\w.<>\\[\\]]+\\s+(\\w+)");

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

  /** job type -> the variables its @JobWorker method reads, from the sources under src/main/java. */
  private static Map<String, Set<String>> workers() throws IOException {
    Map<String, Set<String>> workers = new TreeMap<>();
    for (Path source : files(OperationsFiles.ROOT.resolve("src/main/java"), ".java")) {
      Matcher worker = WORKER.matcher(OperationsFiles.read(source));
      while (worker.find()) {
        Set<String> variables = new TreeSet<>();
        VARIABLE.matcher(worker.group(2)).results().forEach(v -> variables.add(v.group(1)));
        workers.put(worker.group(1), variables);
      }
    }
    return workers;
  }

  @Test
  void everyJobTypeInTheModelsHasATemplate() throws IOException {
    Set<String> used = jobTypesInModels();
    assertThat(used).as("job types in bpmn/").hasSizeGreaterThan(10);
    assertThat(templates().keySet()).as("job types with a template in .camunda/element-templates").containsAll(used);
  }

  @Test
  void everyTemplateNamesAJobTypeAWorkerServes() throws IOException {
    Map<String, Set<String>> workers = workers();
    assertThat(workers).as("@JobWorker methods found in src/main/java").containsKey("rivalwatch-plan-run");
    List<String> unserved = templates().keySet().stream().filter(t -> !workers.containsKey(t)).toList();
    assertThat(unserved).as("templates whose job type no @JobWorker in src/main/java serves").isEmpty();
  }

  @Test
  void everyInputIsAVariableTheWorkerReads() throws IOException {
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
