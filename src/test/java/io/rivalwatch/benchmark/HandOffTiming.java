package io.rivalwatch.benchmark;

import io.camunda.client.jobhandling.CamundaClientExecutorService;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Splits job pick-up in two: the Camunda client hands each job it received (streamed or polled) to its executor's
 * {@code execute}; that moment is kept for the handler's thread, so {@link JobTimings} can tell the time from the
 * engine's record to the client's hand-off (engine, gRPC, the client reading the job) from the time from the
 * hand-off to the handler starting (a thread for it, then everything run before the handler's parameters).
 */
final class HandOffTiming implements ScheduledExecutorService {

  private static final ThreadLocal<Long> HANDED_OFF_NANOS = new ThreadLocal<>();

  private final ScheduledExecutorService delegate;

  private HandOffTiming(ScheduledExecutorService delegate) {
    this.delegate = delegate;
  }

  static CamundaClientExecutorService around(CamundaClientExecutorService executor) {
    return new CamundaClientExecutorService(new HandOffTiming(executor.get()), executor.isOwnedByCamundaClient());
  }

  /** When the job now starting on this thread was handed off, or null if not through {@link #execute}. */
  static Long handedOffNanos() {
    return HANDED_OFF_NANOS.get();
  }

  @Override
  public void execute(Runnable command) {
    long handed = System.nanoTime();
    delegate.execute(() -> {
      HANDED_OFF_NANOS.set(handed);
      try {
        command.run();
      } finally {
        HANDED_OFF_NANOS.remove();
      }
    });
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return delegate.schedule(command, delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return delegate.schedule(callable, delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return delegate.scheduleAtFixedRate(command, initialDelay, period, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return delegate.submit(task);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return delegate.submit(task, result);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return delegate.submit(task);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    return delegate.invokeAll(tasks);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(tasks, timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    return delegate.invokeAny(tasks);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(tasks, timeout, unit);
  }
}
