package io.rivalwatch.resilience;

import io.rivalwatch.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One breaker's life: closed, open after N consecutive counted failures, one trial, closed or open again. */
class BreakerTest {

  private static final int THRESHOLD = 5;
  private static final Duration OPEN = Duration.ofSeconds(30);
  private static final String SERVICE = "web:news.example";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T02:00:00Z"));
  private final OutsideServices services = new OutsideServices(
      new ResilienceProperties(null, null, new ResilienceProperties.Breaker(THRESHOLD, OPEN), null),
      new SimpleMeterRegistry(), clock);
  private final AtomicInteger calls = new AtomicInteger();

  private String succeed() {
    calls.incrementAndGet();
    return "ok";
  }

  private String fail(Kind kind) {
    calls.incrementAndGet();
    throw new OutsideServiceException(SERVICE, kind, "HTTP 503", null);
  }

  private void failTimes(int times, Kind kind) {
    for (int i = 0; i < times; i++) {
      assertThatThrownBy(() -> services.call(SERVICE, () -> fail(kind)))
          .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
  }

  private OutsideServiceException refusal() {
    int before = calls.get();
    OutsideServiceException refusal = catchRefusal(() -> services.call(SERVICE, this::succeed));
    assertThat(calls.get()).as("no call is made while the breaker is open").isEqualTo(before);
    return refusal;
  }

  private static OutsideServiceException catchRefusal(Runnable call) {
    try {
      call.run();
    } catch (OutsideServiceException e) {
      assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
      return e;
    }
    throw new AssertionError("the call was not refused");
  }

  private State state() {
    return services.state(SERVICE).orElseThrow().state();
  }

  @Test
  void opensAfterExactlyNConsecutiveCountedFailures() {
    failTimes(THRESHOLD - 1, Kind.TRANSIENT);
    assertThat(state()).isEqualTo(State.CLOSED);
    // a success ends the run of failures
    assertThat(services.call(SERVICE, this::succeed)).isEqualTo("ok");
    failTimes(THRESHOLD - 1, Kind.RATE_LIMITED);
    assertThat(state()).isEqualTo(State.CLOSED);

    failTimes(1, Kind.TRANSIENT);

    assertThat(state()).isEqualTo(State.OPEN);
    assertThat(calls.get()).isEqualTo(2 * THRESHOLD);
    OutsideServiceException refusal = refusal();
    assertThat(refusal.service()).isEqualTo(SERVICE);
    assertThat(refusal.counted()).isFalse();
    assertThat(refusal.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(OPEN));
    assertThat(refusal.getMessage())
        .isEqualTo("web:news.example: circuit open after 5 consecutive failures; next trial in 30s");
  }

  @Test
  void theRefusalSaysHowLongTheBreakerStaysOpen() {
    failTimes(THRESHOLD, Kind.TRANSIENT);
    clock.advance(Duration.ofSeconds(12));

    OutsideServiceException refusal = refusal();

    assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(18));
    assertThat(refusal.getMessage()).endsWith("next trial in 18s");
    assertThat(services.state(SERVICE).orElseThrow().remainingOpen()).isEqualTo(Duration.ofSeconds(18));
  }

  @Test
  void fatalFailuresNeitherOpenTheBreakerNorEndARunOfFailures() {
    failTimes(3 * THRESHOLD, Kind.FATAL);
    assertThat(state()).isEqualTo(State.CLOSED);
    assertThat(services.call(SERVICE, this::succeed)).isEqualTo("ok");

    failTimes(THRESHOLD - 1, Kind.TRANSIENT);
    failTimes(2, Kind.FATAL);
    assertThat(state()).isEqualTo(State.CLOSED);
    failTimes(1, Kind.TRANSIENT);

    assertThat(state()).as("the 403s said nothing about the service's health").isEqualTo(State.OPEN);
  }

  @Test
  void ioErrorsAndTimeoutsCountOtherFailuresDoNot() {
    for (int i = 0; i < 2 * THRESHOLD; i++) {
      assertThatThrownBy(() -> services.run(SERVICE, () -> {
        throw new IllegalArgumentException("a bug in the caller");
      })).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(state()).isEqualTo(State.CLOSED);

    for (int i = 0; i < THRESHOLD; i++) {
      assertThatThrownBy(() -> services.run(SERVICE, () -> {
        throw new UncheckedIOException(new IOException("connection reset"));
      })).isInstanceOf(UncheckedIOException.class);
    }
    assertThat(state()).isEqualTo(State.OPEN);
  }

  @Test
  void afterTheOpenDurationOneTrialCallGoesThroughAndItsSuccessClosesTheBreaker() {
    failTimes(THRESHOLD, Kind.TRANSIENT);
    clock.advance(OPEN.minusMillis(1));
    refusal();

    clock.advance(Duration.ofMillis(2));
    assertThat(services.call(SERVICE, this::succeed)).isEqualTo("ok");

    assertThat(state()).isEqualTo(State.CLOSED);
    assertThat(services.call(SERVICE, this::succeed)).isEqualTo("ok");
    // a fresh run of failures is needed to open it again
    failTimes(THRESHOLD - 1, Kind.TRANSIENT);
    assertThat(state()).isEqualTo(State.CLOSED);
  }

  @Test
  void aFailedTrialCallOpensTheBreakerAgainForTheWholeOpenDuration_andFailsAsARefusalThatCostsNoRetry() {
    failTimes(THRESHOLD, Kind.TRANSIENT);
    clock.advance(OPEN.plusSeconds(1));

    OutsideServiceException trial = catchRefusal(() -> services.call(SERVICE, () -> fail(Kind.TRANSIENT)));

    // the outage's failure, not the item's: the job waits for the next trial with its retries kept
    assertThat(trial.retryAfter()).contains(OPEN);
    assertThat(trial.getMessage()).contains("the trial call failed (outage for 31s): web:news.example: HTTP 503")
        .endsWith("next trial in 30s");
    assertThat(trial.getCause()).isInstanceOfSatisfying(OutsideServiceException.class,
        cause -> assertThat(cause.kind()).isEqualTo(Kind.TRANSIENT));
    assertThat(state()).isEqualTo(State.OPEN);
    assertThat(refusal().retryAfter()).contains(OPEN);
  }

  @Test
  void pastTheOutagePatienceAFailedTrialFailsAsItself_soAServiceDownForGoodEndsItsItems() {
    OutsideServices patient = new OutsideServices(new ResilienceProperties(null, null,
        new ResilienceProperties.Breaker(THRESHOLD, OPEN, Duration.ofSeconds(100)), null), new SimpleMeterRegistry(),
        clock);
    for (int i = 0; i < THRESHOLD; i++) {
      assertThatThrownBy(() -> patient.call(SERVICE, () -> fail(Kind.TRANSIENT)));
    }
    // three failed trials within the 100 s of patience: refusals, though each was a call
    for (int i = 0; i < 3; i++) {
      clock.advance(OPEN.plusSeconds(1));
      assertThat(patient.outageWithinPatience(SERVICE)).isTrue();
      int before = calls.get();
      assertThat(catchRefusal(() -> patient.call(SERVICE, () -> fail(Kind.TRANSIENT))).getCause()).isNotNull();
      assertThat(calls.get()).as("a trial call was made").isEqualTo(before + 1);
    }
    clock.advance(OPEN.plusSeconds(1));
    assertThat(patient.outageWithinPatience(SERVICE)).isFalse();
    assertThatThrownBy(() -> patient.call(SERVICE, () -> fail(Kind.TRANSIENT)))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));

    // a successful trial ends the outage: the next one gets the whole patience again
    clock.advance(OPEN.plusSeconds(1));
    assertThat(patient.call(SERVICE, this::succeed)).isEqualTo("ok");
    assertThat(patient.outageWithinPatience(SERVICE)).isTrue();
  }

  @Test
  void aFatalTrialLeavesTheTrialToTheNextCall() {
    failTimes(THRESHOLD, Kind.TRANSIENT);
    clock.advance(OPEN.plusSeconds(1));

    failTimes(1, Kind.FATAL);
    assertThat(state()).isEqualTo(State.HALF_OPEN);
    assertThat(services.call(SERVICE, this::succeed)).isEqualTo("ok");

    assertThat(state()).isEqualTo(State.CLOSED);
  }

  @Test
  void whileTheTrialCallIsUnderWayOtherCallsAreRefusedForAMoment() throws Exception {
    failTimes(THRESHOLD, Kind.TRANSIENT);
    clock.advance(OPEN.plusSeconds(1));
    CountDownLatch trialStarted = new CountDownLatch(1);
    CountDownLatch finishTrial = new CountDownLatch(1);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<String> trial = executor.submit(() -> services.call(SERVICE, () -> {
        trialStarted.countDown();
        try {
          finishTrial.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return succeed();
      }));
      assertThat(trialStarted.await(5, TimeUnit.SECONDS)).isTrue();

      OutsideServiceException refusal = refusal();
      assertThat(refusal.retryAfter()).contains(Duration.ofSeconds(1));
      assertThat(refusal.getMessage()).contains("a trial call is under way");

      finishTrial.countDown();
      assertThat(trial.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
      assertThat(state()).isEqualTo(State.CLOSED);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void breakersAreKeptPerService() {
    failTimes(THRESHOLD, Kind.TRANSIENT);

    assertThat(services.call("web:other.example", this::succeed)).isEqualTo("ok");
    assertThat(services.states()).extracting(OutsideServices.BreakerState::service, OutsideServices.BreakerState::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("web:news.example", State.OPEN),
            org.assertj.core.groups.Tuple.tuple("web:other.example", State.CLOSED));
  }

  @Test
  void refuseIfOpenRefusesOnlyWhileOpenAndTakesNoTrial() {
    services.refuseIfOpen(SERVICE);
    failTimes(THRESHOLD, Kind.TRANSIENT);

    catchRefusal(() -> services.refuseIfOpen(SERVICE));

    clock.advance(OPEN.plusSeconds(1));
    services.refuseIfOpen(SERVICE);
    assertThat(services.call(SERVICE, this::succeed)).as("the trial was left to the call").isEqualTo("ok");
    assertThat(state()).isEqualTo(State.CLOSED);
  }

  @Test
  void resetClosesEveryBreaker() {
    failTimes(THRESHOLD, Kind.TRANSIENT);

    services.reset();

    assertThat(state()).isEqualTo(State.CLOSED);
    assertThat(services.call(SERVICE, this::succeed)).isEqualTo("ok");
  }

  @Test
  void aShortOpenDurationPassesInRealTime() throws Exception {
    OutsideServices quick = new OutsideServices(new ResilienceProperties(null, null,
        new ResilienceProperties.Breaker(2, Duration.ofMillis(200)), null), new SimpleMeterRegistry());
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> quick.call(SERVICE, () -> fail(Kind.TRANSIENT)));
    }
    OutsideServiceException refusal = catchRefusal(() -> quick.call(SERVICE, this::succeed));
    assertThat(refusal.retryAfter()).hasValueSatisfying(
        wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(200)));

    // refusals meanwhile are not calls and do not count; the trial goes through once the open time is over
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
        .ignoreException(OutsideServiceException.class)
        .until(() -> "ok".equals(quick.call(SERVICE, this::succeed)));
  }
}
