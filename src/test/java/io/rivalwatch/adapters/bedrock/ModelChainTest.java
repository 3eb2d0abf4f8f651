package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.bedrock.BedrockProperties.Fallback;
import io.rivalwatch.analysis.ModelOutputInvalidException;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import io.rivalwatch.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** The chain walker's rules: when a task moves down its chain, and how it comes back to its own model. */
class ModelChainTest {

  private static final String OWN = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  private static final String PROFILE = "us.anthropic.claude-3-5-sonnet-20240620-v1:0";
  private static final String OTHER = "amazon.nova-lite-v1:0";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:00:00Z"));
  private final OutsideServices services = new OutsideServices(
      new ResilienceProperties(null, null, new ResilienceProperties.Breaker(5, Duration.ofSeconds(60)), null),
      new SimpleMeterRegistry(), clock);
  /** The models that were really called, in order. */
  private final List<String> called = new ArrayList<>();
  /** What each model does when called; a model not listed answers with its name. */
  private final Map<String, RuntimeException> failures = new HashMap<>();

  private ModelChain chain(Duration throttlingWait, boolean offline) {
    return new ModelChain(new Fallback(null, List.of(PROFILE, OTHER), null, null, throttlingWait, null, offline),
        clock);
  }

  private ModelChain chain() {
    return chain(Duration.ofSeconds(10), true);
  }

  private ModelChain.Made<String> walk(ModelChain chain) {
    return walk(chain, OWN);
  }

  private ModelChain.Made<String> walk(ModelChain chain, String own) {
    return chain.walk("strategy", own, call(), () -> "offline");
  }

  /** A call through the model's breaker, like BedrockModelClient's: refused while open, counted when it fails. */
  private Function<String, String> call() {
    return model -> services.call(BedrockErrors.service(model), () -> {
      called.add(model);
      RuntimeException failure = failures.get(model);
      if (failure instanceof OutsideServiceException || failure instanceof ModelOutputInvalidException) {
        throw failure;
      }
      if (failure != null) {
        throw BedrockErrors.classify(failure, model, "strategy", "us-east-1", Duration.ofSeconds(120));
      }
      return model;
    });
  }

  @Test
  void theOwnModelAnswers_noFallbackIsTriedAndNoReasonGiven() {
    ModelChain.Made<String> made = walk(chain());

    assertThat(made).isEqualTo(new ModelChain.Made<>(OWN, 0, OWN, null));
    assertThat(called).containsExactly(OWN);
  }

  @Test
  void anUnavailableModelMovesTheTaskDownAtOnce_theResultSaysWhichLinkAndWhy() {
    failures.put(OWN, ServiceUnavailableException.builder().message("down").build());

    ModelChain.Made<String> made = walk(chain());

    assertThat(made.value()).isEqualTo(PROFILE);
    assertThat(made.link()).isEqualTo(1);
    assertThat(made.reason()).isEqualTo(OWN + " was unavailable (ServiceUnavailableException)");
    assertThat(called).containsExactly(OWN, PROFILE);
  }

  @Test
  void everyModelUnavailable_theOfflineLinkMakesItAndTheReasonNamesEachModel() {
    failures.put(OWN, ResourceNotFoundException.builder().message("gone").build());
    failures.put(PROFILE, ModelNotReadyException.builder().message("warming").build());
    failures.put(OTHER, ServiceUnavailableException.builder().message("down").build());

    ModelChain.Made<String> made = walk(chain());

    assertThat(made.value()).isEqualTo("offline");
    assertThat(made.link()).isEqualTo(3);
    assertThat(made.model()).isNull();
    assertThat(made.reason()).startsWith("every model was unavailable: ")
        .contains(OWN + " was unavailable (ResourceNotFoundException)",
            PROFILE + " was unavailable (ModelNotReadyException)", OTHER + " was unavailable");
  }

  @Test
  void withoutTheOfflineLink_theLastModelsFailureIsThrown() {
    failures.put(OWN, ServiceUnavailableException.builder().message("down").build());
    failures.put(PROFILE, ServiceUnavailableException.builder().message("down").build());
    failures.put(OTHER, ResourceNotFoundException.builder().message("gone").build());

    assertThatThrownBy(() -> walk(chain(Duration.ofSeconds(10), false)))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.service()).isEqualTo("bedrock:" + OTHER);
          assertThat(e.kind()).isEqualTo(Kind.FATAL);
        });
  }

  @Test
  void failuresThatDoNotSayTheModelIsGoneAreThrown_theEngineRetriesThemOrTheItemIsGivenUp() {
    failures.put(OWN, InternalServerException.builder().message("oops").build());
    assertThatThrownBy(() -> walk(chain())).isInstanceOfSatisfying(OutsideServiceException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));

    failures.put(OWN, AccessDeniedException.builder().message("no").build());
    assertThatThrownBy(() -> walk(chain())).isInstanceOfSatisfying(OutsideServiceException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
    assertThat(called).containsExactly(OWN, OWN);
  }

  @Test
  void anAnswerThatFailsItsChecksAfterTheRepairMovesTheTaskDown() {
    failures.put(OWN, new ModelOutputInvalidException(OWN, "strategy", List.of("no findings")));

    ModelChain.Made<String> made = walk(chain());

    assertThat(made.link()).isEqualTo(1);
    assertThat(made.reason()).isEqualTo(OWN + " answered unusably twice");
  }

  @Test
  void anOpenBreakerMovesDownWithoutACall_theHalfOpenTrialBringsTheTaskBackToItsOwnModel() {
    failures.put(OWN, InternalServerException.builder().message("oops").build());
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> walk(chain())).isInstanceOf(OutsideServiceException.class);
    }
    assertThat(services.state("bedrock:" + OWN)).hasValueSatisfying(s -> assertThat(s.open()).isTrue());
    called.clear();

    // open: the own model is not called at all
    ModelChain chain = chain();
    ModelChain.Made<String> degraded = walk(chain);
    assertThat(degraded.link()).isEqualTo(1);
    assertThat(degraded.reason()).isEqualTo(OWN + " had its circuit breaker open after repeated failures");
    assertThat(called).containsExactly(PROFILE);

    // the open time passes and the model is back: the next walk's first call is the breaker's trial, and it wins
    failures.remove(OWN);
    clock.advance(Duration.ofSeconds(61));
    called.clear();
    ModelChain.Made<String> back = walk(chain);
    assertThat(back.link()).isZero();
    assertThat(called).containsExactly(OWN);
    assertThat(services.state("bedrock:" + OWN)).hasValueSatisfying(s -> assertThat(s.open()).isFalse());
  }

  @Test
  void aFailedTrialKeepsTheTaskDown_oneCallPerOpenPeriodReachesTheDownModel() {
    failures.put(OWN, InternalServerException.builder().message("oops").build());
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> walk(chain())).isInstanceOf(OutsideServiceException.class);
    }
    called.clear();
    ModelChain chain = chain();
    for (int minute = 0; minute < 5; minute++) {
      clock.advance(Duration.ofSeconds(61));
      // the trial fails: within the outage patience that is the open breaker again (ADR 0015), so that walk goes
      // down too, and so do the walks after it in the same period, at once
      assertThat(walk(chain).link()).isEqualTo(1);
      for (int i = 0; i < 10; i++) {
        assertThat(walk(chain).link()).isEqualTo(1);
      }
    }
    assertThat(called.stream().filter(OWN::equals)).hasSize(5);
  }

  @Test
  void aRetryAfterLongerThanTheWaitMovesDownAtOnce_aShortOneIsLeftToTheEngine() {
    failures.put(OWN, throttling(30));
    assertThat(walk(chain()).reason()).isEqualTo(OWN + " was throttled and asked for a wait of 30 s, longer than 10 s");

    failures.put(OWN, throttling(1));
    assertThatThrownBy(() -> walk(chain())).isInstanceOfSatisfying(OutsideServiceException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
  }

  @Test
  void throttlingThatOutlastsTheWaitMovesDown_aSuccessInBetweenStartsTheCountAgain() {
    ModelChain chain = chain();
    failures.put(OWN, throttling(1));
    assertThatThrownBy(() -> walk(chain)).isInstanceOf(OutsideServiceException.class);
    clock.advance(Duration.ofSeconds(6));
    assertThatThrownBy(() -> walk(chain)).isInstanceOf(OutsideServiceException.class);
    clock.advance(Duration.ofSeconds(5));
    assertThat(walk(chain).reason()).isEqualTo(OWN + " was throttled for 11 s, longer than 10 s");

    // the model answers once: the next throttling is a new episode
    failures.remove(OWN);
    assertThat(walk(chain).link()).isZero();
    failures.put(OWN, throttling(1));
    clock.advance(Duration.ofSeconds(3));
    assertThatThrownBy(() -> walk(chain)).isInstanceOf(OutsideServiceException.class);
  }

  @Test
  void aWaitOfZeroMovesDownAtTheFirstThrottling() {
    failures.put(OWN, throttling(0));
    assertThat(walk(chain(Duration.ZERO, true)).link()).isEqualTo(1);
  }

  @Test
  void whenTheBudgetPutsTheTaskOnOneOfItsFallbacks_thatModelIsNotTriedTwice() {
    failures.put(OTHER, ServiceUnavailableException.builder().message("down").build());

    ModelChain.Made<String> made = walk(chain(), OTHER);

    assertThat(made.value()).isEqualTo(PROFILE);
    assertThat(called).containsExactly(OTHER, PROFILE);
  }

  private static ThrottlingException throttling(int retryAfterSeconds) {
    return (ThrottlingException) ThrottlingException.builder().message("slow down").statusCode(429)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException")
            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(429)
                .putHeader("Retry-After", String.valueOf(retryAfterSeconds)).build())
            .build())
        .build();
  }
}
