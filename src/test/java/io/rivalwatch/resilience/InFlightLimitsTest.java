package io.rivalwatch.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The in-flight caps: per model and per source API, each on its own, refusing after max-wait. */
class InFlightLimitsTest {

  @Test
  void noMoreCallsToAModelRunAtOnceThanItsCapAndOtherModelsAndSourcesAreNotHeldUp() throws Exception {
    InFlightLimits limits = new InFlightLimits(new ConcurrencyProperties(null, 3, 2, Duration.ofSeconds(10)),
        new SimpleMeterRegistry());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(Thread.ofVirtual().start(() -> limits.model("bedrock:a", () -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return running.decrementAndGet();
      })));
    }
    // another model and a source API go through while model a is full
    assertThat(limits.model("bedrock:b", () -> "answered")).isEqualTo("answered");
    assertThat(limits.source("news", () -> "gathered")).isEqualTo("gathered");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 3);
    release.countDown();
    for (Thread call : calls) {
      assertThat(call.join(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(most).hasValue(3);
  }

  @Test
  void aCallThatFindsNoSlotWithinMaxWaitIsRefusedAsRateLimitedWithoutBeingMade() throws Exception {
    InFlightLimits limits = new InFlightLimits(new ConcurrencyProperties(null, 1, 1, Duration.ofMillis(50)),
        new SimpleMeterRegistry());
    CountDownLatch release = new CountDownLatch(1);
    Thread busy = holdingASlot(call -> limits.source("market", call), release);
    AtomicInteger made = new AtomicInteger();

    assertThatThrownBy(() -> limits.source("market", made::incrementAndGet))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(OutsideServiceException.Kind.RATE_LIMITED);
          assertThat(e.getMessage()).contains("source:market").contains("rivalwatch.concurrency.source-in-flight");
        });
    assertThat(made).hasValue(0);
    release.countDown();
    busy.join(Duration.ofSeconds(10));
  }

  @Test
  void waitingCallsGetAFreedSlotInOrderOfTheirRankNotOfTheirArrival() throws Exception {
    InFlightLimits limits = new InFlightLimits(new ConcurrencyProperties(null, 2, 1, Duration.ofSeconds(10)),
        new SimpleMeterRegistry());
    CountDownLatch release = new CountDownLatch(1);
    Thread busy = holdingASlot(call -> limits.source("news", 50, call), release);
    List<Long> served = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> calls = new ArrayList<>();
    // competitors 7, 3, 9, 0 and 3 again arrive in this order while the one slot is taken
    long[] ranks = {7, 3, 9, 0, 3};
    for (int i = 0; i < ranks.length; i++) {
      long rank = ranks[i];
      calls.add(Thread.ofVirtual().start(() -> limits.source("news", rank, () -> served.add(rank))));
      int queued = i + 1;
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> limits.waiting("source:news") == queued);
    }
    // a call with no rank (a run's own) goes before every competitor's
    calls.add(Thread.ofVirtual().start(() -> limits.source("news", () -> served.add(-1L))));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> limits.waiting("source:news") == 6);

    release.countDown();
    for (Thread call : calls) {
      assertThat(call.join(Duration.ofSeconds(10))).isTrue();
    }
    busy.join(Duration.ofSeconds(10));
    assertThat(served).containsExactly(-1L, 0L, 3L, 3L, 7L, 9L);
  }

  @Test
  void aRankedCallRefusedAfterMaxWaitLeavesTheQueueAndTheSlotsAsTheyWere() throws Exception {
    InFlightLimits limits = new InFlightLimits(new ConcurrencyProperties(null, 1, 1, Duration.ofMillis(50)),
        new SimpleMeterRegistry());
    CountDownLatch release = new CountDownLatch(1);
    Thread busy = holdingASlot(call -> limits.model("bedrock:a", 4, call), release);

    assertThatThrownBy(() -> limits.model("bedrock:a", 0, () -> "made"))
        .isInstanceOfSatisfying(OutsideServiceException.class,
            e -> assertThat(e.kind()).isEqualTo(OutsideServiceException.Kind.RATE_LIMITED));
    assertThat(limits.waiting("bedrock:a")).isZero();
    release.countDown();
    busy.join(Duration.ofSeconds(10));
    // the slot came back: the next call is made at once
    assertThat(limits.model("bedrock:a", 9, () -> "made")).isEqualTo("made");
  }

  @Test
  void aBadSettingNamesThePropertyAndTheFix() {
    assertThatThrownBy(() -> new ConcurrencyProperties("threads", null, null, null))
        .hasMessageContaining("rivalwatch.concurrency.handler-threads").hasMessageContaining("Fix:");
    assertThatThrownBy(() -> new ConcurrencyProperties(null, 0, null, null))
        .hasMessageContaining("model-in-flight >= 1");
  }

  /**
   * Takes one slot through {@code enter} and holds it until {@code release} counts down; returns once it is held.
   */
  private static Thread holdingASlot(Function<Supplier<Boolean>, Boolean> enter, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(1);
    Thread busy = Thread.ofVirtual().start(() -> enter.apply(() -> {
      inside.countDown();
      try {
        return release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return false;
      }
    }));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    return busy;
  }
}
