package io.rivalwatch.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The breakers and rate limiters as the Prometheus endpoint shows them. */
class OutsideServicesMetricsTest {

  private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OutsideServices services = new OutsideServices(new ResilienceProperties(null, null,
      new ResilienceProperties.Breaker(2, Duration.ofSeconds(60)), null), meters);

  private void fail(String service, Kind kind) {
    assertThatThrownBy(() -> services.run(service, () -> {
      throw new OutsideServiceException(service, kind, "failed", null);
    }));
  }

  private double calls(String service, String outcome) {
    var counter = meters.find(OutsideServices.CALLS_METRIC).tag("service", service).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void callsAreCountedByServiceAndOutcomeAndTheBreakerStateIsAGauge() {
    services.run("slack", () -> { });
    services.run("slack", () -> { });
    fail("slack", Kind.FATAL);
    fail("smtp", Kind.RATE_LIMITED);
    fail("smtp", Kind.TRANSIENT);
    assertThatThrownBy(() -> services.run("smtp", () -> { }));

    assertThat(calls("slack", "success")).isEqualTo(2);
    assertThat(calls("slack", "fatal")).isEqualTo(1);
    assertThat(calls("smtp", "rate-limited")).isEqualTo(1);
    assertThat(calls("smtp", "transient")).isEqualTo(1);
    assertThat(calls("smtp", "circuit-open")).isEqualTo(1);
    assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "smtp").tag("state", "open").gauge()
        .value()).isEqualTo(1);
    assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "slack").tag("state", "closed").gauge()
        .value()).isEqualTo(1);

    String scrape = meters.scrape();
    assertThat(scrape)
        .contains("resilience4j_circuitbreaker_state{name=\"smtp\",state=\"open\"} 1.0")
        .contains("resilience4j_circuitbreaker_not_permitted_calls_total{kind=\"not_permitted\",name=\"smtp\"} 1.0")
        .contains("rivalwatch_outside_calls_total{outcome=\"circuit-open\",service=\"smtp\"} 1.0")
        .contains("rivalwatch_outside_calls_total{outcome=\"success\",service=\"slack\"} 2.0");
  }

  @Test
  void theHostLabelOfCallsIsBounded_furtherHostsAreCountedAsWebOther() {
    for (int i = 0; i <= io.rivalwatch.observability.RunMetrics.WEB_HOST_LABELS; i++) {
      services.run("web:site-" + i + ".example", () -> { });
    }

    assertThat(calls("web:site-0.example", "success")).isEqualTo(1);
    assertThat(calls("web:other", "success")).isEqualTo(1);
    assertThat(calls("web:site-" + io.rivalwatch.observability.RunMetrics.WEB_HOST_LABELS + ".example", "success"))
        .isZero();
    assertThat(meters.scrape()).contains("rivalwatch_outside_calls_total{outcome=\"success\",service=\"web:other\"} 1.0");
  }

  @Test
  void theModelRateLimitersAndTheirWaitAreMeasured() {
    ModelRateLimiter limiter = new ModelRateLimiter(new ResilienceProperties(null, null, null,
        new ResilienceProperties.ModelRateLimit(5, 10_000, Duration.ofMillis(50))), meters);

    limiter.acquire("bedrock:m", "m", 2_000);

    assertThat(meters.get("resilience4j.ratelimiter.available.permissions").tag("name", "m requests").gauge()
        .value()).isEqualTo(4);
    assertThat(meters.get("resilience4j.ratelimiter.available.permissions").tag("name", "m tokens").gauge()
        .value()).isEqualTo(8_000);
    assertThat(meters.get(ModelRateLimiter.WAIT_METRIC).tag("model", "m").timer().count()).isEqualTo(1);
    assertThat(meters.scrape()).contains("rivalwatch_ratelimiter_wait_seconds_count{model=\"m\"} 1");
  }
}
