package io.rivalwatch.chaos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.camunda.client.CamundaClient;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.EngineRecords;
import io.rivalwatch.testsupport.EngineRecords.JobEvent;
import io.rivalwatch.testsupport.LocalEnvironment;
import io.rivalwatch.testsupport.WorkerProcess;
import io.rivalwatch.workflow.JobBasedUserTasks;
import io.rivalwatch.workflow.ProcessIds;
import jakarta.mail.MessagingException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker JVM killed (SIGKILL) in the middle of a job while the engine lives on. The engine is the only memory of
 * where the run stood: the job the dead worker held comes back after its timeout, a fresh worker JVM finishes the
 * run, and nothing the dead worker finished is done again.
 */
class WorkerKilledMidJobChaosTest {

  /** Short enough that the test does not wait long for the engine to take the job back. */
  private static final String HELD_JOB_TIMEOUT = "PT5S";
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String RUN_ID = "killed-worker-run";

  private final EngineRecords records = new EngineRecords(EmbeddedEngine::get);
  private LocalEnvironment environment;
  private CamundaClient client;
  private Path data;
  private StubMapping hangingPricingPage;

  @BeforeEach
  void freshEngineAndAHangingPage() throws Exception {
    EmbeddedEngine.restart();
    environment = LocalEnvironment.shared();
    // the request journal counts this test's fetches only
    environment.site().reset();
    data = Files.createTempDirectory("rivalwatch-killed-worker-");
    client = CamundaClient.newClientBuilder().grpcAddress(URI.create(EmbeddedEngine.grpcAddress()))
        .preferRestOverGrpc(false).build();
    // the pricing page answers only after the test is over: whoever fetches it is held in the middle of its job
    hangingPricingPage = environment.site().wireMock().stubFor(get(urlPathEqualTo("/acme/pricing.html"))
        .atPriority(1).willReturn(aResponse().withStatus(200).withFixedDelay(600_000)));
  }

  @AfterEach
  void cleanUp() {
    environment.site().reset();
    client.close();
  }

  @Test
  void aFreshWorkerResumesTheHeldJobAfterItsTimeout_andNothingFinishedIsDoneAgain() {
    long run;
    long killedAt;
    try (WorkerProcess first = WorkerProcess.start("worker-a", workerProperties("worker-a", true))) {
      run = await().atMost(WAIT).ignoreExceptions().until(this::startRun, key -> key > 0);
      // worker-a finished the other sources and is inside the website job, waiting for the pricing page
      awaitRun(run, () -> records.jobEvents(run).stream()
          .filter(e -> e.intent().equals("COMPLETED") && e.elementId().startsWith("Task_Gather")).count() == 3);
      await().atMost(WAIT).until(() -> !environment.site().wireMock()
          .findAll(getRequestedFor(urlEqualTo("/acme/pricing.html"))).isEmpty());
      assertThat(first.isAlive()).as("worker-a is running; its output is in " + first.log()).isTrue();
      first.kill();
      killedAt = lastPosition(run);
    }
    environment.site().wireMock().removeStub(hangingPricingPage);

    try (WorkerProcess second = WorkerProcess.start("worker-b", workerProperties("worker-b", false))) {
      approveWhenAsked(run);
      awaitRun(run, () -> records.hasEnded(run));
    }

    assertThat(records.completedElements(run)).as(records.describe(run)).contains("EndEvent_ReportDelivered");
    List<JobEvent> jobs = records.jobEvents(run);
    JobEvent held = jobs.stream()
        .filter(e -> e.elementId().equals("Task_GatherWebsite") && e.intent().equals("TIMED_OUT")).findFirst()
        .orElseThrow(() -> new AssertionError("the website job never timed out: " + jobs));
    assertThat(jobs).filteredOn(e -> e.jobKey() == held.jobKey()).extracting(JobEvent::intent, JobEvent::worker)
        .as("held by worker-a, taken back by the engine, done by worker-b")
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple("TIMED_OUT", "worker-a"),
            org.assertj.core.groups.Tuple.tuple("COMPLETED", "worker-b"));
    Set<Long> finishedByTheDeadWorker = jobs.stream()
        .filter(e -> e.position() <= killedAt && e.intent().equals("COMPLETED")).map(JobEvent::jobKey)
        .collect(Collectors.toSet());
    assertThat(finishedByTheDeadWorker).as("worker-a finished planning and the other sources").hasSizeGreaterThan(3);
    assertThat(jobs).filteredOn(e -> e.position() > killedAt && finishedByTheDeadWorker.contains(e.jobKey()))
        .as("no job worker-a finished was handed out again").isEmpty();
    assertThat(jobs).filteredOn(e -> e.intent().equals("COMPLETED")).extracting(JobEvent::jobKey)
        .as("every job completed once").doesNotHaveDuplicates();

    // the sources worker-a had read were not read again; only the held job's pages were
    assertThat(environment.site().wireMock().findAll(getRequestedFor(urlEqualTo("/acme/news.rss")))).hasSize(1);
    assertThat(environment.site().wireMock().findAll(getRequestedFor(urlEqualTo("/acme/pricing.html")))).hasSize(2);
    // and the deliveries happened once
    assertThat(mailsAbout(RUN_ID)).hasSize(1);
    assertThat(environment.site().wireMock().findAll(postRequestedFor(urlEqualTo("/slack/webhook"))))
        .filteredOn(r -> r.getBodyAsString().contains(RUN_ID)).hasSize(1);
  }

  private Map<String, Object> workerProperties(String name, boolean holdsWebsiteJobsBriefly) {
    Map<String, Object> properties = new HashMap<>(environment.properties(data));
    properties.put("server.port", 0);
    properties.put("camunda.client.worker.defaults.name", name);
    if (holdsWebsiteJobsBriefly) {
      properties.put("camunda.client.worker.override[rivalwatch-gather-website].timeout", HELD_JOB_TIMEOUT);
    }
    return properties;
  }

  /** Starts the run once the worker has deployed the process; 0 while it has not. */
  private long startRun() {
    return client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
        .variables(Map.of("runId", RUN_ID, "watchList", "acme-only", "startedBy", "chaos-test-operator"))
        .send().join().getProcessInstanceKey();
  }

  private long lastPosition(long run) {
    return records.jobEvents(run).stream().mapToLong(JobEvent::position).max().orElse(0);
  }

  /** Plays the reviewer in Tasklist. */
  private void approveWhenAsked(long run) {
    awaitRun(run, () -> {
      var jobs = client.newActivateJobsCommand().jobType(JobBasedUserTasks.JOB_TYPE).maxJobsToActivate(1)
          .timeout(Duration.ofSeconds(30)).send().join().getJobs();
      jobs.forEach(job -> client.newCompleteCommand(job.getKey())
          .variables(Map.of("reviewDecision", "approve", "reviewComments", "", "reviewedBy", "chaos-test-reviewer"))
          .send().join());
      return !jobs.isEmpty() || records.hasEnded(run);
    });
  }

  /** Waits on engine state; on timeout, says where the run stood. */
  private void awaitRun(long run, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(WAIT).until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("run " + run + " is stuck: " + records.describe(run), e);
    }
  }

  private List<String> mailsAbout(String runId) {
    return Arrays.stream(environment.mail().getReceivedMessages()).map(m -> {
      try {
        return m.getSubject();
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).filter(subject -> subject.contains("(" + runId + ")")).toList();
  }
}
