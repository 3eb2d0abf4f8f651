package io.rivalwatch.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each of several worker instances takes its share of every limit, so the shares together keep the limit. */
class DeploymentInstancesTest {

  private final DeploymentInstances two = new DeploymentInstances(2);

  @Test
  void aLimitIsDividedRoundingDownAndTheGapMultiplied() {
    assertThat(two.share(8, "rivalwatch.concurrency.model-in-flight")).isEqualTo(4);
    assertThat(new DeploymentInstances(3).share(8, "rivalwatch.concurrency.model-in-flight")).isEqualTo(2);
    assertThat(two.spread(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
    assertThat(DeploymentInstances.single().share(8, "x")).isEqualTo(8);
    assertThat(new DeploymentInstances(null).several()).isFalse();
  }

  @Test
  void aLimitSmallerThanTheNumberOfInstancesStopsTheStartNamingTheSettingAndTheFix() {
    assertThatThrownBy(() -> new DeploymentInstances(3).share(2, "rivalwatch.research.per-host.max-concurrent"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rivalwatch.research.per-host.max-concurrent = 2 cannot be split between 3")
        .hasMessageContaining("rivalwatch.deployment.instances")
        .hasMessageContaining("Fix: raise rivalwatch.research.per-host.max-concurrent to at least 3");
    assertThatThrownBy(() -> new DeploymentInstances(0)).hasMessageContaining("rivalwatch.deployment.instances: 0");
    assertThatThrownBy(() -> new InFlightLimits(new ConcurrencyProperties(null, 1, 16, null), new SimpleMeterRegistry(),
        two)).hasMessageContaining("rivalwatch.concurrency.model-in-flight = 1 cannot be split between 2");
  }

  @Test
  void anInstanceOfTwoLetsThroughHalfTheModelsCallsPerMinute() {
    ModelRateLimiter limiter = new ModelRateLimiter(new ResilienceProperties(null, null, null,
        new ResilienceProperties.ModelRateLimit(4, 400_000, Duration.ZERO)), new SimpleMeterRegistry(),
        new InFlightLimits(ConcurrencyProperties.defaults(), new SimpleMeterRegistry(), two), two);
    limiter.acquire("bedrock:m", "m", 10);
    limiter.acquire("bedrock:m", "m", 10);
    assertThatThrownBy(() -> limiter.acquire("bedrock:m", "m", 10)).isInstanceOf(OutsideServiceException.class)
        .hasMessageContaining("2 requests per minute");
  }

  @Test
  void anInstanceOfTwoRunsHalfTheModelsCallsAtOnce() {
    InFlightLimits limits = new InFlightLimits(new ConcurrencyProperties(null, 8, 16, Duration.ZERO),
        new SimpleMeterRegistry(), two);
    assertThat(limits.modelCap()).isEqualTo(4);
  }
}
