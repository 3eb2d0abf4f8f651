package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.fakes.BedrockFake.Fault;
import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each model has its breaker: five failed calls to one model open "bedrock:&lt;model&gt;", and its next call, Converse
 * or ConverseStream, is refused without an HTTP request while the other model is still called.
 */
class BreakerBedrockTest {

  private static final String SMALL = BedrockFake.NOVA_LITE;
  private static final String LARGE = BedrockFake.CLAUDE_SONNET;
  private static final Duration OPEN = Duration.ofSeconds(60);

  static BedrockFake fake;
  @TempDir static Path artefacts;
  static OutsideServices services;
  static BedrockTestRig rig;

  @BeforeAll
  static void startFake() {
    fake = BedrockFake.start();
    services = new OutsideServices(
        new ResilienceProperties(null, null, new ResilienceProperties.Breaker(5, OPEN), null),
        new SimpleMeterRegistry());
    ModelRateLimiter unlimited = new ModelRateLimiter(new ResilienceProperties(null, null, null,
        new ResilienceProperties.ModelRateLimit(1_000_000, 1_000_000_000, null)), new SimpleMeterRegistry());
    rig = new BedrockTestRig(fake, artefacts, BedrockProperties.defaults(), services, unlimited);
  }

  @AfterAll
  static void stopFake() {
    rig.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
    rig.forgetUsage();
    services.reset();
  }

  @Test
  void aModelFailingFiveTimesIsRefusedWithoutARequestWhileTheOtherModelIsStillCalled() {
    assertThat(rig.properties.tasks().sentiment().modelId()).isEqualTo(SMALL);
    fake.failNext(SMALL, 5, Fault.serviceUnavailable());
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()))
          .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }
    assertThat(fake.calls(SMALL)).hasSize(5);

    assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
          assertThat(e.service()).isEqualTo("bedrock:" + SMALL);
          assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(OPEN));
          assertThat(e.getMessage()).contains("circuit open after 5 consecutive failures; next trial in");
        });
    assertThat(fake.calls(SMALL)).as("no request while the breaker is open").hasSize(5);
    assertThat(rig.recorded()).as("nothing billed").isEmpty();

    assertThat(rig.analyser().analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme()).findings()).isNotEmpty();
    assertThat(fake.calls(LARGE)).hasSize(1);
  }

  @Test
  void converseStreamGoesThroughTheModelsBreakerToo() {
    assertThat(rig.properties.tasks().synthesis().modelId()).isEqualTo(LARGE);
    fake.failNext(LARGE, 5, Fault.serviceUnavailable());
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> rig.summaryWriter().write(BedrockTestRig.summaryRequest(null, List.of())))
          .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }
    assertThat(fake.calls(LARGE)).extracting(BedrockFake.Call::operation).containsOnly("ConverseStream").hasSize(5);

    assertThatThrownBy(() -> rig.summaryWriter().write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN));
    // the same model's Converse calls are refused as well: the breaker is the model's, not the operation's
    assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme()))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN));
    assertThat(fake.calls(LARGE)).hasSize(5);
  }

  @Test
  void refusedModelAnswersDoNotOpenTheBreaker() {
    fake.failNext(SMALL, 8, Fault.accessDenied());
    for (int i = 0; i < 8; i++) {
      assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()))
          .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
    }

    assertThat(rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()).findings()).isNotEmpty();
    assertThat(fake.calls(SMALL)).hasSize(9);
  }
}
