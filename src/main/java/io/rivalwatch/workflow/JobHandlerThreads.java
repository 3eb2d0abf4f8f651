package io.rivalwatch.workflow;

import io.camunda.client.jobhandling.CamundaClientExecutorService;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Job handlers on virtual threads ({@code rivalwatch.concurrency.handler-threads: virtual}, the default; ADR 0019).
 * The Camunda client 8.8 runs every worker on one {@link java.util.concurrent.ScheduledExecutorService}: it schedules
 * polls and stream restarts on it, and hands each activated job to its {@code execute}. The executor given here keeps
 * a small platform pool for the scheduling and starts a virtual thread per job in {@code execute}, so a handler that
 * waits for a page or a model holds no scarce thread, and no job type waits behind another for a handler. How many
 * jobs each worker holds is still {@code max-jobs-active}; how many calls go out at once is limited per host, per
 * source API and per model ({@code rivalwatch.concurrency.*}). With {@code pool} the client's own pool of
 * {@code camunda.client.execution-threads} platform threads is used instead.
 */
@Configuration(proxyBeanMethods = false)
public class JobHandlerThreads {

  /** Platform threads for the client's scheduling only (polls, stream back-offs): they never run a handler. */
  static final int SCHEDULER_THREADS = 2;

  @Bean
  @ConditionalOnProperty(name = "rivalwatch.concurrency.handler-threads", havingValue = "virtual",
      matchIfMissing = true)
  CamundaClientExecutorService virtualThreadJobHandlers() {
    // owned by the client: closed with it
    return new CamundaClientExecutorService(new VirtualThreadHandlers(SCHEDULER_THREADS), true);
  }

  /** Scheduled tasks on a small platform pool; everything handed to {@link #execute} on a virtual thread of its own. */
  static final class VirtualThreadHandlers extends ScheduledThreadPoolExecutor {

    private final ExecutorService handlers =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-handler-", 0).factory());

    VirtualThreadHandlers(int schedulerThreads) {
      super(schedulerThreads, Thread.ofPlatform().name("camunda-client-scheduler-", 0).daemon(true).factory());
    }

    @Override
    public void execute(Runnable command) {
      handlers.execute(command);
    }

    @Override
    public void shutdown() {
      super.shutdown();
      handlers.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      handlers.shutdownNow();
      return super.shutdownNow();
    }

    @Override
    public boolean isTerminated() {
      return super.isTerminated() && handlers.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      return super.awaitTermination(timeout, unit)
          && handlers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }
}
