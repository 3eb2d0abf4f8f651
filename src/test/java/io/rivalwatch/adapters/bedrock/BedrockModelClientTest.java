package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.fakes.BedrockFake.Fault;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failed model calls become classified {@link OutsideServiceException}s, after exactly one HTTP request: the SDK's
 * own retries are off, the engine owns retrying.
 */
class BedrockModelClientTest extends BedrockFakeTestBase {
  private String strategyModel;

  @BeforeEach
  void setUp() {
    strategyModel = rig.properties.tasks().strategy().modelId();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("throttling", Fault.throttling(Duration.ofSeconds(7)), Kind.RATE_LIMITED, "throttled"),
        Arguments.of("service unavailable", Fault.serviceUnavailable(), Kind.TRANSIENT, "ServiceUnavailableException"),
        Arguments.of("internal error", Fault.internalError(), Kind.TRANSIENT, "InternalServerException"),
        Arguments.of("model not ready", Fault.modelNotReady(), Kind.TRANSIENT, "ModelNotReadyException"),
        Arguments.of("model timeout", Fault.modelTimeout(), Kind.TRANSIENT, "ModelTimeoutException"),
        Arguments.of("validation", Fault.validation("The provided model identifier is invalid."), Kind.FATAL,
            "check rivalwatch.bedrock.tasks.strategy.model-id"),
        Arguments.of("access denied", Fault.accessDenied(), Kind.FATAL,
            "request model access in the Bedrock console"),
        Arguments.of("not found", Fault.resourceNotFound(), Kind.FATAL,
            "model 'anthropic.claude-3-5-sonnet-20240620-v1:0' not found or not enabled in us-east-1: enable it in"
                + " the Bedrock console or change rivalwatch.bedrock.tasks.strategy.model-id"),
        Arguments.of("connection reset", Fault.connectionReset(), Kind.TRANSIENT, "call failed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void converseFailuresAreClassifiedAfterExactlyOneRequest(String name, Fault fault, Kind kind, String message) {
    fake.failNext(strategyModel, 1, fault);

    assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme()))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.service()).isEqualTo("bedrock:" + strategyModel);
          assertThat(e.getMessage()).contains(message);
        });
    assertThat(fake.calls(strategyModel)).hasSize(1);
    assertThat(rig.recorded()).as("a refused call is not billed").isEmpty();
  }

  @Test
  void throttlingKeepsTheRetryAfterTheServiceAskedFor() {
    fake.failNext(strategyModel, 1, Fault.throttling(Duration.ofSeconds(7)));

    assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme()))
        .isInstanceOfSatisfying(OutsideServiceException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
  }

  @Test
  void anAnswerSlowerThanTheTaskTimeoutIsTransient() {
    BedrockProperties.Tasks t = rig.properties.tasks();
    BedrockProperties oneSecond = rig.properties.withTasks(new BedrockProperties.Tasks(t.sentiment(),
        t.strategy().withTimeout(Duration.ofSeconds(1)), t.positioning(), t.synthesis()));
    fake.failNext(strategyModel, 1, Fault.delay(Duration.ofSeconds(4)));
    long started = System.nanoTime();

    assertThatThrownBy(() -> rig.analyser(oneSecond).analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme()))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
          assertThat(e.getMessage()).contains("no complete answer within PT1S")
              .contains("rivalwatch.bedrock.tasks.strategy.timeout");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(fake.calls(strategyModel)).hasSize(1);
  }

  @Test
  void aStreamSlowerThanTheTaskTimeoutIsTransient() {
    BedrockProperties.Tasks t = rig.properties.tasks();
    BedrockProperties oneSecond = rig.properties.withTasks(new BedrockProperties.Tasks(t.sentiment(),
        t.strategy(), t.positioning(), t.synthesis().withTimeout(Duration.ofSeconds(1))));
    String model = t.synthesis().modelId();
    fake.failNext(model, 1, Fault.delay(Duration.ofSeconds(4)));

    assertThatThrownBy(() -> new BedrockExecutiveSummaryWriter(rig.client, rig.prompts, oneSecond)
            .write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
          assertThat(e.getMessage()).contains("rivalwatch.bedrock.tasks.synthesis.timeout");
        });
    assertThat(fake.calls(model)).hasSize(1);
  }

  @Test
  void streamFailuresAreClassifiedAfterExactlyOneRequestToo() {
    String model = rig.properties.tasks().synthesis().modelId();
    fake.failNext(model, 1, Fault.throttling(Duration.ofSeconds(3)));

    assertThatThrownBy(() -> rig.summaryWriter().write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        });
    assertThat(fake.calls(model)).hasSize(1);
  }

  @Test
  void aStreamAccessDeniedIsFatal() {
    String model = rig.properties.tasks().synthesis().modelId();
    fake.failNext(model, 1, Fault.accessDenied());

    assertThatThrownBy(() -> rig.summaryWriter().write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.FATAL);
          assertThat(e.getMessage()).contains("rivalwatch.bedrock.tasks.synthesis.model-id");
        });
    assertThat(fake.calls(model)).hasSize(1);
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    assertThat(BedrockErrors.parseRetryAfter("12")).contains(Duration.ofSeconds(12));
    assertThat(BedrockErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    assertThat(BedrockErrors.parseRetryAfter("soon")).isEmpty();
  }

}
