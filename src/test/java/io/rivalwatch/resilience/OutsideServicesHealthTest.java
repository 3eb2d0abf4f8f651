package io.rivalwatch.resilience;

import io.rivalwatch.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The "outsideServices" health contribution: every breaker with its state; UP even while some are open. */
class OutsideServicesHealthTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T02:00:00Z"));
  private final OutsideServices services = new OutsideServices(new ResilienceProperties(null, null,
      new ResilienceProperties.Breaker(3, Duration.ofSeconds(60)), null), new SimpleMeterRegistry(), clock);
  private final OutsideServicesHealthIndicator indicator = new OutsideServicesHealthIndicator(services);

  private void fail(String service, int times) {
    for (int i = 0; i < times; i++) {
      assertThatThrownBy(() -> services.run(service, () -> {
        throw new OutsideServiceException(service, Kind.TRANSIENT, "HTTP 503", null);
      }));
    }
  }

  @Test
  void withNoBreakerUsedYetItIsUpAndEmpty() {
    Health health = indicator.health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("open", List.of()).containsEntry("breakers", Map.of());
  }

  @Test
  void anOpenBreakerIsListedWithItsRemainingTimeAndTheStatusStaysUp() {
    services.run("s3", () -> { });
    fail("web:news.example", 1);
    fail("bedrock:amazon.nova-lite-v1:0", 3);
    clock.advance(Duration.ofSeconds(20));

    Health health = indicator.health();

    assertThat(health.getStatus()).as("a degraded dependency must not get the workers restarted").isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("open", List.of("bedrock:amazon.nova-lite-v1:0"))
        .containsEntry("failureThreshold", 3).containsEntry("openDuration", "PT1M");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> breakers = (Map<String, Map<String, Object>>) health.getDetails().get("breakers");
    assertThat(breakers).containsOnlyKeys("bedrock:amazon.nova-lite-v1:0", "s3", "web:news.example");
    assertThat(breakers.get("bedrock:amazon.nova-lite-v1:0"))
        .containsEntry("state", "OPEN")
        .containsEntry("failedCalls", 3)
        .containsEntry("remainingOpen", "PT40S")
        .containsEntry("remainingOpenSeconds", 40L);
    assertThat(breakers.get("web:news.example")).containsEntry("state", "CLOSED").containsEntry("failedCalls", 1)
        .doesNotContainKey("remainingOpen");
    assertThat(breakers.get("s3")).containsEntry("state", "CLOSED").containsEntry("failedCalls", 0);
  }

  @Test
  void onceTheTrialSucceededTheBreakerIsNoLongerListedAsOpen() {
    fail("smtp", 3);
    clock.advance(Duration.ofSeconds(61));
    services.run("smtp", () -> { });

    Health health = indicator.health();

    assertThat(health.getDetails()).containsEntry("open", List.of());
    assertThat(health.getDetails().get("breakers")).asString().contains("smtp={state=CLOSED");
  }
}
