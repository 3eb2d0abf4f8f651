package io.rivalwatch.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The overhead scenario: runs with every latency zero, so what a run costs is the orchestration's own work. Gives jobs
 * per second, the application's CPU ({@link ApplicationCpu}: the threads that run the handlers, the engine left out)
 * per job, per run and per competitor, the whole JVM's CPU per job for comparison, the garbage collector's pauses, the
 * JIT's compiling during the runs, other processes' CPU on the machine, and the heap a sample leaves after a GC.
 *
 * <p>The method (docs/benchmark-method.md says why each part is there):
 * <ul>
 *   <li>One engine and application for every size, as a long-running worker serves night after night.</li>
 *   <li><b>Equal work per sample</b>: a sample of a size is as many runs of it, one after the other, as make up one run
 *       of the largest size (five runs of 100 against one of 500: about 4,000 jobs each), and its figures are the
 *       sample's totals (jobs per second: its jobs over the sum of its runs' lengths). A run of 100 is about 3 s, so
 *       one collection or compilation moved it by a third; over about 13 s it moves a sample by far less.</li>
 *   <li><b>Warm-up of the same work</b>: three turns of every size's sample, not measured, before the measured turns.
 *       With five warm-up runs of 100 only, the JIT still compiled for 19 s during the first measured run of 500
 *       and for 3.5 s during a measured run of 100 (3.3 s long), on a machine of 2 cores.</li>
 *   <li><b>Turns</b>: the sizes' samples alternate (100, 500, 100, 500, ...), so what changes in the JVM over the
 *       scenario falls on each size alike; a full GC before each run, so none starts with the one before's garbage.</li>
 *   <li><b>Nothing grows from run to run</b>: the engine forgets each run's records once read (ADR 0035), and the fake
 *       artefact store forgets every run but the last ({@link BenchmarkRig#forgetEarlierRuns}), as the real store's
 *       objects live outside the JVM; the model's stand-in starts each run with an empty corpus cache, as a night
 *       does; the heap after each sample shows what still grows (the fake memory store's entries).</li>
 * </ul>
 * Every sample counts: the figures are the median of the samples with their minimum and maximum.
 */
final class OverheadScenario {

  private static final String SCENARIO = "overhead";
  /** Unmeasured turns of every size's sample before the measured ones (one for the smoke test's small sizes). */
  static final int WARM_UP_TURNS = 3;

  private OverheadScenario() {}

  static void run(int repeats, List<Integer> sizes, Results results) {
    OutsideWorld.use(Latencies.ZERO);
    int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    try (BenchmarkRig rig = BenchmarkRig.start()) {
      // the first runs in a JVM pay for class loading and compiling, and on a new engine and application for
      // connections, streams and caches
      Results warmUp = new Results();
      for (int turn = 0; turn < (largest >= 100 ? WARM_UP_TURNS : 1); turn++) {
        for (int competitors : sizes) {
          sample(rig, competitors, runsPerSample(competitors, largest), "warm-up", warmUp);
        }
      }
      int smallest = sizes.stream().mapToInt(Integer::intValue).min().orElseThrow();
      for (int turn = 0; turn < repeats; turn++) {
        java.util.Map<Integer, double[]> turnFigures = new java.util.HashMap<>();
        for (int competitors : sizes) {
          turnFigures.put(competitors, sample(rig, competitors, runsPerSample(competitors, largest), "measured",
              results));
        }
        if (largest != smallest) {
          // the largest size against the smallest in the same turn: seconds apart in one JVM, so what moves between
          // JVMs and over the scenario moves both alike (the target: jobs per second at 500 no lower than at 100)
          String pair = largest + " against " + smallest;
          results.add(SCENARIO, pair, "jobs per second, ratio", "x",
              turnFigures.get(largest)[0] / turnFigures.get(smallest)[0]);
          results.add(SCENARIO, pair, "application CPU per job, ratio", "x",
              turnFigures.get(largest)[1] / turnFigures.get(smallest)[1]);
        }
      }
    }
  }

  /** Runs of {@code competitors} that do the work of one run of {@code largest}: 5 of 100 for one of 500. */
  static int runsPerSample(int competitors, int largest) {
    return Math.max(1, Math.round((float) largest / competitors));
  }

  /** Measures one sample; returns its jobs per second and application CPU per job (ms). */
  private static double[] sample(BenchmarkRig rig, int competitors, int runs, String label, Results results) {
    String name = competitors + " competitors";
    double fixedWork = fixedWorkMillis();
    List<JobTimings.Job> jobs = new ArrayList<>();
    List<Long> pickup = new ArrayList<>();
    double seconds = 0;
    long applicationNanos = 0;
    long standInNanos = 0;
    long jvmNanos = 0;
    long gcPauses = 0;
    long gcCount = 0;
    long jitMillis = 0;
    long otherNanos = 0;
    long stolenNanos = 0;
    long wallNanos = 0;
    for (int r = 0; r < runs; r++) {
      JobTimings.clear();
      System.gc();
      long standInBefore = ApplicationCpu.STAND_IN_MODEL_NANOS.get();
      long readingBefore = EngineLog.READING_CPU_NANOS.get();
      long gcPausesBefore = gcPauseMillis();
      long gcCountBefore = gcCount();
      long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      long[] machineBefore = machineCpuNanos();
      long wallBefore = System.nanoTime();
      ApplicationCpu.Snapshot before = ApplicationCpu.Snapshot.now();
      long run = rig.startRun(competitors, true);
      EngineLog log = rig.awaitEnded(List.of(run), Benchmarks.runTimeout);
      ApplicationCpu.Snapshot after = ApplicationCpu.Snapshot.now();
      long wall = System.nanoTime() - wallBefore;
      long[] machineAfter = machineCpuNanos();
      long runGcPauses = gcPauseMillis() - gcPausesBefore;
      long runJit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore;
      long reading = EngineLog.READING_CPU_NANOS.get() - readingBefore;
      List<JobTimings.Job> runJobs = Benchmarks.jobsOf(run, log);
      double runSeconds = log.instances.get(run).durationMillis() / 1000.0;
      long runApplication = after.applicationNanosSince(before);
      long runStandIn = ApplicationCpu.STAND_IN_MODEL_NANOS.get() - standInBefore;
      rig.forgetEarlierRuns();

      jobs.addAll(runJobs);
      runJobs.stream().filter(job -> log.jobCreatedMillis.containsKey(job.key))
          .forEach(job -> pickup.add(job.startedMillis - log.jobCreatedMillis.get(job.key)));
      seconds += runSeconds;
      applicationNanos += runApplication;
      standInNanos += runStandIn;
      jvmNanos += after.processNanosSince(before) - reading;
      gcPauses += runGcPauses;
      gcCount += gcCount() - gcCountBefore;
      jitMillis += runJit;
      // the machine's busy time over the run, less this JVM's (reading the records included): other processes
      otherNanos += Math.max(0, machineAfter[0] - machineBefore[0] - after.processNanosSince(before));
      stolenNanos += machineAfter[1] - machineBefore[1];
      wallNanos += wall;
      // each run apart, so the spread inside a sample can be seen next to the spread between samples
      results.add(SCENARIO, name, "jobs per second, each run", "1/s", runJobs.size() / runSeconds);
      System.out.printf(Locale.ROOT, "overhead %s run: %d competitors, %d jobs, %.3f s, %.1f jobs/s, application CPU"
          + " %.0f ms (model stand-in %.0f), JIT %d ms, GC pauses %d ms%n", label, competitors, runJobs.size(),
          runSeconds, runJobs.size() / runSeconds, runApplication / 1e6, runStandIn / 1e6, runJit, runGcPauses);
    }
    double jobCount = Math.max(1, jobs.size());
    results.add(SCENARIO, name, "runs per sample", "count", runs);
    results.add(SCENARIO, name, "jobs", "count", jobs.size() / (double) runs);
    results.add(SCENARIO, name, "run length", "s", seconds / runs);
    results.add(SCENARIO, name, "jobs per second", "1/s", jobs.size() / seconds);
    results.add(SCENARIO, name, "job created to worker p50", "ms", Results.percentile(pickup, 50));
    results.add(SCENARIO, name, "job created to worker p95", "ms", Results.percentile(pickup, 95));
    Benchmarks.addHandOff(SCENARIO, name, jobs, results);
    results.add(SCENARIO, name, "application CPU per job", "ms", applicationNanos / 1e6 / jobCount);
    results.add(SCENARIO, name, "app CPU per job, model stand-in out", "ms",
        (applicationNanos - standInNanos) / 1e6 / jobCount);
    results.add(SCENARIO, name, "application CPU per run", "ms", applicationNanos / 1e6 / runs);
    results.add(SCENARIO, name, "application CPU per competitor", "ms",
        applicationNanos / 1e6 / ((double) runs * competitors));
    results.add(SCENARIO, name, "JVM CPU per job (engine too)", "ms", jvmNanos / 1e6 / jobCount);
    results.add(SCENARIO, name, "GC pauses per job", "ms", gcPauses / jobCount);
    results.add(SCENARIO, name, "GC pauses per run", "ms", gcPauses / (double) runs);
    results.add(SCENARIO, name, "GC pauses per sample", "count", gcCount);
    results.add(SCENARIO, name, "JIT compiling per run", "ms", jitMillis / (double) runs);
    results.add(SCENARIO, name, "other processes' CPU", "% core", 100.0 * otherNanos / Math.max(1, wallNanos));
    results.add(SCENARIO, name, "CPU stolen by the host", "% core", 100.0 * stolenNanos / Math.max(1, wallNanos));
    results.add(SCENARIO, name, "fixed work's CPU, machine check", "ms", fixedWork);
    double heap = Benchmarks.heapAfterGc();
    results.add(SCENARIO, name, "heap used after run and GC", "MiB", heap);
    System.out.printf(Locale.ROOT, "overhead %s sample: %d x %d competitors, %d jobs, %.3f s, %.1f jobs/s, application"
        + " CPU %.3f ms per job, JIT %d ms, GC %d pauses %d ms, other processes %.0f %% of a core, stolen %.0f %%,"
        + " fixed work %.1f ms, heap %.0f MiB, runs in the artefact store %d%n",
        label, runs, competitors, jobs.size(), seconds, jobs.size() / seconds, applicationNanos / 1e6 / jobCount,
        jitMillis, gcCount, gcPauses, 100.0 * otherNanos / Math.max(1, wallNanos),
        100.0 * stolenNanos / Math.max(1, wallNanos), fixedWork, heap,
        BenchmarkFakes.ARTEFACTS.runIds().size());
    return new double[] {jobs.size() / seconds, applicationNanos / 1e6 / jobCount};
  }

  /** Keeps the fixed work's result alive, so the JIT cannot drop the work. */
  private static volatile long fixedWorkSink;

  /**
   * The CPU time this thread takes for the same piece of work every time (sorting the same million numbers four
   * times; the median of three tries), between runs, with the engine and handlers idle: if the figures of a sample
   * move with it, the machine itself was slower (a virtual machine's cores are shared with its host's other guests,
   * which /proc/stat's steal time does not fully show), not the application.
   */
  static double fixedWorkMillis() {
    var threads = ManagementFactory.getThreadMXBean();
    int[] values = new java.util.SplittableRandom(14).ints(1 << 20).toArray();
    double[] tries = new double[3];
    for (int t = 0; t < tries.length; t++) {
      long before = threads.getCurrentThreadCpuTime();
      long checksum = 0;
      for (int round = 0; round < 4; round++) {
        int[] copy = values.clone();
        java.util.Arrays.sort(copy);
        checksum += copy[round * 1000];
      }
      fixedWorkSink += checksum;
      tries[t] = (threads.getCurrentThreadCpuTime() - before) / 1e6;
    }
    java.util.Arrays.sort(tries);
    return tries[1];
  }

  /**
   * Milliseconds the garbage collectors have stopped the application for, so far: G1's young, mixed and full
   * collections, and its concurrent cycles' remark and cleanup pauses (the "G1 Concurrent GC" bean counts those).
   */
  static long gcPauseMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static final Path PROC_STAT = Path.of("/proc/stat");
  /** Linux counts /proc/stat in USER_HZ ticks, 100 a second on every architecture it runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /**
   * The whole machine's CPU time so far, from Linux's /proc/stat (zeros elsewhere): busy (every core's user, nice,
   * system, irq and softirq time) and stolen (the host ran something else on this virtual machine's cores). Busy less
   * this JVM's shows whether anything else ran during a measurement.
   */
  static long[] machineCpuNanos() {
    try {
      String[] fields = Files.readAllLines(PROC_STAT).getFirst().trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        busy += Long.parseLong(fields[i]);
      }
      return new long[] {busy * NANOS_PER_TICK, Long.parseLong(fields[8]) * NANOS_PER_TICK};
    } catch (IOException | RuntimeException e) {
      return new long[2];
    }
  }
}
