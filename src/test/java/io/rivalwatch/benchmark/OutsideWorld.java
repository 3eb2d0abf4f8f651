package io.rivalwatch.benchmark;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock of the fake outside world: every fake call waits here for its configured latency, and the wait is
 * charged to the job running on the calling thread ({@link JobTimings}), which is what the lower bound is built
 * from. Latencies can change between scenarios without restarting the application.
 */
final class OutsideWorld {

  private static volatile Latencies latencies = Latencies.ZERO;
  private static final AtomicLong MODEL_CALLS = new AtomicLong();
  private static final AtomicLong MODEL_INPUT_CHARACTERS = new AtomicLong();

  private OutsideWorld() {}

  static void use(Latencies value) {
    latencies = value;
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
    try {
      Thread.sleep(latency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a fake answered", e);
    }
    JobTimings.charge(latency);
  }
}
