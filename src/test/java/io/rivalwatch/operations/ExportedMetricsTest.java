package io.rivalwatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.testsupport.CloudFakes;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Grafana dashboard and the alert rules query metrics the application really exports: one approved run with the
 * aws profile against the cloud fakes (so model calls, tokens and rate limiters are measured too), then the
 * application's own /actuator/prometheus is read and every metric name a query uses must be in it.
 */
@ActiveProfiles("aws")
// a test context exports no metrics unless asked: this one serves /actuator/prometheus as the application does
@AutoConfigureObservability
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ExportedMetricsTest extends ProcessTestBase {

  /** Scraped by Prometheus from the Camunda orchestration cluster (job "camunda") or made by Prometheus itself. */
  private static final Set<String> NOT_THE_APPLICATIONS =
      Set.of("up", "zeebe_pending_incidents_total", "zeebe_incident_events_total");

  /**
   * Meters that exist only after something rare happened (a budget spent, a retry, a reminder): one happy run cannot
   * show them. Each must still be registered under this Micrometer name somewhere in src/main/java.
   */
  private static final Map<String, String> REGISTERED_ON_FIRST_EVENT = Map.of(
      "rivalwatch_retry_budget_spent_total", "rivalwatch.retry.budget.spent",
      "rivalwatch_job_retries_total", "rivalwatch.job.retries",
      "rivalwatch_budget_steps_total", "rivalwatch.budget.steps",
      "rivalwatch_review_reminders_total", "rivalwatch.review.reminders",
      "rivalwatch_review_escalations_total", "rivalwatch.review.escalations");


  @DynamicPropertySource
  static void pointAtCloudFakes(DynamicPropertyRegistry registry) {
    CloudFakes.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsQueryIsExported() throws IOException {
    runApproved("acme-only");
    // signed in as Prometheus is: its own credential, which reads this endpoint only
    var response = signedInAs(io.rivalwatch.testsupport.LocalEnvironment.METRICS)
        .getForEntity("/actuator/prometheus", String.class);
    assertThat(response.getStatusCode().value()).as("GET /actuator/prometheus: " + response.getBody()).isEqualTo(200);
    String scrape = response.getBody();
    Set<String> exported = seriesNames(scrape);
    assertThat(exported).as("the scrape after a run").contains("rivalwatch_outside_calls_total");

    Map<String, String> queries = new LinkedHashMap<>(OperationsFiles.dashboardQueries());
    OperationsFiles.alertRules().forEach((name, rule) -> queries.put("alerts.yml / " + name, String.valueOf(rule.get("expr"))));
    assertThat(queries).hasSizeGreaterThan(20);

    String mainSources = mainSources();
    Map<String, Set<String>> missing = new TreeMap<>();
    queries.forEach((where, expression) -> {
      for (String name : OperationsFiles.metricNames(expression)) {
        boolean found = exported.contains(name) || NOT_THE_APPLICATIONS.contains(name)
            || (REGISTERED_ON_FIRST_EVENT.containsKey(name)
                && mainSources.contains("\"" + REGISTERED_ON_FIRST_EVENT.get(name) + "\""));
        if (!found) {
          missing.computeIfAbsent(name, n -> new TreeSet<>()).add(where);
        }
      }
    });
    assertThat(missing)
        .as("metric names queried by grafana/dashboards or prometheus/alerts.yml that the application does not export"
            + " (name -> where it is queried); the application exported: " + exported)
        .isEmpty();
  }

  /** The series names in a Prometheus text scrape (comments skipped). */
  static Set<String> seriesNames(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static String mainSources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(OperationsFiles.ROOT.resolve("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        all.append(Files.readString(file));
      }
    }
    return all.toString();
  }

  @Test
  void seriesNamesAreReadFromTheScrape() {
    assertThat(seriesNames(List.of("# HELP a_total x", "# TYPE a_total counter", "a_total{x=\"1\"} 2.0",
        "b_seconds_bucket{le=\"+Inf\"} 1", "c 3").stream().reduce("", (a, b) -> a + b + "\n")))
        .containsExactly("a_total", "b_seconds_bucket", "c");
  }
}
