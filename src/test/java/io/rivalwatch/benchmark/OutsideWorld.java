package io.rivalwatch.benchmark;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock of the fake outside world: every fake call waits here for its configured latency, and the wait is
 * charged to the job running on the calling thread ({@link JobTimings}), which is what the lower bound is built
 * from. Latencies can change between scenarios without restarting the application.
 */
final class OutsideWorld {

  /**
   * How many calls the outside world itself takes at once, whatever the application does: sources (all kinds
   * together) and model calls (analyses and summaries together). Calls beyond them queue, first come first served.
   */
  record Limits(int sourcesInFlight, int modelCallsInFlight) {}

  /** No limit of the world's own: the application's limits are the only ones. */
  static final Limits UNLIMITED = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);
  /** The issue 14 comparison's limits: at most 16 source calls and 8 model calls in flight. */
  static final Limits MATCHED_LIMITS = new Limits(16, 8);

  private static volatile Latencies latencies = Latencies.ZERO;
  private static volatile Limits limits = UNLIMITED;
  private static volatile java.util.concurrent.Semaphore sourceSlots = slots(UNLIMITED.sourcesInFlight());
  private static volatile java.util.concurrent.Semaphore modelSlots = slots(UNLIMITED.modelCallsInFlight());
  private static final AtomicLong MODEL_CALLS = new AtomicLong();
  private static final AtomicLong MODEL_INPUT_CHARACTERS = new AtomicLong();

  private OutsideWorld() {}

  static void use(Latencies value) {
    use(value, UNLIMITED);
  }

  static void use(Latencies value, Limits worldLimits) {
    latencies = value;
    limits = worldLimits;
    sourceSlots = slots(worldLimits.sourcesInFlight());
    modelSlots = slots(worldLimits.modelCallsInFlight());
  }

  static Limits limits() {
    return limits;
  }

  private static java.util.concurrent.Semaphore slots(int permits) {
    return new java.util.concurrent.Semaphore(permits, true);
  }

  /** A source answering: waits for one of the world's source slots, then for its latency. */
  static void sourceAnswersAfter(Duration latency) {
    answerWithin(sourceSlots, latency);
  }

  /**
   * A model answering with what {@code work} makes: waits for one of the world's model slots, does the work, then
   * waits what is left of the latency. A model's latency includes its own work, so the answer comes after
   * max(latency, work), not after the latency and then the work (which put the stand-in's compute on the critical
   * path after every call, the executive summary's included).
   */
  static <T> T modelAnswers(Duration latency, java.util.function.Supplier<T> work) {
    if (latency.isZero()) {
      return work.get();
    }
    modelSlots.acquireUninterruptibly();
    try {
      long started = System.nanoTime();
      T answer = work.get();
      Duration left = latency.minusNanos(System.nanoTime() - started);
      if (!left.isNegative() && !left.isZero()) {
        sleep(left);
      }
      JobTimings.charge(Duration.ofNanos(Math.max(latency.toNanos(), System.nanoTime() - started)));
      return answer;
    } finally {
      modelSlots.release();
    }
  }

  private static void answerWithin(java.util.concurrent.Semaphore slots, Duration latency) {
    if (latency.isZero()) {
      return;
    }
    slots.acquireUninterruptibly();
    try {
      answerAfter(latency);
    } finally {
      slots.release();
    }
  }

  static Latencies latencies() {
    return latencies;
  }

  static long modelCalls() {
    return MODEL_CALLS.get();
  }

  static long modelInputCharacters() {
    return MODEL_INPUT_CHARACTERS.get();
  }

  static void countModelCall(long inputCharacters) {
    MODEL_CALLS.incrementAndGet();
    MODEL_INPUT_CHARACTERS.addAndGet(inputCharacters);
  }

  /** Waits as the outside service would, and charges the wait to the current job. */
  static void answerAfter(Duration latency) {
    if (latency.isZero()) {
      return;
    }
    sleep(latency);
    JobTimings.charge(latency);
  }

  private static void sleep(Duration latency) {
    try {
      Thread.sleep(latency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a fake answered", e);
    }
  }
}
