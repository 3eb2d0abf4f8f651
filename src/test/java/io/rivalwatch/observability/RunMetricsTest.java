package io.rivalwatch.observability;

import io.rivalwatch.workflow.JobTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

  @Test
  void aLabelValueOutsideItsSet_isRecordedAsOther_soNoRunOrUrlBecomesALabel() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RunMetrics metrics = new RunMetrics(meters);

    metrics.documentsFetched("https://acme.example/news.rss", 2);
    metrics.analysis("sentiment", "run-42");
    metrics.delivery("carrier-pigeon", true);
    metrics.runEnded("test-run-1", Duration.ofSeconds(3));

    assertThat(meters.counter("rivalwatch.documents", "source", "other", "outcome", "fetched").count()).isEqualTo(2);
    assertThat(meters.counter("rivalwatch.analyses", "kind", "sentiment", "outcome", "other").count()).isEqualTo(1);
    assertThat(meters.counter("rivalwatch.deliveries", "channel", "other", "outcome", "delivered").count())
        .isEqualTo(1);
    assertThat(meters.timer("rivalwatch.runs", "result", "other").count()).isEqualTo(1);
  }

  @Test
  void theSeriesFollowPrometheusNaming() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RunMetrics metrics = new RunMetrics(prometheus);

    metrics.jobFinished(JobTypes.PLAN_RUN, "planning", "bpmn-error", Duration.ofMillis(40));
    metrics.jobRetried(JobTypes.GATHER_NEWS, "research", RunMetrics.RetryCause.RATE_LIMITED);
    metrics.documentsFailed("news", 1);
    metrics.analysis("strategy", "reused");
    metrics.runEnded("delivered", Duration.ofMinutes(90));
    metrics.delivery("email", false);
    metrics.documentsFetched("website", 0);
    metrics.documentsAddressingModels("news", 2);

    String scrape = prometheus.scrape();
    assertThat(scrape)
        .contains("rivalwatch_jobs_seconds_count{job_type=\"rivalwatch-plan-run\",outcome=\"bpmn_error\","
            + "phase=\"planning\"} 1")
        .contains("rivalwatch_jobs_seconds_bucket{job_type=\"rivalwatch-plan-run\"")
        .contains("rivalwatch_job_retries_total{cause=\"rate_limited\",job_type=\"rivalwatch-gather-news\","
            + "phase=\"research\"} 1")
        .contains("rivalwatch_documents_total{outcome=\"failed\",source=\"news\"} 1")
        .contains("rivalwatch_documents_total{outcome=\"addressed_to_ai\",source=\"news\"} 2")
        .contains("rivalwatch_analyses_total{kind=\"strategy\",outcome=\"reused\"} 1")
        .contains("rivalwatch_runs_seconds_sum{result=\"delivered\"} 5400")
        .contains("rivalwatch_deliveries_total{channel=\"email\",outcome=\"failed\"} 1")
        .as("no documents, no series").doesNotContain("source=\"website\"");
  }

  @Test
  void theWebHostsOfOutsideCallsAreBounded_aHostBeyondTheBoundCountsAsOther() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RunMetrics metrics = new RunMetrics(meters);

    for (int i = 0; i < RunMetrics.WEB_HOST_LABELS; i++) {
      metrics.outsideCall("web:host-" + i + ".example", "success");
    }
    metrics.outsideCall("web:one-too-many.example", "success");
    metrics.outsideCall("web:yet-another.example", "transient");
    // a host that already has its label keeps it
    metrics.outsideCall("web:host-0.example", "success");
    metrics.outsideCall("bedrock:model-a", "success");
    metrics.outsideCall("smtp", "a made-up outcome");

    var services = meters.find(RunMetrics.OUTSIDE_CALLS).counters().stream()
        .map(c -> c.getId().getTag("service")).filter(s -> s.startsWith("web:")).distinct().toList();
    assertThat(services).hasSize(RunMetrics.WEB_HOST_LABELS + 1).contains("web:other")
        .doesNotContain("web:one-too-many.example", "web:yet-another.example");
    assertThat(meters.counter(RunMetrics.OUTSIDE_CALLS, "service", "web:other", "outcome", "success").count())
        .isEqualTo(1);
    assertThat(meters.counter(RunMetrics.OUTSIDE_CALLS, "service", "web:other", "outcome", "transient").count())
        .isEqualTo(1);
    assertThat(meters.counter(RunMetrics.OUTSIDE_CALLS, "service", "web:host-0.example", "outcome", "success")
        .count()).isEqualTo(2);
    assertThat(meters.counter(RunMetrics.OUTSIDE_CALLS, "service", "bedrock:model-a", "outcome", "success").count())
        .isEqualTo(1);
    assertThat(meters.counter(RunMetrics.OUTSIDE_CALLS, "service", "smtp", "outcome", "other").count()).isEqualTo(1);
  }
}
