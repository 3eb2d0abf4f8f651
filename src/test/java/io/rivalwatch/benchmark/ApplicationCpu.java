package io.rivalwatch.benchmark;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time the application spends, the embedded engine left out. Job handlers run on virtual threads
 * (rivalwatch.concurrency.handler-threads: virtual), and so does the report's section preparation; the JVM cannot
 * time a virtual thread by itself ({@code getCurrentThreadCpuTime} answers -1 there), but every virtual thread runs
 * mounted on a carrier thread of the JDK's virtual-thread scheduler ({@code jdk.internal.misc.CarrierThread}), a
 * platform thread whose CPU time the JVM does keep. The engine's threads (its actors and gRPC server, platform
 * threads; its RocksDB store's native threads) are never carriers, so the carriers' CPU time is the application's
 * handlers and what the Camunda client does on the handler's thread (reading the job's variables, sending its
 * completion), and nothing of the engine. The fake outside world only sleeps on those threads. Left out: the client's
 * gRPC transport threads, shared in this JVM with the engine's server. Needs the default (virtual) handler threads.
 */
final class ApplicationCpu {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** CPU nanoseconds per carrier thread and of the whole process at one moment. */
  record Snapshot(Map<Long, Long> carriers, long process) {

    static Snapshot now() {
      Map<Long, Long> carriers = new HashMap<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getClass().getName().equals("jdk.internal.misc.CarrierThread")) {
          long cpu = THREADS.getThreadCpuTime(thread.threadId());
          if (cpu >= 0) {
            carriers.put(thread.threadId(), cpu);
          }
        }
      }
      return new Snapshot(carriers, OS.getProcessCpuTime());
    }

    /**
     * Carrier CPU since {@code earlier}: a carrier started since counts whole; one that ended since (the scheduler
     * lets idle carriers go after a while) loses its time, so this errs low only if carriers came and went mid-run.
     */
    long applicationNanosSince(Snapshot earlier) {
      long sum = 0;
      for (var carrier : carriers.entrySet()) {
        sum += carrier.getValue() - earlier.carriers.getOrDefault(carrier.getKey(), 0L);
      }
      return sum;
    }

    long processNanosSince(Snapshot earlier) {
      return process - earlier.process;
    }
  }

  /**
   * CPU the offline analyser spent standing in for the model (FakeOutsideWorld.Model): in production a model does
   * that work elsewhere, so it is shown apart. Measured on the carrier the analysing virtual thread is mounted on
   * (it does not block while analysing, so it stays there); a call that moved carrier is not counted.
   */
  static final java.util.concurrent.atomic.AtomicLong STAND_IN_MODEL_NANOS = new java.util.concurrent.atomic.AtomicLong();

  /** Runs {@code work}, adding the CPU its thread's carrier spent to {@link #STAND_IN_MODEL_NANOS}. */
  static <T> T standInModel(java.util.function.Supplier<T> work) {
    String carrier = carrierName();
    long before = carrierCpu(carrier);
    T result = work.get();
    if (before >= 0 && carrier.equals(carrierName())) {
      long after = carrierCpu(carrier);
      if (after >= before) {
        STAND_IN_MODEL_NANOS.addAndGet(after - before);
      }
    }
    return result;
  }

  /** "VirtualThread[#42,job-handler-7]/runnable@ForkJoinPool-1-worker-2": the name after the '@'. */
  private static String carrierName() {
    Thread current = Thread.currentThread();
    if (!current.isVirtual()) {
      return current.getName();
    }
    String described = current.toString();
    int at = described.lastIndexOf('@');
    return at < 0 ? "" : described.substring(at + 1);
  }

  /** Carrier ids by name, looked up once (carriers are few and long-lived). */
  private static final Map<String, Long> CARRIER_IDS = new java.util.concurrent.ConcurrentHashMap<>();

  private static long carrierCpu(String name) {
    Long id = CARRIER_IDS.get(name);
    if (id == null) {
      for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
        if (info != null && info.getThreadName().equals(name)) {
          id = info.getThreadId();
          CARRIER_IDS.put(name, id);
        }
      }
    }
    return id == null ? -1 : THREADS.getThreadCpuTime(id);
  }

  private ApplicationCpu() {}
}
