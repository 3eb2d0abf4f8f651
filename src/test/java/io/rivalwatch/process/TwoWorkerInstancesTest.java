package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.camunda.client.CamundaClient;
import io.rivalwatch.testsupport.CloudFakes;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.EngineRecords;
import io.rivalwatch.testsupport.EngineRecords.JobEvent;
import io.rivalwatch.testsupport.LocalEnvironment;
import io.rivalwatch.testsupport.WorkerProcess;
import io.rivalwatch.workflow.JobBasedUserTasks;
import io.rivalwatch.workflow.ProcessIds;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two worker instances (two JVMs, aws profile: S3, AgentCore Memory and Bedrock as fakes) against one engine, set up
 * as one deployment of two ({@code rivalwatch.deployment.instances: 2}, ADR 0021): one run is finished by both, the
 * model's in-flight cap and the politeness towards the sample site hold for the two together, and both instances'
 * progress API gives the same answer.
 */
class TwoWorkerInstancesTest {

  private static final Duration WAIT = Duration.ofSeconds(90);
  /** New for every execution: the S3 fake outlives a test, and progress reads back a day of finished jobs. */
  private final String RUN_ID = "two-instances-" + System.currentTimeMillis();
  /** Calls in flight to the model for the whole deployment: one per instance. */
  private static final int MODEL_IN_FLIGHT = 2;
  /** The deployment's least gap between two requests to one host; each instance keeps twice that. */
  private static final Duration MIN_GAP = Duration.ofMillis(100);
  private static final Duration MODEL_LATENCY = Duration.ofMillis(300);

  private final EngineRecords records = new EngineRecords(EmbeddedEngine::get);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private LocalEnvironment environment;
  private CloudFakes cloud;
  private CamundaClient client;
  private Path data;

  @BeforeEach
  void freshEngine() throws IOException {
    EmbeddedEngine.restart();
    environment = LocalEnvironment.shared();
    environment.site().reset();
    cloud = CloudFakes.shared();
    cloud.bedrock().reset();
    cloud.bedrock().holdEachCall(MODEL_LATENCY);
    data = Files.createTempDirectory("rivalwatch-two-instances-");
    client = CamundaClient.newClientBuilder().grpcAddress(URI.create(EmbeddedEngine.grpcAddress()))
        .preferRestOverGrpc(false).build();
  }

  @AfterEach
  void cleanUp() {
    cloud.bedrock().holdEachCall(null);
    environment.site().reset();
    client.close();
  }

  @Test
  void oneRunIsFinishedByBothInstancesWithinOneSetOfLimits_andBothReportTheSameProgress() throws Exception {
    int portA = freePort();
    int portB = freePort();
    long run;
    try (WorkerProcess a = WorkerProcess.start("instance-a", properties("instance-a", portA), credentials());
        WorkerProcess b = WorkerProcess.start("instance-b", properties("instance-b", portB), credentials())) {
      // both are up (web server and job workers started) before the run, so the engine hands jobs to both
      await().atMost(WAIT).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
        assertThat(a.isAlive()).as("instance-a; its output is in " + a.log()).isTrue();
        assertThat(b.isAlive()).as("instance-b; its output is in " + b.log()).isTrue();
        return progress(portA, "").statusCode() == 200 && progress(portB, "").statusCode() == 200;
      });
      run = client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.COMPETITIVE_INTELLIGENCE).latestVersion()
          // a full refresh: earlier runs on the same fakes must not let this one reuse their analyses
          .variables(Map.of("runId", RUN_ID, "watchList", "sample", "startedBy", "two-instances-operator",
              "refresh", "full"))
          .send().join().getProcessInstanceKey();
      approveWhenAsked(run, a, b);

      // the same answer from either instance, once each has read the other's jobs
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        JsonNode fromA = json.readTree(progress(portA, "/" + RUN_ID).body());
        JsonNode fromB = json.readTree(progress(portB, "/" + RUN_ID).body());
        assertThat(fromA.path("status").asText()).isEqualTo("delivered");
        assertThat(fromB).isEqualTo(fromA);
      });
      JsonNode progress = json.readTree(progress(portA, "/" + RUN_ID).body());
      assertThat(progress.path("seenFromStart").asBoolean()).isTrue();
      assertThat(progress.path("phases").path("research").path("completed").asInt()).isGreaterThanOrEqualTo(15);
      assertThat(progress.path("phases").path("analysis").path("completed").asInt()).isEqualTo(9);
      assertThat(progress.path("phases").path("distribution").path("completed").asInt()).isEqualTo(3);
    }

    assertThat(records.completedElements(run)).as(records.describe(run)).contains("EndEvent_ReportDelivered");
    List<JobEvent> completed = records.jobEvents(run).stream().filter(e -> e.intent().equals("COMPLETED")).toList();
    Map<String, Long> jobsPerWorker = completed.stream()
        .collect(Collectors.groupingBy(JobEvent::worker, Collectors.counting()));
    System.out.println("jobs completed per instance: " + jobsPerWorker + "; model calls in flight at most: "
        + cloud.bedrock().mostCallsInFlight() + " (cap " + MODEL_IN_FLIGHT + " per model for both)");
    assertThat(jobsPerWorker.keySet()).as("jobs completed by both instances: " + jobsPerWorker)
        .containsAll(Set.of("instance-a", "instance-b"));
    assertThat(completed).extracting(JobEvent::jobKey).as("every job completed once").doesNotHaveDuplicates();

    // the model's cap held for the two together
    assertThat(cloud.bedrock().runtimeCalls()).hasSizeGreaterThanOrEqualTo(9);
    assertThat(cloud.bedrock().mostCallsInFlight()).isNotEmpty()
        .allSatisfy((model, most) -> assertThat(most).as(model).isBetween(1, MODEL_IN_FLIGHT));
    // and the politeness towards the one host all sample pages are on: each instance starts a request to it at most
    // once per 2 x the deployment's gap, so within one such window at most two arrive per instance, four for both
    // (each instance on its own gap would let six arrive)
    List<Long> arrivals = environment.site().wireMock().getAllServeEvents().stream()
        .map(ServeEvent::getRequest).map(r -> r.getLoggedDate().getTime()).sorted().toList();
    long window = MIN_GAP.multipliedBy(2).toMillis();
    int most = 0;
    for (long start : arrivals) {
      most = Math.max(most, (int) arrivals.stream().filter(t -> t >= start && t < start + window).count());
    }
    System.out.println(arrivals.size() + " requests to the sample site; at most " + most + " within " + window
        + " ms");
    assertThat(arrivals).hasSizeGreaterThan(10);
    assertThat(most).as("requests to one host within " + window + " ms").isLessThanOrEqualTo(4);

    // one delivery each, though either instance could have sent it
    assertThat(environment.mail().getReceivedMessages()).filteredOn(m -> subject(m).contains("(" + RUN_ID + ")"))
        .hasSize(1);
  }

  private Map<String, Object> properties(String name, int port) {
    Map<String, Object> p = new HashMap<>(environment.properties(data));
    p.putAll(cloud.properties());
    p.put("spring.profiles.active", "aws");
    p.put("server.port", port);
    p.put("camunda.client.worker.defaults.name", name);
    // polled, not streamed: the embedded engine keeps one stream per job type with the first instance's worker name,
    // so its records would name that instance for jobs the other one ran
    p.put("camunda.client.worker.defaults.stream-enabled", false);
    p.put("rivalwatch.deployment.instances", 2);
    p.put("rivalwatch.concurrency.model-in-flight", MODEL_IN_FLIGHT);
    p.put("rivalwatch.research.per-host.min-gap", MIN_GAP.toMillis() + "ms");
    // each instance its own local directory, though the aws profile keeps nothing there that is shared
    p.put("rivalwatch.data-directory", data.resolve(name).toString());
    return p;
  }

  /** The AWS SDK's default chain reads these system properties first: dummy keys the fakes accept. */
  private static Map<String, String> credentials() {
    return Map.of("aws.accessKeyId", System.getProperty("aws.accessKeyId"),
        "aws.secretAccessKey", System.getProperty("aws.secretAccessKey"));
  }

  private HttpResponse<String> progress(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs" + path))
        .header("Authorization", LocalEnvironment.authorization(LocalEnvironment.VIEWER)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Plays the reviewer in Tasklist, and waits for the run to end. */
  private void approveWhenAsked(long run, WorkerProcess a, WorkerProcess b) {
    try {
      await().atMost(WAIT).until(() -> {
        assertThat(a.isAlive()).as("instance-a; its output is in " + a.log()).isTrue();
        assertThat(b.isAlive()).as("instance-b; its output is in " + b.log()).isTrue();
        var jobs = client.newActivateJobsCommand().jobType(JobBasedUserTasks.JOB_TYPE).maxJobsToActivate(1)
            .timeout(Duration.ofSeconds(30)).send().join().getJobs();
        jobs.forEach(job -> client.newCompleteCommand(job.getKey())
            .variables(Map.of("reviewDecision", "approve", "reviewComments", "", "reviewedBy", "two-instances-reviewer"))
            .send().join());
        return records.hasEnded(run);
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("run " + run + " is stuck: " + records.describe(run), e);
    }
  }

  private static String subject(jakarta.mail.Message message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
