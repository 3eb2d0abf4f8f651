package io.rivalwatch.progress;

import io.rivalwatch.workflow.JobTypes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.api.ProgressController;
import io.rivalwatch.testsupport.MutableClock;
import io.rivalwatch.workflow.JobFinished;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The progress endpoints over real HTTP: the list, one run, an unknown run, and the event streams. Jobs are published
 * as the workers' hook publishes them: as {@link JobFinished} application events.
 */
@SpringBootTest(classes = ProgressApiTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProgressApiTest {

  /**
   * The web layer and the progress feature only: no engine, no workers. No stereotype annotation: the application's
   * component scan (process tests, the local run) must not find it, nor tests looking for a configuration upwards.
   */
  @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
      WebMvcAutoConfiguration.class, JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class})
  @EnableConfigurationProperties(ProgressProperties.class)
  @Import({ProgressTracker.class, ProgressStreams.class, ProgressController.class})
  static class App {
    @Bean
    CostSoFar costSoFar() {
      return runId -> runId.equals("api-1") ? 0.0123 : 0.0;
    }

    @Bean
    Clock clock() {
      return new MutableClock(Instant.parse("2026-11-26T02:00:00Z"));
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort int port;
  @Autowired ApplicationEventPublisher events;
  @Autowired Clock clock;
  @Autowired ProgressStreams streams;
  @Autowired ProgressTracker tracker;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private RunJobs run(String runId, long key) {
    return new RunJobs(runId, key, (MutableClock) clock, events::publishEvent);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsRunsAndShowsOneWithItsPhasesCostAndEta() throws Exception {
    RunJobs run = run("api-1", 4242);
    run.plan("acme", "globex");
    run.research("acme", "sufficient");

    HttpResponse<String> list = get("/api/runs");
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode listed = null;
    for (JsonNode each : json.readTree(list.body())) {
      if (each.get("runId").asText().equals("api-1")) {
        listed = each;
      }
    }
    assertThat(listed).as("api-1 in %s", list.body()).isNotNull();
    assertThat(listed.get("status").asText()).isEqualTo("running");

    HttpResponse<String> one = get("/api/runs/api-1");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode body = json.readTree(one.body());
    assertThat(body.get("processInstanceKey").asLong()).isEqualTo(4242);
    assertThat(body.get("phase").asText()).isEqualTo("research");
    assertThat(body.get("phases").get("research").get("completed").asInt()).isEqualTo(4);
    assertThat(body.get("phases").get("research").get("pending").asInt()).isEqualTo(4);
    assertThat(body.get("phases").get("analysis").get("pending").asInt()).isEqualTo(6);
    assertThat(body.get("costUsd").asDouble()).isEqualTo(0.0123);
    assertThat(body.get("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(body.get("eta").get("until").asText()).isEqualTo("review");
    assertThat(Instant.parse(body.get("eta").get("text").asText())).isAfter(clock.instant());
  }

  @Test
  void anUnknownRunIsA404ThatSaysWhy() throws Exception {
    HttpResponse<String> response = get("/api/runs/no-such-run");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json.readTree(response.body()).get("error").asText())
        .contains("runId", "no-such-run", "since it started", "Operate");
  }

  @Test
  void aRunsStreamPushesEachJobAsItFinishesAndOnlyThatRunsJobs() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpResponse<Stream<String>> response = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs/sse-1/events"))
            .header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofLines()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
    try {
      // the stream's opening comment: from here on the stream is registered
      assertThat(lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith(":");

      run("someone-else", 7).plan("acme");
      RunJobs run = run("sse-1", 4343);
      run.plan("acme");
      run.done(JobTypes.GATHER_NEWS, "acme", Map.of("newsStatus", "done: 3 documents"));

      JsonNode planned = nextEvent(lines);
      assertThat(planned.get("runId").asText()).isEqualTo("sse-1");
      assertThat(planned.get("jobType").asText()).isEqualTo(JobTypes.PLAN_RUN);
      JsonNode gathered = nextEvent(lines);
      assertThat(gathered.get("runId").asText()).isEqualTo("sse-1");
      assertThat(gathered.get("phase").asText()).isEqualTo("research");
      assertThat(gathered.get("jobType").asText()).isEqualTo(JobTypes.GATHER_NEWS);
      assertThat(gathered.get("elementId").asText()).isEqualTo("Task_rivalwatch-gather-news");
      assertThat(gathered.get("competitorId").asText()).isEqualTo("acme");
      assertThat(gathered.get("outcome").asText()).isEqualTo("completed");
      assertThat(gathered.get("completed").asInt()).isEqualTo(1);
      assertThat(gathered.get("pending").asInt()).isEqualTo(3);
      assertThat(gathered.has("costUsd")).isTrue();
      assertThat(gathered.get("eta").get("text").asText()).isNotBlank();
    } finally {
      response.body().close();
      reader.cancel(true);
    }
  }

  @Test
  void aClientThatLeavesIsDroppedAtTheNextJob() throws Exception {
    int before = streams.open();
    HttpResponse<Stream<String>> response = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs/events")).build(),
        HttpResponse.BodyHandlers.ofLines()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
    assertThat(lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith(":");
    assertThat(streams.open()).isEqualTo(before + 1);
    response.body().close();

    // a write to a closed connection fails (the first ones may still land in the socket buffer), and the stream goes;
    // the probe hears each job after the streams did (subscribers are called in order)
    BlockingQueue<JobProgress> probe = new LinkedBlockingQueue<>();
    try (AutoCloseable subscription = tracker.subscribe(probe::add)) {
      RunJobs run = run("leaver", 11);
      for (int job = 0; job < 200 && streams.open() > before; job++) {
        run.done(JobTypes.GATHER_NEWS, "acme", Map.of());
        assertThat(probe.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
      }
    }
    assertThat(streams.open()).isEqualTo(before);
  }

  /** The data of the next "job" event, waiting at most {@link #WAIT} for each line. */
  private JsonNode nextEvent(BlockingQueue<String> lines) throws Exception {
    String event = null;
    while (true) {
      String line = lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(line).as("a line of the event stream within %s", WAIT).isNotNull();
      if (line.startsWith("event:")) {
        event = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:") && "job".equals(event)) {
        return json.readTree(line.substring("data:".length()));
      }
    }
  }
}
