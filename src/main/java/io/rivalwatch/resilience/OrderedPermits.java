package io.rivalwatch.resilience;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code cap} holders at once; a freed permit goes to the waiter of the lowest rank, and among equal ranks
 * to the one that came first (ADR 0029). A call of a run's first competitor so gets the outside limit before one of
 * its hundredth, whatever order their handlers reached it in: the first competitors get all their sources in the
 * first wave instead of every competitor getting some. A fair semaphore (Resilience4j's bulkhead) only knows arrival.
 */
final class OrderedPermits {

  private static final Comparator<Waiter> ORDER = Comparator.comparingLong((Waiter w) -> w.rank)
      .thenComparingLong(w -> w.arrival);

  private final int cap;
  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Waiter> waiting = new PriorityQueue<>(ORDER);
  private int held;
  private long arrivals;

  OrderedPermits(int cap) {
    this.cap = cap;
  }

  /**
   * Takes a permit, waiting up to {@code maxWait} behind the waiters of lower rank.
   *
   * @return false when none was free within {@code maxWait} (or the thread was interrupted: its flag is kept)
   */
  boolean acquire(long rank, Duration maxWait) {
    lock.lock();
    try {
      if (held < cap && waiting.isEmpty()) {
        held++;
        return true;
      }
      Waiter waiter = new Waiter(rank, arrivals++, lock.newCondition());
      waiting.add(waiter);
      long nanos = maxWait.toNanos();
      try {
        while (!waiter.granted && nanos > 0) {
          nanos = waiter.turn.awaitNanos(nanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (waiter.granted) {
        return true;
      }
      waiting.remove(waiter);
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Gives the permit back: straight to the first waiter in order, if any. */
  void release() {
    lock.lock();
    try {
      Waiter next = waiting.poll();
      if (next == null) {
        held--;
      } else {
        next.granted = true;
        next.turn.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waiters now (for tests and metrics). */
  int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private static final class Waiter {
    final long rank;
    final long arrival;
    final Condition turn;
    boolean granted;

    Waiter(long rank, long arrival, Condition turn) {
      this.rank = rank;
      this.arrival = arrival;
      this.turn = turn;
    }
  }
}
