package io.rivalwatch.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.research.TransientFetchException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Turns at a host without any server: who may start, and when. */
class HostTurnsTest {

  private static final Duration LONG = Duration.ofSeconds(10);

  @Test
  void aTurnThatCannotComeWithinTheWaitFailsTransientlyAtOnceWithoutTakingAPlace() throws Exception {
    HostTurns turns = new HostTurns(1);
    HostTurns.Turn held = turns.await("busy.example", Duration.ZERO, LONG, "first");

    long started = System.nanoTime();
    assertThatThrownBy(() -> turns.await("busy.example", Duration.ZERO, Duration.ofMillis(200), "second"))
        .isInstanceOfSatisfying(TransientFetchException.class, e -> assertThat(e.reason())
            .isEqualTo("no turn at busy.example within 200 ms: 1 requests to it were in flight throughout"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

    // another host is not held up
    turns.await("other.example", Duration.ZERO, Duration.ofMillis(200), "elsewhere").close();

    held.close();
    held.close(); // closing twice gives the place back once
    turns.await("busy.example", Duration.ZERO, Duration.ofMillis(200), "third").close();
    HostTurns.Turn one = turns.await("busy.example", Duration.ZERO, Duration.ofMillis(200), "fourth");
    assertThatThrownBy(() -> turns.await("busy.example", Duration.ZERO, Duration.ofMillis(50), "fifth"))
        .isInstanceOf(TransientFetchException.class);
    one.close();
  }

  @Test
  void aGapLongerThanTheWaitFailsAtOnceRatherThanBlockingAWorker() throws Exception {
    HostTurns turns = new HostTurns(2);
    turns.await("slow.example", Duration.ofSeconds(30), LONG, "first").close();

    long started = System.nanoTime();
    assertThatThrownBy(() -> turns.await("slow.example", Duration.ofSeconds(30), Duration.ofSeconds(1), "second"))
        .isInstanceOfSatisfying(TransientFetchException.class, e -> assertThat(e.reason())
            .isEqualTo("no turn at slow.example within 1 s: requests to it start at least 30 s apart and others "
                + "came first"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed without waiting")
        .isLessThan(Duration.ofMillis(500));
  }

  @Test
  void startsFromManyThreadsAreAtLeastTheGapApart() throws Exception {
    HostTurns turns = new HostTurns(8);
    Duration gap = Duration.ofMillis(100);
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        done.add(threads.submit(() -> {
          try (HostTurns.Turn turn = turns.await("gap.example", gap, LONG, "page")) {
            starts.add(turn.startedAt());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }

    // starts are recorded when they happen, so the gaps between them hold exactly
    List<Long> sorted = starts.stream().sorted().toList();
    assertThat(sorted).hasSize(12);
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(Duration.ofNanos(sorted.get(i) - sorted.get(i - 1))).as("gap before start " + i)
          .isGreaterThanOrEqualTo(gap);
    }
  }
}
