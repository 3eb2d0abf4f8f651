package io.rivalwatch.progress;

import io.rivalwatch.workflow.JobTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.LocalEnvironment;
import io.rivalwatch.testsupport.ProcessTestBase;
import io.rivalwatch.workflow.RunPhase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real run on the embedded engine, watched through the progress API: it ends delivered with nothing pending, and
 * each phase's completed jobs are the jobs the engine completed in that phase.
 */
class RunProgressProcessTest extends ProcessTestBase {

  @Autowired ProgressTracker tracker;
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aDeliveredRunEndsWithEveryPhaseCompleteAndTheStreamSawItsLastJob() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> stream = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs/events"))
            .header("Authorization", LocalEnvironment.authorization(LocalEnvironment.VIEWER)).build(),
        HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
    try {
      assertThat(lines.poll(10, TimeUnit.SECONDS)).startsWith(":");

      long run = runApproved("acme-and-globex");
      String runId = runId(run);
      await().atMost(RUN_TIMEOUT).until(() -> tracker.run(runId).map(r -> r.status().equals("delivered"))
          .orElse(false));

      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs/" + runId))
              .header("Authorization", LocalEnvironment.authorization(LocalEnvironment.VIEWER)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = json.readTree(response.body());
      assertThat(body.get("status").asText()).isEqualTo("delivered");
      assertThat(body.get("phase").asText()).isEqualTo("outcome");
      assertThat(body.get("processInstanceKey").asLong()).isEqualTo(run);
      assertThat(body.get("eta").get("text").asText()).isEqualTo("ended");

      Map<String, Integer> engineCompleted = completedJobsByPhase(records.instanceTree(run));
      Map<String, Integer> trackerCompleted = new TreeMap<>();
      body.get("phases").fields().forEachRemaining(phase -> {
        assertThat(phase.getValue().get("pending").asInt()).as("pending in %s", phase.getKey()).isZero();
        trackerCompleted.put(phase.getKey(), phase.getValue().get("completed").asInt());
      });
      assertThat(trackerCompleted).isEqualTo(engineCompleted);
      assertThat(trackerCompleted).containsEntry("planning", 1).containsEntry("review", 1)
          .containsEntry("distribution", 3).containsEntry("outcome", 1);
      // per competitor and round four gathers (the round's last one judges it: ADR 0033), then one recorded result
      // per competitor
      assertThat(trackerCompleted.get("research")).isPositive()
          .matches(n -> (n - 2) % 4 == 0, "a multiple of 4, plus the 2 competitors' recorded results");

      // the stream pushed the run's jobs, ending with the outcome
      List<JsonNode> events = new ArrayList<>();
      String lastType = null;
      while (!JobTypes.RECORD_RUN_OUTCOME.equals(lastType)) {
        JsonNode event = nextEvent(lines, runId);
        events.add(event);
        lastType = event.get("jobType").asText();
      }
      JsonNode last = events.get(events.size() - 1);
      assertThat(last.get("status").asText()).isEqualTo("delivered");
      assertThat(last.get("pending").asInt()).isZero();
      assertThat(events).extracting(e -> e.get("phase").asText()).contains("planning", "research", "analysis",
          "synthesis", "distribution");
      assertThat(tracker.activeIn(RunPhase.OUTCOME)).isZero();
    } finally {
      stream.body().close();
      reader.cancel(true);
    }
  }

  private static Map<String, Integer> completedJobsByPhase(Set<Long> tree) {
    Map<String, Integer> byPhase = new TreeMap<>();
    for (RunPhase phase : List.of(RunPhase.PLANNING, RunPhase.RESEARCH, RunPhase.ANALYSIS, RunPhase.SYNTHESIS,
        RunPhase.REVIEW, RunPhase.DISTRIBUTION, RunPhase.OUTCOME)) {
      byPhase.put(phase.id(), 0);
    }
    java.util.stream.StreamSupport.stream(
        RecordStream.of(io.rivalwatch.testsupport.EngineRecords.snapshot(EmbeddedEngine.get())).jobRecords().spliterator(), false)
        .filter(r -> tree.contains(r.getValue().getProcessInstanceKey()))
        .filter(r -> r.getIntent() == JobIntent.COMPLETED || r.getIntent() == JobIntent.ERROR_THROWN)
        // the review's own bookkeeping (its wait listener, reminders) is not the review the progress counts
        .filter(r -> RunPhase.ofJobType(r.getValue().getType()) != RunPhase.REVIEW
            || io.rivalwatch.workflow.JobBasedUserTasks.JOB_TYPE.equals(r.getValue().getType()))
        .map(r -> RunPhase.ofJobType(r.getValue().getType()).id())
        .collect(Collectors.groupingBy(p -> p, Collectors.counting()))
        .forEach((phase, count) -> byPhase.put(phase, count.intValue()));
    return byPhase;
  }

  private JsonNode nextEvent(BlockingQueue<String> lines, String runId) throws Exception {
    String event = null;
    while (true) {
      String line = lines.poll(30, TimeUnit.SECONDS);
      assertThat(line).as("a line of the event stream").isNotNull();
      if (line.startsWith("event:")) {
        event = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:") && "job".equals(event)) {
        JsonNode data = json.readTree(line.substring("data:".length()));
        if (data.get("runId").asText().equals(runId)) {
          return data;
        }
      }
    }
  }
}
