package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared per-model limit in front of Bedrock: beyond the requests (or tokens) per minute a call is refused
 * with RATE_LIMITED after at most maxWait, and no request is sent.
 */
class ModelRateLimiterTest {

  private static final String SMALL = BedrockFake.NOVA_LITE;
  private static final String LARGE = BedrockFake.CLAUDE_SONNET;

  static BedrockFake fake;
  @TempDir static Path artefacts;
  private BedrockTestRig rig;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeAll
  static void startFake() {
    fake = BedrockFake.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @AfterEach
  void closeRig() {
    if (rig != null) {
      rig.close();
    }
    fake.reset();
  }

  private BedrockTestRig rig(int requestsPerMinute, int tokensPerMinute) {
    fake.reset();
    ModelRateLimiter limiter = new ModelRateLimiter(new ResilienceProperties(null, null, null,
        new ResilienceProperties.ModelRateLimit(requestsPerMinute, tokensPerMinute, Duration.ofMillis(100))), meters);
    rig = new BedrockTestRig(fake, artefacts, BedrockProperties.defaults(), OutsideServices.standalone(), limiter);
    return rig;
  }

  @Test
  void beyondTheRequestsPerMinuteACallIsRefusedWithoutARequest() {
    rig(2, 1_000_000);
    rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme());
    rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme());
    long started = System.nanoTime();

    assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.service()).isEqualTo("bedrock:" + SMALL);
          assertThat(e.retryAfter()).hasValueSatisfying(
              wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThanOrEqualTo(Duration.ofMinutes(1)));
          assertThat(e.getMessage()).contains("not called: the shared limit of 2 requests per minute");
        });

    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused at once: waiting would exceed maxWait")
        .isLessThan(Duration.ofSeconds(2));
    assertThat(fake.calls(SMALL)).hasSize(2);
    // the limit is per model
    rig.analyser().analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme());
    assertThat(fake.calls(LARGE)).hasSize(1);
    assertThat(meters.get(ModelRateLimiter.WAIT_METRIC).tag("model", SMALL).timer().count()).isEqualTo(3);
    assertThat(meters.get(OutsideServices.CALLS_METRIC).tag("service", "bedrock:" + SMALL)
        .tag("outcome", "rate-limited").counter().count()).isEqualTo(1);
  }

  @Test
  void converseStreamIsLimitedToo() {
    rig(1, 1_000_000);
    rig.summaryWriter().write(BedrockTestRig.summaryRequest(null, List.of()));

    assertThatThrownBy(() -> rig.summaryWriter().write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
    assertThat(fake.calls(LARGE)).hasSize(1);
  }

  @Test
  void beyondTheTokensPerMinuteACallIsRefusedAndACallLargerThanTheLimitStillPassesAlone() {
    // the sentiment task alone asks for 1500 output tokens plus its input: more than the whole limit
    rig(1_000, 1_000);
    rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme());

    assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.getMessage()).contains("1000 tokens per minute (this call: about ");
          assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive()
              .isLessThanOrEqualTo(Duration.ofMinutes(1)));
        });
    assertThat(fake.calls(SMALL)).hasSize(1);
  }

  @Test
  void tokensAreTheInputCharactersOverFourPlusMaxTokens() {
    assertThat(ModelRateLimiter.estimateTokens(0, 1500)).isEqualTo(1500);
    assertThat(ModelRateLimiter.estimateTokens(4000, 1500)).isEqualTo(2500);
    assertThat(ModelRateLimiter.estimateTokens(4001, 0)).isEqualTo(1001);
  }

  @Test
  void aCallWithinTheLimitsDoesNotWait() {
    ModelRateLimiter limiter = new ModelRateLimiter(new ResilienceProperties(null, null, null,
        new ResilienceProperties.ModelRateLimit(10, 10_000, Duration.ofMillis(100))), meters);
    for (int i = 0; i < 10; i++) {
      limiter.acquire("bedrock:m", "m", 1_000);
    }
    assertThat(meters.get(ModelRateLimiter.WAIT_METRIC).tag("model", "m").timer().max(
        java.util.concurrent.TimeUnit.MILLISECONDS)).isLessThan(100);
    assertThatThrownBy(() -> limiter.acquire("bedrock:m", "m", 1))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
  }
}
