package io.rivalwatch.testsupport;

import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.rivalwatch.planning.RunSettings;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.workflow.JobBasedUserTasks;
import io.rivalwatch.workflow.ProcessIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application (real BPMN, real workers, local adapters) against the embedded engine and the local
 * environment. Tests play the reviewer (Tasklist) by completing the review job, and wait on engine state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// each class closes its context: the next one opens the same data directory (the local memory index takes a lock)
@org.springframework.test.annotation.DirtiesContext(
    classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class ProcessTestBase {

  protected static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
  /** Who starts the tests' runs ({@code startedBy}) and who reviews them ({@code reviewedBy}), in the audit trail. */
  protected static final String TEST_OPERATOR = "test-operator";
  protected static final String TEST_REVIEWER = "test-reviewer";
  private static final Path DATA = temporaryDirectory();
  private static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();

  protected final LocalEnvironment environment = LocalEnvironment.shared();
  protected final EngineRecords records = new EngineRecords(EmbeddedEngine::get);

  @Autowired protected CamundaClient client;
  @Autowired private OutsideServices outsideServices;
  @Autowired private org.springframework.boot.test.web.client.TestRestTemplate anonymousHttp;

  /** HTTP to the application, signed in (HTTP Basic) as a local user of the environment, e.g. LocalEnvironment.OPERATOR. */
  protected org.springframework.boot.test.web.client.TestRestTemplate signedInAs(String user) {
    return anonymousHttp.withBasicAuth(user, LocalEnvironment.password(user));
  }

  /**
   * Properties a test class puts above the local environment's (set it in a static initializer: the class's first
   * test instance takes them for the class's application context, also when a failed test runs once more).
   */
  protected static final Map<String, Object> OVERRIDES = new java.util.concurrent.ConcurrentHashMap<>();
  private static final Map<String, Object> APPLIED = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Each class's overrides, taken from {@link #OVERRIDES} when its first test instance is made (after its static
   * initializer, before its context starts) and kept: surefire runs a failed test once more in the same JVM with a
   * new context, and the class's static initializer does not run again.
   */
  private static final Map<Class<?>, Map<String, Object>> OVERRIDES_BY_CLASS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static volatile Map<String, Object> startingOverrides = Map.of();

  protected ProcessTestBase() {
    startingOverrides = OVERRIDES_BY_CLASS.computeIfAbsent(getClass(), testClass -> {
      Map<String, Object> taken = Map.copyOf(OVERRIDES);
      OVERRIDES.clear();
      return taken;
    });
  }

  @DynamicPropertySource
  static void pointAtLocalEnvironment(DynamicPropertyRegistry registry) {
    // called once per application context: each gets a fresh engine
    EmbeddedEngine.restart();
    APPLIED.clear();
    APPLIED.putAll(startingOverrides);
    Map<String, Object> properties = new java.util.LinkedHashMap<>(LocalEnvironment.shared().properties(DATA));
    // retries in tests wait a fraction of a second: the same code, shorter settings
    // (not much shorter: the embedded engine checks backoffs every 100 ms, and jobs due sooner were seen stuck)
    properties.put("rivalwatch.resilience.backoff.base", "PT0.3S");
    properties.put("rivalwatch.resilience.backoff.cap", "PT2S");
    properties.put("rivalwatch.resilience.breaker.open-duration", "PT1S");
    // a failed trial call costs its job a retry at once, as a service down for good should in a test that lasts
    // seconds; the outage tests set their own patience
    properties.put("rivalwatch.resilience.breaker.outage-patience", "PT0S");
    // the test contexts share one store and stay cached while later classes run: an opening shared through it (one
    // class's outage, on a clock another class moved) would open the next class's breakers. BreakerSharingTest
    // tests the sharing with contexts of its own
    properties.put("rivalwatch.resilience.breaker-sharing.enabled", "false");
    properties.putAll(APPLIED);
    properties.forEach((name, value) -> registry.add(name, () -> value));
  }

  @AfterEach
  void resetFaults() {
    environment.site().reset();
    // the context (and its breakers) serves every test of the class: one test's outage must not refuse the next
    outsideServices.reset();
  }

  protected static Path dataDirectory() {
    return DATA;
  }

  /**
   * Starts a run of the given watch list (a file &lt;name&gt;.yaml in the test watch lists, src/test/resources/runs;
   * see {@link LocalEnvironment#WATCH_LISTS}). Each run gets its own
   * id: the engine is new for every application context and restarts its keys, while the artefact store outlives it.
   *
   * <p>It analyses every competitor afresh (start variable {@code refresh: full}): the scenarios are about what
   * analysing does, and every run of this JVM shares one store, so an incremental run would reuse what an earlier
   * test's run analysed from the same sample pages. The incremental scenarios use {@link #startIncrementalRun}.
   */
  protected long startRun(String watchList) {
    return start(watchList, RunSettings.REFRESH_FULL);
  }

  /** Starts a run as a nightly run starts: no refresh variable, so analyses whose documents did not change are reused. */
  protected long startIncrementalRun(String watchList) {
    return start(watchList, null);
  }

  private long start(String watchList, String refresh) {
    Map<String, Object> variables = new HashMap<>();
    // unique in this JVM (whose stores every context shares) and the same from one execution to the next, so a
    // seeded fault plan, which keys its draws on requests, meets the same faults again
    variables.put("runId", "test-run-" + RUNS.incrementAndGet());
    // who starts it, as the API names the signed-in principal
    variables.put("startedBy", TEST_OPERATOR);
    if (watchList != null) {
      variables.put("watchList", watchList);
    }
    if (refresh != null) {
      variables.put("refresh", refresh);
    }
    return client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
  }

  /** Starts a run, approves its report when the review comes, and waits for it to end. */
  protected long runApproved(String watchList) {
    return approved(startRun(watchList));
  }

  /** {@link #runApproved} for an incremental run. */
  protected long runApprovedIncrementally(String watchList) {
    return approved(startIncrementalRun(watchList));
  }

  private long approved(long run) {
    review(run, "approve", "");
    awaitEnded(run);
    return run;
  }

  /** The run id the run was given (see {@link #startRun}). */
  protected String runId(long processInstanceKey) {
    return records.rootVariables(processInstanceKey).get("runId").replace("\"", "");
  }

  protected void awaitElement(long processInstanceKey, String elementId) {
    awaitRun(processInstanceKey, "complete " + elementId,
        () -> records.completedElements(processInstanceKey).contains(elementId));
  }

  protected void awaitEnded(long processInstanceKey) {
    awaitRun(processInstanceKey, "end", () -> records.hasEnded(processInstanceKey));
  }

  /** Waits on engine state; on timeout, says where the run stood (what is active, its jobs and incidents). */
  private void awaitRun(long processInstanceKey, String what, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(RUN_TIMEOUT).until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("run " + processInstanceKey + " did not " + what + " within " + RUN_TIMEOUT
          + "; " + records.describe(processInstanceKey) + workersBusy(), e);
    }
  }

  /** Where the product's code is at this moment in any thread: tells a hung worker from a job the engine lost. */
  private static String workersBusy() {
    StringBuilder busy = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      var ours = java.util.Arrays.stream(stack)
          .filter(f -> f.getClassName().startsWith("io.rivalwatch.") && !f.getClassName().contains(".testsupport."))
          .findFirst();
      if (ours.isPresent()) {
        busy.append("\n  ").append(thread.getName()).append(' ').append(thread.getState()).append(" in ")
            .append(ours.get()).append(", at ").append(stack.length == 0 ? "?" : stack[0]);
      }
    });
    return busy.isEmpty() ? "; no worker thread is in the product's code" : "; worker threads in the product's code:"
        + busy;
  }

  /** Acts as the reviewer in Tasklist: waits for the review of this run and completes it as {@link #TEST_REVIEWER}. */
  protected void review(long processInstanceKey, String decision, String comments) {
    review(processInstanceKey, decision, comments, TEST_REVIEWER);
  }

  /** {@link #review(long, String, String)} by the named reviewer (the completer's {@code reviewedBy}). */
  protected void review(long processInstanceKey, String decision, String comments, String reviewer) {
    awaitRun(processInstanceKey, "reach the review", () -> {
      var jobs = client.newActivateJobsCommand().jobType(JobBasedUserTasks.JOB_TYPE).maxJobsToActivate(10)
          .timeout(Duration.ofSeconds(2)).send().join().getJobs();
      boolean done = false;
      for (var job : jobs) {
        if (records.instanceTree(processInstanceKey).contains(job.getProcessInstanceKey())) {
          client.newCompleteCommand(job.getKey())
              .variables(Map.of("reviewDecision", decision, "reviewComments", comments, "reviewedBy", reviewer))
              .send().join();
          done = true;
        } else {
          // another test's run: give it back at once
          client.newFailCommand(job.getKey()).retries(job.getRetries()).send().join();
        }
      }
      return done;
    });
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("rivalwatch-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
