package io.rivalwatch.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The executor the Camunda client gets: each job on a virtual thread of its own, scheduling on platform threads. */
class JobHandlerThreadsTest {

  @Test
  void aHundredWaitingHandlersDoNotHoldBackTheNextJob() throws Exception {
    var executor = new JobHandlerThreads.VirtualThreadHandlers(JobHandlerThreads.SCHEDULER_THREADS);
    try {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch waiting = new CountDownLatch(100);
      AtomicInteger onVirtualThreads = new AtomicInteger();
      for (int i = 0; i < 100; i++) {
        // a fetch waiting for its page
        executor.execute(() -> {
          if (Thread.currentThread().isVirtual()) {
            onVirtualThreads.incrementAndGet();
          }
          waiting.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      assertThat(waiting.await(10, TimeUnit.SECONDS)).as("all 100 handlers run at once").isTrue();
      CountDownLatch analysis = new CountDownLatch(1);
      executor.execute(analysis::countDown);
      assertThat(analysis.await(10, TimeUnit.SECONDS)).as("a job after them starts while they wait").isTrue();
      assertThat(onVirtualThreads).hasValue(100);

      // the client's polls are scheduled, and run on the scheduler's platform threads
      ScheduledFuture<Boolean> poll = executor.schedule(() -> Thread.currentThread().isVirtual(), 10,
          TimeUnit.MILLISECONDS);
      assertThat(poll.get(10, TimeUnit.SECONDS)).isFalse();
      release.countDown();
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(executor.isTerminated()).isTrue();
    }
  }
}
