package io.rivalwatch.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The operations files at the repository root (docker-compose.yml, prometheus/, grafana/, docs/runbook.md) as the
 * tests read them, and the metric names their PromQL queries use.
 */
final class OperationsFiles {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  static final Path PROMETHEUS = ROOT.resolve("prometheus/prometheus.yml");
  static final Path ALERTS = ROOT.resolve("prometheus/alerts.yml");
  static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
  static final Path PROVISIONING = ROOT.resolve("grafana/provisioning");
  static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");

  private OperationsFiles() {}

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) {
    return (Map<String, Object>) new Yaml().load(read(file));
  }

  static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static List<Path> dashboards() {
    try (var files = Files.list(DASHBOARDS)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every query of every dashboard, by where it is ("rivalwatch.json / Job rate ... / A"). */
  static Map<String, String> dashboardQueries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (Path file : dashboards()) {
      for (JsonNode panel : json(file).path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          queries.put(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
              target.path("expr").asText());
        }
      }
    }
    return queries;
  }

  /** Every alert rule: name -> the rule as written. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> alertRules() {
    Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) yaml(ALERTS).get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        rules.put((String) rule.get("alert"), rule);
      }
    }
    return rules;
  }

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final List<String> KEYWORDS =
      List.of("and", "or", "unless", "offset", "bool", "by", "without", "on", "ignoring", "group_left", "group_right");

  /**
   * The metric names a PromQL expression selects: identifiers left once strings, label matchers, ranges and
   * grouping clauses are removed, that are neither functions (followed by a parenthesis) nor keywords.
   */
  static List<String> metricNames(String expression) {
    String bare = STRING.matcher(expression).replaceAll("\"\"");
    bare = MATCHERS.matcher(bare).replaceAll(" ");
    bare = RANGE.matcher(bare).replaceAll(" ");
    bare = GROUPING.matcher(bare).replaceAll(" ");
    List<String> names = new ArrayList<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String name = m.group();
      boolean function = bare.substring(m.end()).stripLeading().startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(name) && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
