package io.rivalwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.rivalwatch.outcome.RunRecordService;
import io.rivalwatch.testsupport.LocalEnvironment;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Runs seen as an operator sees them: the Prometheus scrape, the run's trace, and its log lines. The two tests share
 * one application context, so each asserts series the other does not touch (or differences).
 */
@AutoConfigureObservability
@Import(ObservedRunTest.SpansInMemory.class)
class ObservedRunTest extends ProcessTestBase {

  /** Every span the application finishes, kept in memory instead of sent to a collector. */
  @TestConfiguration
  static class SpansInMemory {
    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  @LocalServerPort private int port;
  @Autowired private InMemorySpanExporter spans;
  @Autowired private SdkTracerProvider tracerProvider;

  @Test
  void anApprovedRun_isMeasuredTracedAndLoggedWithItsContext() throws Exception {
    environment.site().wireMock().stubFor(WireMock.get("/acme/news.rss").atPriority(1)
        .inScenario("news fails once").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
        .willReturn(WireMock.aResponse().withStatus(503).withBody("maintenance")));
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Logger recordLog = (Logger) LoggerFactory.getLogger(RunRecordService.class);
    recordLog.addAppender(lines);

    long run;
    try {
      run = runApproved("acme-only");
    } finally {
      recordLog.detachAppender(lines);
    }
    String runId = runId(run);
    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");

    List<Sample> scrape = scrape();
    // jobs: one plan, timed with a histogram, by phase and outcome
    assertThat(value(scrape, "rivalwatch_jobs_seconds_count",
        Map.of("job_type", "rivalwatch-plan-run", "phase", "planning", "outcome", "completed"))).isEqualTo(1.0);
    assertThat(value(scrape, "rivalwatch_jobs_seconds_sum",
        Map.of("job_type", "rivalwatch-plan-run", "phase", "planning", "outcome", "completed"))).isPositive();
    assertThat(scrape).anyMatch(s -> s.name().equals("rivalwatch_jobs_seconds_bucket")
        && "rivalwatch-write-report".equals(s.labels().get("job_type")));
    // the news job failed once (a 503), then completed
    assertThat(value(scrape, "rivalwatch_jobs_seconds_count",
        Map.of("job_type", "rivalwatch-gather-news", "phase", "research", "outcome", "failed"))).isEqualTo(1.0);
    assertThat(value(scrape, "rivalwatch_jobs_seconds_count",
        Map.of("job_type", "rivalwatch-gather-news", "phase", "research", "outcome", "completed"))).isEqualTo(1.0);
    assertThat(value(scrape, "rivalwatch_job_retries_total",
        Map.of("job_type", "rivalwatch-gather-news", "phase", "research", "cause", "transient"))).isEqualTo(1.0);
    // research and analysis
    assertThat(value(scrape, "rivalwatch_documents_total", Map.of("source", "website", "outcome", "fetched")))
        .isGreaterThanOrEqualTo(2.0);
    assertThat(value(scrape, "rivalwatch_documents_total", Map.of("source", "news", "outcome", "fetched")))
        .isGreaterThanOrEqualTo(1.0);
    for (String kind : List.of("sentiment", "strategy", "positioning")) {
      assertThat(value(scrape, "rivalwatch_analyses_total", Map.of("kind", kind, "outcome", "analysed")))
          .as(kind).isEqualTo(1.0);
    }
    // deliveries and the run
    for (String channel : List.of("email", "slack", "dashboard")) {
      assertThat(value(scrape, "rivalwatch_deliveries_total", Map.of("channel", channel, "outcome", "delivered")))
          .as(channel).isEqualTo(1.0);
    }
    assertThat(value(scrape, "rivalwatch_runs_seconds_count", Map.of("result", "delivered"))).isEqualTo(1.0);
    assertThat(value(scrape, "rivalwatch_runs_seconds_sum", Map.of("result", "delivered"))).isPositive();

    noLabelNamesARun(scrape, runId, List.of("acme", Long.toString(run)));

    // the trace: one per run, one span per job, named by its job type
    assertThat(tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    List<SpanData> ofRun = spans.getFinishedSpanItems().stream()
        .filter(span -> runId.equals(span.getAttributes().get(
            io.opentelemetry.api.common.AttributeKey.stringKey("rivalwatch.run_id"))))
        .toList();
    assertThat(ofRun).extracting(SpanData::getTraceId).containsOnly(RunTraces.traceId(runId));
    assertThat(ofRun).extracting(SpanData::getName).contains("rivalwatch-plan-run", "rivalwatch-gather-website",
        "rivalwatch-gather-news", "rivalwatch-analyse-sentiment", "rivalwatch-write-report",
        "rivalwatch-deliver-email", "rivalwatch-record-run-outcome");
    assertThat(ofRun).filteredOn(span -> span.getName().equals("rivalwatch-gather-news")).hasSize(2);
    assertThat(ofRun).filteredOn(span -> span.getName().equals("rivalwatch-plan-run")).hasSize(1);
    // the scrapes above were served, measured and not traced
    assertThat(spans.getFinishedSpanItems()).noneMatch(span -> String.valueOf(span.getAttributes().get(
        io.opentelemetry.api.common.AttributeKey.stringKey("uri"))).startsWith("/actuator"));

    // a line written inside a worker's job carries the run's context
    ILoggingEvent ended = lines.list.stream().filter(e -> e.getFormattedMessage().startsWith("Run " + runId + " ended"))
        .findFirst().orElseThrow(() -> new AssertionError("no 'Run ... ended' line in " + lines.list));
    assertThat(ended.getMDCPropertyMap()).containsEntry("runId", runId)
        .containsEntry("processInstanceKey", Long.toString(run))
        .containsEntry("phase", "outcome")
        .containsEntry("jobType", "rivalwatch-record-run-outcome")
        .containsEntry("elementId", "Task_RecordDelivered");
  }

  @Test
  void aRunWithABadConfiguration_isABpmnErrorOfItsPlanAndAFailedRun() throws Exception {
    double planErrorsBefore = valueOrZero(scrape(), "rivalwatch_jobs_seconds_count",
        Map.of("job_type", "rivalwatch-plan-run", "outcome", "bpmn_error"));

    long run = startRun("invalid");
    awaitEnded(run);

    List<Sample> scrape = scrape();
    assertThat(records.completedElements(run)).contains("EndEvent_RunFailed");
    assertThat(value(scrape, "rivalwatch_jobs_seconds_count",
        Map.of("job_type", "rivalwatch-plan-run", "phase", "planning", "outcome", "bpmn_error")) - planErrorsBefore)
        .isEqualTo(1.0);
    assertThat(value(scrape, "rivalwatch_jobs_seconds_count",
        Map.of("job_type", "rivalwatch-record-run-failure", "phase", "outcome", "outcome", "completed")))
        .isEqualTo(1.0);
    assertThat(value(scrape, "rivalwatch_runs_seconds_count", Map.of("result", "failed"))).isEqualTo(1.0);
    noLabelNamesARun(scrape, runId(run), List.of("acme", Long.toString(run)));
  }

  /** The unbounded-label guard: no label value in the whole scrape names a run, an instance, a URL or a competitor. */
  private static void noLabelNamesARun(List<Sample> scrape, String runId, List<String> forbidden) {
    List<String> offending = new ArrayList<>();
    for (Sample sample : scrape) {
      sample.labels().forEach((name, value) -> {
        boolean url = value.matches("(?i)^[a-z][a-z0-9+.-]*://.*");
        boolean run = value.contains(runId) || value.matches("^(test-)?run-\\d+.*|^local-\\d{8}-\\d{6}.*");
        if (url || run || forbidden.contains(value)) {
          offending.add(sample.name() + "{" + name + "=\"" + value + "\"}");
        }
      });
    }
    assertThat(offending).as("label values that name a run, a URL or a competitor").isEmpty();
  }

  private List<Sample> scrape() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
            // Prometheus's own credential (docs/security.md)
            .header("Authorization", LocalEnvironment.authorization(LocalEnvironment.METRICS)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    List<Sample> samples = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    assertThat(samples).isNotEmpty();
    return samples;
  }

  private static double value(List<Sample> scrape, String name, Map<String, String> labels) {
    return scrape.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .reduce(Double::sum)
        .orElseThrow(() -> new AssertionError("no series " + name + labels + " in the scrape; "
            + scrape.stream().filter(s -> s.name().startsWith("rivalwatch_")).map(Sample::toString).toList()));
  }

  private static double valueOrZero(List<Sample> scrape, String name, Map<String, String> labels) {
    return scrape.stream().anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        ? value(scrape, name, labels) : 0;
  }

  private record Sample(String name, Map<String, String> labels, double value) {}
}
