package io.rivalwatch.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How fast, how parallel and how cheap a run is: the real BPMN and workers on the embedded engine, the outside world
 * replaced by fakes that answer after configured latencies. Prints a table and writes it to
 * target/benchmarks/results.csv. See BENCHMARKS.md for the command, the method and the figures.
 *
 * <p>Arguments: {@code --quick} (small sizes, one repetition, latencies at 5 %: checks the harness in a minute),
 * {@code --repeats=N}, {@code --scenarios=matched,makespan,overhead,concurrency,cost}, {@code --concurrent=1,10,50,100}
 * (runs at once in the concurrency scenario), {@code --competitors=5,20,100}, {@code --overhead-competitors=100,500} (the overhead scenario's
 * own sizes), {@code --handler-threads=virtual|pool}
 * (how the application runs job handlers; its default is virtual), {@code --max-jobs-active=N} (jobs each worker
 * holds; the application's 16 by default), {@code --run-timeout=PT20M}, {@code --keep-records} (the engine keeps
 * every run's records instead of forgetting them once read: the measurement before ADR 0035).
 */
public final class Benchmarks {

  /** Runs that analyse everything, so repetitions measure the same work. */
  private static final boolean FULL = true;

  static Duration runTimeout = Duration.ofMinutes(20);
  /** Competitors per run in the overhead scenario, when not those of the other scenarios. */
  static List<Integer> overheadCompetitors;

  /** What to run. */
  record Plan(List<Integer> competitorCounts, List<Integer> concurrentRuns, int competitorsPerConcurrentRun,
      int repeats, Latencies latencies, List<String> scenarios) {

    static Plan full() {
      return new Plan(List.of(5, 20, 100), List.of(1, 10, 50, 100), 10, 3, Latencies.REALISTIC,
          List.of("matched", "makespan", "overhead", "concurrency", "cost"));
    }

    static Plan quick() {
      return new Plan(List.of(2, 5), List.of(1, 4), 2, 1, Latencies.REALISTIC.scaled(0.05),
          List.of("matched", "makespan", "overhead", "concurrency", "cost"));
    }
  }

  private Benchmarks() {}

  public static void main(String[] args) {
    List<String> arguments = Arrays.asList(args);
    Plan plan = arguments.contains("--quick") ? Plan.quick() : Plan.full();
    for (String argument : arguments) {
      if (argument.startsWith("--repeats=")) {
        plan = new Plan(plan.competitorCounts(), plan.concurrentRuns(), plan.competitorsPerConcurrentRun(),
            Integer.parseInt(argument.substring("--repeats=".length())), plan.latencies(), plan.scenarios());
      } else if (argument.startsWith("--concurrent=")) {
        plan = new Plan(plan.competitorCounts(), java.util.Arrays.stream(argument.substring("--concurrent=".length())
            .split(",")).map(Integer::valueOf).toList(), plan.competitorsPerConcurrentRun(), plan.repeats(),
            plan.latencies(), plan.scenarios());
      } else if (argument.startsWith("--competitors=")) {
        plan = new Plan(Arrays.stream(argument.substring("--competitors=".length()).split(","))
            .map(Integer::valueOf).toList(), plan.concurrentRuns(), plan.competitorsPerConcurrentRun(), plan.repeats(),
            plan.latencies(), plan.scenarios());
      } else if (argument.startsWith("--overhead-competitors=")) {
        overheadCompetitors = Arrays.stream(argument.substring("--overhead-competitors=".length()).split(","))
            .map(Integer::valueOf).toList();
      } else if (argument.startsWith("--max-jobs-active=")) {
        BenchmarkRig.maxJobsActive = Integer.valueOf(argument.substring("--max-jobs-active=".length()));
      } else if (argument.startsWith("--handler-threads=")) {
        BenchmarkRig.handlerThreads = argument.substring("--handler-threads=".length());
      } else if (argument.equals("--keep-records")) {
        BenchmarkRig.releaseRecords = false;
      } else if (argument.equals("--tail-steps")) {
        tailSteps = true;
      } else if (argument.startsWith("--run-timeout=")) {
        runTimeout = Duration.parse(argument.substring("--run-timeout=".length()));
      } else if (argument.startsWith("--scenarios=")) {
        plan = new Plan(plan.competitorCounts(), plan.concurrentRuns(), plan.competitorsPerConcurrentRun(),
            plan.repeats(), plan.latencies(), List.of(argument.substring("--scenarios=".length()).split(",")));
      }
    }
    System.out.println("rivalwatch benchmarks on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + Runtime.version() + ", heap max " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, JVM arguments "
        // no -XX:TieredStopAtLevel=1 here: the normal JIT, as in production (docs/local-run.md)
        + ManagementFactory.getRuntimeMXBean().getInputArguments() + ", job handlers " + BenchmarkRig.handlerThreads
        + (BenchmarkRig.maxJobsActive == null ? "" : ", max-jobs-active " + BenchmarkRig.maxJobsActive)
        + (BenchmarkRig.releaseRecords ? "" : ", every record kept") + "; " + plan);
    Results results;
    try {
      results = run(plan);
    } catch (RuntimeException e) {
      // the engine's and the client's threads would keep the JVM alive
      e.printStackTrace();
      System.exit(1);
      return;
    }
    System.out.println();
    System.out.println(results.table());
    Path csv = Path.of("target", "benchmarks", "results.csv");
    results.writeCsv(csv);
    System.out.println("Written to " + csv.toAbsolutePath());
    System.exit(0);
  }

  static Results run(Plan plan) {
    Results results = new Results();
    for (String scenario : plan.scenarios()) {
      switch (scenario) {
        case "matched" -> plan.competitorCounts().forEach(competitors -> matched(plan, competitors, results));
        case "makespan" -> plan.competitorCounts().forEach(competitors -> makespan(plan, competitors, results));
        case "overhead" -> OverheadScenario.run(plan.repeats(),
            overheadCompetitors == null ? plan.competitorCounts() : overheadCompetitors, results);
        case "concurrency" -> concurrency(plan, results);
        case "cost" -> cost(plan, results);
        default -> throw new IllegalArgumentException("unknown scenario '" + scenario
            + "'. Fix: use matched, makespan, overhead, concurrency or cost");
      }
      // what is measured so far survives a later scenario's failure
      System.out.println(results.table());
    }
    return results;
  }

  /** One run at a time with the latencies: its length next to the bound, its variables, the heap it leaves. */
  private static void makespan(Plan plan, int competitors, Results results) {
    OutsideWorld.use(plan.latencies());
    try (BenchmarkRig rig = BenchmarkRig.start()) {
      String name = competitors + " competitors";
      for (int i = 0; i < plan.repeats(); i++) {
        long run = rig.startRun(competitors, FULL);
        EngineLog log = rig.awaitEnded(List.of(run), runTimeout);
        var jobs = jobsOf(run, log);
        double makespan = log.instances.get(run).durationMillis() / 1000.0;
        double bound = LowerBound.of(run, log, jobs, rig.parallelism()).toMillis() / 1000.0;
        results.add("makespan", name, "run length", "s", makespan);
        results.add("makespan", name, "lower bound", "s", bound);
        results.add("makespan", name, "ratio to bound", "x", makespan / bound);
        addPickup("makespan", name, jobs, log, results);
        results.add("size", name, "variables of the run", "bytes", log.variableBytes(run));
        results.add("size", name, "variables of a competitor", "bytes", log.instances.values().stream()
            .filter(instance -> instance.parentKey() == run)
            .mapToInt(instance -> log.variableBytes(instance.key())).max().orElse(0));
        results.add("size", name, "heap used after run and GC", "MiB", heapAfterGc());
      }
    }
  }

  /**
   * The issue 14 comparison: the same latencies and outside limits as the reference measurement (a source 200 ms
   * with at most 16 in flight, an analysis 1 s and a summary 3 s with at most 8 model calls in flight, deliveries
   * 200 ms), the run's length next to {@link LowerBound#matched B(n)}, and job pick-up times.
   */
  private static void matched(Plan plan, int competitors, Results results) {
    Latencies latencies = plan.latencies() == Latencies.REALISTIC ? Latencies.MATCHED
        : Latencies.MATCHED.scaled(0.05);
    OutsideWorld.use(latencies, OutsideWorld.MATCHED_LIMITS);
    System.out.println("matched mode: " + LowerBound.matchedFormula(OutsideWorld.MATCHED_LIMITS, latencies));
    // the application's limit per source API set to the world's, shared by the four kinds (each competitor has one
    // source of each): the world then never queues a call, and the application decides which goes first
    BenchmarkRig.sourceInFlight = OutsideWorld.MATCHED_LIMITS.sourcesInFlight() / SOURCE_KINDS;
    try (BenchmarkRig rig = BenchmarkRig.start()) {
      // warm-up: the product is a long-running worker whose code the JIT has compiled by the night's run, so the
      // measured runs should be too; a fresh JVM's first small run is mostly interpreted code and compiling (two runs
      // of 100 competitors with no latency, as the overhead scenario does, for the real sizes), then one run as measured
      if (latencies == Latencies.MATCHED) {
        OutsideWorld.use(Latencies.ZERO, OutsideWorld.MATCHED_LIMITS);
        for (int w = 0; w < 2; w++) {
          rig.awaitEnded(List.of(rig.startRun(100, FULL)), runTimeout);
        }
        OutsideWorld.use(latencies, OutsideWorld.MATCHED_LIMITS);
      }
      rig.awaitEnded(List.of(rig.startRun(competitors, FULL)), runTimeout);
      String name = competitors + " competitors";
      double bound = LowerBound.matched(competitors, latencies, OutsideWorld.MATCHED_LIMITS).toMillis() / 1000.0;
      for (int i = 0; i < plan.repeats(); i++) {
        JobTimings.clear();
        long run = rig.startRun(competitors, FULL);
        EngineLog log = rig.awaitEnded(List.of(run), runTimeout);
        var jobs = jobsOf(run, log);
        double makespan = log.instances.get(run).durationMillis() / 1000.0;
        results.add("matched", name, "run length", "s", makespan);
        results.add("matched", name, "B(n)", "s", bound);
        results.add("matched", name, "ratio to B(n)", "x", makespan / bound);
        addPickup("matched", name, jobs, log, results);
        results.add("matched", name, "first analysis started", "s", head(run, log, jobs, i == plan.repeats() - 1));
        results.add("matched", name, "tail after last analysis", "s", tail(run, log, jobs, i == plan.repeats() - 1));
      }
    } finally {
      BenchmarkRig.sourceInFlight = null;
      OutsideWorld.use(Latencies.ZERO);
    }
  }

  /** Source kinds each generated competitor has (website, news, social, market). */
  private static final int SOURCE_KINDS = 4;

  /**
   * From the run's start to its first analysis's handler starting (B(n) has one source's latency here). With
   * {@code print}, the jobs of that competitor up to then (ms after the run started).
   */
  private static double head(long run, EngineLog log, List<JobTimings.Job> jobs, boolean print) {
    long start = log.instances.get(run).startedMillis();
    JobTimings.Job first = jobs.stream().filter(job -> job.type.startsWith("rivalwatch-analyse-"))
        .min(java.util.Comparator.comparingLong(job -> job.startedMillis)).orElseThrow();
    if (print) {
      // handler done: the worker's result handed to the client's complete command; from there to completed is the
      // engine's part (gRPC, its queue of commands, the step itself)
      StringBuilder out = new StringBuilder(
          "head to the first analysis (ms: created / handler started / handler done / completed):");
      jobs.stream().filter(job -> job.processInstanceKey == run || job.processInstanceKey == first.processInstanceKey)
          .filter(job -> job.startedMillis <= first.startedMillis)
          .sorted(java.util.Comparator.comparingLong(job -> job.startedMillis))
          .forEach(job -> out.append("\n  ").append(job.elementId).append(' ')
              .append(log.jobCreatedMillis.getOrDefault(job.key, 0L) - start).append(" / ")
              .append(job.startedMillis - start).append(" / ")
              .append(job.resultMillis < 0 ? "-" : String.valueOf(job.resultMillis - start)).append(" / ")
              .append(log.jobCompletedMillis.getOrDefault(job.key, 0L) - start));
      System.out.println(out);
    }
    return (first.startedMillis - start) / 1000.0;
  }

  /**
   * From the last analysis's completion to the run's end: the summary's call, the deliveries' and every engine hop
   * between. With {@code print}, each job of that tail (created, handler started, completed; ms after the last
   * analysis) so what is left on the critical path can be read off.
   */
  private static double tail(long run, EngineLog log, List<JobTimings.Job> jobs, boolean print) {
    long lastAnalysis = jobs.stream().filter(job -> job.type.startsWith("rivalwatch-analyse-"))
        .mapToLong(job -> log.jobCompletedMillis.getOrDefault(job.key, 0L)).max().orElse(0);
    long end = log.instances.get(run).endedMillis();
    if (print) {
      // reached the client: the streamed job's message read by the client (from created to here: the engine's push
      // and gRPC); handler done: its result handed to the complete command (from there: gRPC and the engine)
      StringBuilder out = new StringBuilder("tail after the last analysis (ms: created / reached the client / "
          + "handler started / handler done / completed):");
      jobs.stream().filter(job -> log.jobCompletedMillis.getOrDefault(job.key, 0L) >= lastAnalysis)
          .sorted(java.util.Comparator.comparingLong(job -> log.jobCreatedMillis.getOrDefault(job.key, 0L)))
          .forEach(job -> out.append("\n  ").append(job.elementId).append(' ')
              .append(log.jobCreatedMillis.getOrDefault(job.key, 0L) - lastAnalysis).append(" / ")
              .append(JobTimings.arrivedMillis(job.key) < 0 ? "-"
                  : String.valueOf(JobTimings.arrivedMillis(job.key) - lastAnalysis)).append(" / ")
              .append(job.startedMillis - lastAnalysis).append(" / ")
              .append(job.resultMillis < 0 ? "-" : String.valueOf(job.resultMillis - lastAnalysis)).append(" / ")
              .append(log.jobCompletedMillis.getOrDefault(job.key, 0L) - lastAnalysis));
      System.out.println(out.append("\n  run ended ").append(end - lastAnalysis));
      if (tailSteps) {
        printEngineSteps(run, lastAnalysis);
      }
    }
    return (end - lastAnalysis) / 1000.0;
  }

  /** {@code --tail-steps}: with the tail's jobs, every engine record of the run after the report was written. */
  static boolean tailSteps;

  /**
   * The engine's records of the run (its own elements and jobs, the review's included) from the quality check on,
   * in log order with ms after the last analysis: which step of the tail waits for what.
   */
  private static void printEngineSteps(long run, long lastAnalysis) {
    StringBuilder out = new StringBuilder("engine records of the run after the report (ms after the last analysis):");
    boolean started = false;
    for (var r : io.rivalwatch.testsupport.EngineRecords.snapshot(io.rivalwatch.testsupport.EmbeddedEngine.get())
        .getRecords()) {
      if (r.getTimestamp() < lastAnalysis) {
        continue;
      }
      String element;
      if (r.getValue() instanceof io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue v
          && v.getProcessInstanceKey() == run) {
        element = v.getElementId();
      } else if (r.getValue() instanceof io.camunda.zeebe.protocol.record.value.JobRecordValue v
          && v.getProcessInstanceKey() == run) {
        element = v.getElementId() + " job " + v.getType() + (JobTimings.arrivedMillis(r.getKey()) < 0
            || r.getIntent() != io.camunda.zeebe.protocol.record.intent.JobIntent.CREATED ? ""
            : " (reached the client at " + (JobTimings.arrivedMillis(r.getKey()) - lastAnalysis) + ")");
      } else if (r.getValue() instanceof io.camunda.zeebe.protocol.record.value.JobBatchRecordValue v
          && v.getJobs().stream().anyMatch(job -> job.getProcessInstanceKey() == run)) {
        element = "job batch " + v.getType();
      } else {
        continue;
      }
      started |= element.startsWith("Task_CheckQuality");
      if (started) {
        out.append("\n  ").append(r.getTimestamp() - lastAnalysis).append(' ').append(element).append(' ')
            .append(r.getIntent()).append(r.getRecordType() == io.camunda.zeebe.protocol.record.RecordType.EVENT
                ? "" : " " + r.getRecordType());
      }
    }
    System.out.println(out);
  }

  /** Job created (the engine's record) to its handler starting (seen by the worker), over a run's jobs. */
  private static void addPickup(String scenario, String name, List<JobTimings.Job> jobs, EngineLog log,
      Results results) {
    List<Long> pickup = jobs.stream().filter(job -> log.jobCreatedMillis.containsKey(job.key))
        .map(job -> job.startedMillis - log.jobCreatedMillis.get(job.key)).toList();
    results.add(scenario, name, "job created to worker p50", "ms", Results.percentile(pickup, 50));
    results.add(scenario, name, "job created to worker p95", "ms", Results.percentile(pickup, 95));
    // by element: whether a pick-up is the engine's (record to client) or the client's, and whether a lone job
    // (planning, the review) waits as long as one of a burst (the gatherings)
    StringBuilder byElement = new StringBuilder("job pick-up by element (" + scenario + ", " + name
        + "; ms created to client p50 / p95, created to handler p50 / p95, jobs):");
    jobs.stream().filter(job -> log.jobCreatedMillis.containsKey(job.key))
        .collect(java.util.stream.Collectors.groupingBy(job -> job.elementId, java.util.TreeMap::new,
            java.util.stream.Collectors.toList()))
        .forEach((element, ofElement) -> {
          List<Long> toClient = ofElement.stream().filter(job -> JobTimings.arrivedMillis(job.key) >= 0)
              .map(job -> JobTimings.arrivedMillis(job.key) - log.jobCreatedMillis.get(job.key)).toList();
          List<Long> toHandler = ofElement.stream()
              .map(job -> job.startedMillis - log.jobCreatedMillis.get(job.key)).toList();
          byElement.append("\n  ").append(element).append(' ')
              .append((long) Results.percentile(toClient, 50)).append(" / ")
              .append((long) Results.percentile(toClient, 95)).append(", ")
              .append((long) Results.percentile(toHandler, 50)).append(" / ")
              .append((long) Results.percentile(toHandler, 95)).append(", ").append(ofElement.size());
        });
    System.out.println(byElement);
    addHandOff(scenario, name, jobs, results);
    results.add(scenario, name, "jobs on virtual threads", "%",
        100.0 * jobs.stream().filter(job -> job.virtualThread).count() / Math.max(1, jobs.size()));
  }

  /**
   * The part of pick-up after the Camunda client handed the job to its executor (the rest is the engine, gRPC and
   * the client reading the job): a thread for the handler and what runs before its parameters ({@link HandOffTiming}).
   */
  static void addHandOff(String scenario, String name, List<JobTimings.Job> jobs, Results results) {
    List<Long> micros = jobs.stream().filter(job -> job.handOffToStartNanos >= 0)
        .map(job -> job.handOffToStartNanos / 1000).toList();
    results.add(scenario, name, "client hand-off to worker p50", "us", Results.percentile(micros, 50));
    results.add(scenario, name, "client hand-off to worker p95", "us", Results.percentile(micros, 95));
  }

  /** Many runs at once, no latency: throughput, and how much longer the slow runs take than a run alone. */
  private static void concurrency(Plan plan, Results results) {
    OutsideWorld.use(Latencies.ZERO);
    for (int i = 0; i < plan.repeats(); i++) {
      for (int concurrent : plan.concurrentRuns()) {
        // a rig (engine, application, fakes) per batch: the embedded engine keeps every record it wrote in memory,
        // about 25 per job, and three repetitions of 1 + 10 + 50 + 100 runs in one engine filled the 4 GB heap (the
        // JVM then spent its time in full GCs: that was the "cliff at 100 runs" first reported here)
        try (BenchmarkRig rig = BenchmarkRig.start()) {
          // a warm-up run: the first run in a JVM, or on a new engine, pays for class loading and connections
          rig.awaitEnded(List.of(rig.startRun(plan.competitorsPerConcurrentRun(), FULL)), runTimeout);
          List<Long> runs = new ArrayList<>();
          for (int r = 0; r < concurrent; r++) {
            runs.add(rig.startRun(plan.competitorsPerConcurrentRun(), FULL));
          }
          EngineLog log = rig.awaitEnded(runs, runTimeout);
          List<Long> lengths = runs.stream().map(run -> log.instances.get(run).durationMillis()).toList();
          long first = runs.stream().mapToLong(run -> log.instances.get(run).startedMillis()).min().orElseThrow();
          long last = runs.stream().mapToLong(run -> log.instances.get(run).endedMillis()).max().orElseThrow();
          double seconds = (last - first) / 1000.0;
          long jobs = runs.stream().mapToLong(run -> jobsOf(run, log).size()).sum();
          String name = concurrent + " x " + plan.competitorsPerConcurrentRun() + " competitors";
          results.add("concurrency", name, "runs per second", "1/s", concurrent / seconds);
          results.add("concurrency", name, "jobs per second", "1/s", jobs / seconds);
          results.add("concurrency", name, "run length p95", "s", Results.percentile(lengths, 95) / 1000.0);
        }
      }
      double alone = results.row("concurrency", "1 x " + plan.competitorsPerConcurrentRun() + " competitors",
          "run length p95").samples().get(i);
      for (int concurrent : plan.concurrentRuns()) {
        String name = concurrent + " x " + plan.competitorsPerConcurrentRun() + " competitors";
        List<Double> p95 = results.row("concurrency", name, "run length p95").samples();
        results.add("concurrency", name, "p95 / run alone", "x", p95.get(i) / alone);
      }
    }
  }

  /** Model calls and what they read, for a first run and a second over unchanged sources. */
  private static void cost(Plan plan, Results results) {
    OutsideWorld.use(Latencies.ZERO);
    int competitors = plan.competitorCounts().get(0);
    try (BenchmarkRig rig = BenchmarkRig.start()) {
      for (String which : List.of("first run", "second run, unchanged")) {
        long calls = OutsideWorld.modelCalls();
        long characters = OutsideWorld.modelInputCharacters();
        // the first run has nothing to reuse; the second reuses what it can, as a second night does
        rig.awaitEnded(List.of(rig.startRun(competitors, false)), runTimeout);
        String name = which + " (" + competitors + ")";
        results.add("cost", name, "model calls", "count", OutsideWorld.modelCalls() - calls);
        // about four characters per token for English text
        results.add("cost", name, "model input tokens (est.)", "tokens",
            Math.round((OutsideWorld.modelInputCharacters() - characters) / 4.0));
      }
    }
  }

  static List<JobTimings.Job> jobsOf(long run, EngineLog log) {
    return JobTimings.jobs().stream().filter(job -> job.processInstanceKey == run
        || (log.instances.containsKey(job.processInstanceKey)
            && log.instances.get(job.processInstanceKey).parentKey() == run)).toList();
  }

  static double heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (double) (1 << 20);
  }
}
