package io.rivalwatch.adapters.web;

import io.rivalwatch.research.TransientFetchException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Politeness per origin (scheme, host and port: two ports of a host are two servers), shared by every thread that
 * fetches: at most {@code maxConcurrent} requests in flight to one origin, and a least gap between the starts of two
 * requests to it. A fetch takes a {@link Turn} right before it sends
 * and closes it once the response is read.
 *
 * <p>Nothing is locked while waiting: a fetch waits for a free place (a semaphore), then for the gap since the latest
 * start to pass, sleeping outside the short synchronized step that checks and records a start. A start is recorded
 * when it happens, not planned ahead, so a thread that wakes late does not bring the next start closer to its own.
 * The wait is bounded: when the turn cannot come within {@code maxWait}, the fetch fails transiently (at once when
 * the gap alone says so) rather than hold a job worker's thread, and the job is retried later with its backoff.
 */
final class HostTurns {

  private final int maxConcurrent;
  private final Map<String, Host> hosts = new ConcurrentHashMap<>();

  HostTurns(int maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }

  /** A place among a host's requests in flight; closing it gives the place back. */
  interface Turn extends AutoCloseable {

    /** System.nanoTime when the turn began. */
    long startedAt();

    @Override
    void close();
  }

  /**
   * Waits for a turn at {@code host} (an origin, "https://acme.example:8443"): a free place, and a start at least {@code gap} after the latest start.
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
    long startedAt;
    while (true) {
      Attempt attempt = state.startOrWait(gap.toNanos(), deadline);
      if (attempt.started()) {
        startedAt = attempt.nanos();
        break;
      }
      if (attempt.nanos() < 0) {
        state.places.release();
        throw new TransientFetchException(address, "no turn at " + host + " within " + seconds(maxWait) + ": "
            + "requests to it start at least " + seconds(gap) + " apart and others came first", null);
      }
      LockSupport.parkNanos(attempt.nanos());
      if (Thread.interrupted()) {
        state.places.release();
        Thread.currentThread().interrupt();
        throw new TransientFetchException(address, "interrupted while waiting for a turn at " + host, null);
      }
    }
    AtomicBoolean closed = new AtomicBoolean();
    return new Turn() {
      @Override
      public long startedAt() {
        return startedAt;
      }

      @Override
      public void close() {
        if (closed.compareAndSet(false, true)) {
          state.places.release();
        }
      }
    };
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  /** Started (at nanos), or not yet: wait nanos, or -1 when the turn would come after the deadline. */
  private record Attempt(boolean started, long nanos) {}

  private static final class Host {
    final Semaphore places;
    /** System.nanoTime of the latest start; guarded by this. */
    private long latestStart;
    private boolean started;

    Host(int maxConcurrent) {
      this.places = new Semaphore(maxConcurrent, true);
    }

    /** Records a start now when the gap since the latest start has passed; else says how long to wait. */
    synchronized Attempt startOrWait(long gap, long deadline) {
      long now = System.nanoTime();
      long earliest = started ? latestStart + gap : now;
      if (earliest - now <= 0) {
        latestStart = now;
        started = true;
        return new Attempt(true, now);
      }
      return new Attempt(false, earliest - deadline > 0 ? -1 : earliest - now);
    }
  }
}
