package io.rivalwatch.benchmark;

import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.rivalwatch.RivalwatchApplication;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.workflow.JobBasedUserTasks;
import io.rivalwatch.workflow.ProcessIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fresh embedded engine and the application on it, with the fake outside world and a reviewer that approves
 * every report at once. One rig per scenario, so records and stores do not carry over.
 */
final class BenchmarkRig implements AutoCloseable {

  private static final AtomicLong RUNS = new AtomicLong();
  /** A saturated engine answers commands late; the benchmark measures that rather than giving up after 10 s. */
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
  /** The jobs that end a run: Task_RecordDelivered (or Task_RecordRejected), Task_NotifyOperators. */
  private static final java.util.Set<String> LAST_JOB_TYPES =
      java.util.Set.of(JobTypes.RECORD_RUN_OUTCOME, JobTypes.NOTIFY_OPERATORS);

  private final ConfigurableApplicationContext context;
  private final CamundaClient client;
  private final JobWorker reviewer;
  private final Path directory;

  private BenchmarkRig(ConfigurableApplicationContext context, Path directory) {
    this.context = context;
    this.directory = directory;
    this.client = context.getBean(CamundaClient.class);
    // a reviewer in Tasklist reads the task's variables while deciding, which no run's length counts; completing it
    // sends the decision only, so the job fetches no more than the run's id
    this.reviewer = client.newWorker().jobType(JobBasedUserTasks.JOB_TYPE)
        .handler((jobClient, job) -> jobClient.newCompleteCommand(job)
            .variables(Map.of("reviewDecision", "approve", "reviewComments", "")).requestTimeout(COMMAND_TIMEOUT)
            .send().join())
        .fetchVariables(io.rivalwatch.workflow.ProcessVariables.RUN_ID)
        .streamEnabled(true).open();
  }

  /** How job handlers run: "virtual" (the application's default) or "pool" (the client's execution threads). */
  static volatile String handlerThreads = "virtual";
  /** Jobs each worker holds at once, or null for the application's setting. */
  static volatile Integer maxJobsActive;
  /**
   * The application's cap per source API ({@code rivalwatch.concurrency.source-in-flight}), or null for its setting:
   * the matched mode sets it to the world's limit shared by the four source kinds, as a deployment sets its limits to
   * the outside's, so the application's limit is the one that binds and decides the order.
   */
  static volatile Integer sourceInFlight;
  /**
   * Whether the engine forgets each run's records once they are read (the default); {@code --keep-records} keeps
   * them all, as before ADR 0035, to compare.
   */
  static volatile boolean releaseRecords = true;

  static BenchmarkRig start() {
    EmbeddedEngine.restart();
    JobTimings.clear();
    BenchmarkFakes.ARTEFACTS.clear();
    Path directory = temporaryDirectory();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("camunda.client.grpc-address", EmbeddedEngine.grpcAddress());
    properties.put("camunda.client.prefer-rest-over-grpc", false);
    properties.put("rivalwatch.deployment.job-based-user-tasks", true);
    properties.put("rivalwatch.data-directory", directory.toString());
    properties.put("rivalwatch.artefacts.store", "benchmark");
    properties.put("rivalwatch.memory.store", "benchmark");
    properties.put("rivalwatch.analysis.provider", "benchmark");
    // the generated watch lists (run-<competitors>.yaml) are written into the rig's directory
    properties.put("rivalwatch.planning.watch-lists", directory.toUri().toString());
    // the benchmark goes to 500 competitors per run and measures without a budget
    properties.put("rivalwatch.limits.competitors-per-run", 100_000);
    properties.put("rivalwatch.planning.max-watch-list-size", "64MB");
    properties.put("rivalwatch.limits.run-budget-usd", "");
    properties.put("rivalwatch.concurrency.handler-threads", handlerThreads);
    if (maxJobsActive != null) {
      properties.put("camunda.client.worker.defaults.max-jobs-active", maxJobsActive);
    }
    if (sourceInFlight != null) {
      properties.put("rivalwatch.concurrency.source-in-flight", sourceInFlight);
    }
    properties.put("server.port", 0);
    properties.put("logging.level.root", "WARN");
    SpringApplication application = new SpringApplication(RivalwatchApplication.class, BenchmarkFakes.class);
    application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
    // as command-line arguments: above application.yaml, and read before logging starts
    String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    return new BenchmarkRig(application.run(arguments), directory);
  }

  /** What can wait at once in this application: handler threads (in pool mode) and the cap per source API. */
  LowerBound.Parallelism parallelism() {
    var environment = context.getEnvironment();
    int threads = "pool".equals(environment.getProperty("rivalwatch.concurrency.handler-threads"))
        ? environment.getProperty("camunda.client.execution-threads", Integer.class, 1) : Integer.MAX_VALUE;
    return new LowerBound.Parallelism(threads, context.getBean(io.rivalwatch.resilience.ConcurrencyProperties.class)
        .sourceInFlight(), OutsideWorld.limits());
  }

  /**
   * Starts a run over {@code competitors} generated competitors; returns its process instance key. A full refresh
   * analyses everything, as a first night would; an incremental run reuses what an earlier run analysed.
   */
  long startRun(int competitors, boolean fullRefresh) {
    Path configuration = RunConfigurations.write(directory, competitors);
    String watchList = configuration.getFileName().toString().replaceFirst("\\.yaml$", "");
    String runId = "bench-" + RUNS.incrementAndGet();
    startedRunIds.add(runId);
    return client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
        .variables(Map.of("runId", runId,
            "watchList", watchList, "refresh", fullRefresh ? "full" : "incremental"))
        .requestTimeout(COMMAND_TIMEOUT)
        .send().join().getProcessInstanceKey();
  }

  /**
   * Waits until every run has ended and returns the engine's log. Reading the engine's records costs time that
   * grows with them, so while runs are busy this waits for each run's last job to start (seen by the workers: the
   * outcome on the delivered path, the operators' notice on the failure path), and reads the records only then.
   *
   * @throws IllegalStateException when a run is still open after the timeout, or ended without delivering
   */
  EngineLog awaitEnded(Collection<Long> runs, Duration timeout) {
    var records = new io.rivalwatch.testsupport.EngineRecords(EmbeddedEngine::get);
    try {
      org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() ->
          JobTimings.jobs().stream().filter(job -> LAST_JOB_TYPES.contains(job.type))
              .map(job -> job.processInstanceKey).collect(java.util.stream.Collectors.toSet()).containsAll(runs));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new IllegalStateException("runs did not end within " + timeout + "; the engine's records by kind: "
          + recordMix() + "; the first run: " + records.describe(runs.iterator().next()), e);
    }
    EngineLog[] last = new EngineLog[1];
    org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
      last[0] = EngineLog.read(EmbeddedEngine.get());
      return runs.stream().allMatch(run -> last[0].instances.containsKey(run) && last[0].instances.get(run).ended());
    });
    for (long run : runs) {
      if (!"EndEvent_ReportDelivered".equals(last[0].endEvents.get(run))) {
        throw new IllegalStateException("run " + run + " ended without delivering: " + records.describe(run)
            + "; variables " + records.rootVariables(run));
      }
    }
    // the benchmark has what it needs of these records: the engine may forget them, as a broker compacts what its
    // exporters have acknowledged, so neither its memory nor the next read grows with every run before (ADR 0035)
    if (releaseRecords) {
      EmbeddedEngine.releaseRecordsUpTo(last[0].lastPosition);
    }
    return last[0];
  }

  /** Run ids the benchmark started, oldest first. */
  private final java.util.List<String> startedRunIds = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * The fake artefact store forgets the artefacts of every run this rig started but the last (a run's own
   * {@code <runId>/...} keys; the watch lists' history areas, which the next run reads, stay). A real store keeps them
   * outside the JVM; kept in the benchmark's heap they grew it by about 100 MiB per run of 500 competitors, and the
   * collector's work and the heap's resizing with it. Only when no run is under way: the last run's are what the next
   * run's baseline may read. The model's stand-in starts the next run as a night does ({@code Model.startNight}).
   */
  void forgetEarlierRuns() {
    if (startedRunIds.size() > 1) {
      BenchmarkFakes.ARTEFACTS.forget(startedRunIds.subList(0, startedRunIds.size() - 1));
    }
    BenchmarkFakes.MODEL.startNight();
  }

  @Override
  public void close() {
    reviewer.close();
    context.close();
    EmbeddedEngine.stop();
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("rivalwatch-benchmark-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many records of each value type and intent the engine wrote: what a saturated engine was busy with. */
  static java.util.Map<String, Long> recordMix() {
    java.util.Map<String, Long> mix = new java.util.TreeMap<>();
    for (var r : io.rivalwatch.testsupport.EngineRecords.snapshot(EmbeddedEngine.get()).getRecords()) {
      mix.merge(r.getValueType() + " " + r.getIntent() + (r.getRecordType()
          == io.camunda.zeebe.protocol.record.RecordType.EVENT ? "" : " " + r.getRecordType()), 1L, Long::sum);
    }
    return mix;
  }
}
