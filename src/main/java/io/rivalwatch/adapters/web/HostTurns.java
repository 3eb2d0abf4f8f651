package io.rivalwatch.adapters.web;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Politeness per host, shared by every thread that fetches: at most {@code maxConcurrent} requests in flight to one
 * host, and a least gap between the starts of two requests to it. A fetch takes a {@link Turn} before it sends and
 * closes it once the response is read.
 *
 * <p>Nothing is locked while waiting: a fetch waits for a free place (a semaphore), then reserves the next start
 * time in a short synchronized step, then sleeps until that time holding only its place. The wait is bounded: when
 * the turn would come later than {@code maxWait}, the fetch fails transiently at once rather than hold a job worker's
 * thread, and the job is retried later with its backoff.
 */
final class HostTurns {

  private final int maxConcurrent;
  private final Map<String, Host> hosts = new ConcurrentHashMap<>();

  HostTurns(int maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }

  /** A place among a host's requests in flight; closing it gives the place back. */
  interface Turn extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits for a turn at {@code host}: a free place, and a start at least {@code gap} after the previous start.
   *
   * @param address the address being fetched, for the exception
   * @throws TransientFetchException when the turn would come later than {@code maxWait} from now
   */
  Turn await(String host, Duration gap, Duration maxWait, String address) throws TransientFetchException {
    Host state = hosts.computeIfAbsent(host, h -> new Host(maxConcurrent));
    long deadline = System.nanoTime() + maxWait.toNanos();
    try {
      if (!state.places.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new TransientFetchException(address, "no turn at " + host + " within " + seconds(maxWait) + ": "
            + maxConcurrent + " requests to it were in flight throughout", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFetchException(address, "interrupted while waiting for a turn at " + host, e);
    }
    OptionalLong reserved = state.reserveStart(gap.toNanos(), deadline);
    if (reserved.isEmpty()) {
      state.places.release();
      throw new TransientFetchException(address, "no turn at " + host + " within " + seconds(maxWait) + ": requests "
          + "to it start at least " + seconds(gap) + " apart and others are queued before", null);
    }
    long startAt = reserved.getAsLong();
    for (long wait = startAt - System.nanoTime(); wait > 0; wait = startAt - System.nanoTime()) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        state.places.release();
        Thread.currentThread().interrupt();
        throw new TransientFetchException(address, "interrupted while waiting for a turn at " + host, null);
      }
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        state.places.release();
      }
    };
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  private static final class Host {
    final Semaphore places;
    /** System.nanoTime of the latest reserved start; guarded by this. */
    private long lastStart;
    private boolean started;

    Host(int maxConcurrent) {
      this.places = new Semaphore(maxConcurrent, true);
    }

    /** The start time for the next request, at least {@code gap} after the latest; empty when after deadline. */
    synchronized OptionalLong reserveStart(long gap, long deadline) {
      long now = System.nanoTime();
      long start = started && lastStart + gap - now > 0 ? lastStart + gap : now;
      if (start - deadline > 0) {
        return OptionalLong.empty();
      }
      lastStart = start;
      started = true;
      return OptionalLong.of(start);
    }
  }
}
