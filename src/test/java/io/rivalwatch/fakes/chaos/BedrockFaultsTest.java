package io.rivalwatch.fakes.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.bedrock.BedrockAnalyser;
import io.rivalwatch.adapters.bedrock.BedrockModelClient;
import io.rivalwatch.adapters.bedrock.BedrockProperties;
import io.rivalwatch.adapters.bedrock.PromptLibrary;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.cost.CostProperties;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.fakes.chaos.FaultPlan.Injection;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A fault plan on the Bedrock fake: runtime calls fail as Bedrock fails them, and the adapter says they may pass. */
class BedrockFaultsTest {

  private static final Instant NOW = Instant.parse("2025-06-01T02:00:00Z");

  @TempDir static Path artefacts;
  private static BedrockFake fake;
  private static BedrockModelClient client;
  private static BedrockAnalyser analyser;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    BedrockFake.useDummyCredentials();
    fake = BedrockFake.start();
    BedrockProperties properties = BedrockProperties.defaults()
        .withEndpoints(URI.create(fake.baseUrl()), URI.create(fake.baseUrl()));
    FileArtefactStore store = new FileArtefactStore(artefacts);
    client = BedrockModelClient.create(properties,
        new ModelUsageLedger(new ArtefactJson(store), store, new CostProperties(List.of())),
        Clock.fixed(NOW, java.time.ZoneOffset.UTC), io.rivalwatch.resilience.OutsideServices.standalone(),
        io.rivalwatch.resilience.ModelRateLimiter.standalone());
    analyser = new BedrockAnalyser(client, new PromptLibrary(), properties);
  }

  @AfterAll
  static void stop() {
    client.close();
    fake.close();
  }

  @AfterEach
  void removePlan() {
    fake.faults(null);
    fake.reset();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"THROTTLING, RATE_LIMITED", "SERVICE_UNAVAILABLE, TRANSIENT", "INTERNAL_SERVER_ERROR, TRANSIENT"})
  void aFaultedAnalysisIsClassifiedAsPassingAndTheNextCallSucceeds(FaultKind kind, Kind expected) {
    FaultPlan plan = FaultPlan.seeded(1).rate(Service.BEDROCK, 1.0).kinds(Service.BEDROCK, kind);
    fake.faults(plan);

    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.STRATEGY, acme()))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(expected);
          assertThat(e.service()).isEqualTo("bedrock:" + BedrockProperties.LARGE_MODEL);
          assertThat(e.getMessage()).contains(kind.errorType());
          if (kind == FaultKind.THROTTLING) {
            assertThat(e.retryAfter()).isPresent().get().isIn(Duration.ZERO, Duration.ofSeconds(1));
          }
        });

    plan.off();
    assertThat(analyser.analyse(AnalysisKind.STRATEGY, acme()).findings()).isNotEmpty();
    assertThat(plan.ledger()).singleElement().satisfies(i -> {
      assertThat(i.service()).isEqualTo(Service.BEDROCK);
      assertThat(i.operation()).isEqualTo("Converse");
      assertThat(i.key()).isEqualTo(BedrockProperties.LARGE_MODEL + " strategy Acme Analytics turn 1");
      assertThat(i.kind()).isEqualTo(kind);
    });
    assertThat(fake.calls(BedrockProperties.LARGE_MODEL)).hasSize(2);
  }

  @Test
  void bothRuntimeOperationsAnswerWithTheErrorShapeTheSdkReads() throws Exception {
    FaultPlan plan = FaultPlan.seeded(2).rate(Service.BEDROCK, 1.0).kinds(Service.BEDROCK, FaultKind.THROTTLING)
        .noConsecutiveCap();
    fake.faults(plan);

    for (String operation : List.of("converse", "converse-stream")) {
      HttpResponse<String> response = post("/model/" + URLEncoder.encode(BedrockFake.NOVA_LITE, StandardCharsets.UTF_8)
          + "/" + operation, "{\"system\":[{\"text\":\"Task: sentiment analysis\"}],"
          + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Competitor: Acme\"}]}]}");

      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(response.headers().firstValue("x-amzn-ErrorType")).get().asString()
          .startsWith("ThrottlingException:");
      assertThat(response.headers().firstValue("Retry-After")).get().isIn("0", "1");
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(response.body()).contains("\"message\"");
    }
    assertThat(plan.ledger()).extracting(Injection::operation).containsExactly("Converse", "ConverseStream");
  }

  @Test
  void aDelayedAnswerArrivesWholeAfterThePlansDelay() {
    FaultPlan plan = FaultPlan.seeded(6).rate(Service.BEDROCK, 1.0).kinds(Service.BEDROCK, FaultKind.DELAY)
        .delays(Duration.ofMillis(1500)).noConsecutiveCap();
    fake.faults(plan);

    long started = System.nanoTime();
    assertThat(analyser.analyse(AnalysisKind.SENTIMENT, acme()).findings()).isNotEmpty();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    assertThat(plan.ledger()).singleElement().extracting(Injection::kind).isEqualTo(FaultKind.DELAY);
    assertThat(fake.served()).singleElement().satisfies(served -> assertThat(served.complete()).isTrue());
  }

  @Test
  void theControlPlaneIsNeverFaulted() throws Exception {
    FaultPlan plan = FaultPlan.seeded(3).rate(Service.BEDROCK, 1.0).noConsecutiveCap();
    fake.faults(plan);

    HttpResponse<String> model = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/foundation-models/"
        + URLEncoder.encode(BedrockFake.NOVA_LITE, StandardCharsets.UTF_8))).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(model.statusCode()).isEqualTo(200);
    assertThat(plan.draws(Service.BEDROCK)).isZero();
    assertThat(plan.ledger()).isEmpty();
  }

  @Test
  void withoutAPlanNothingIsFaulted() {
    assertThat(fake.faults()).isNull();
    for (int i = 0; i < 3; i++) {
      assertThat(analyser.analyse(AnalysisKind.SENTIMENT, acme()).findings()).isNotEmpty();
    }
  }

  @Test
  void aResetKeepsThePlan() {
    FaultPlan plan = FaultPlan.seeded(4);
    fake.faults(plan);
    fake.reset();

    assertThat(fake.faults()).isSameAs(plan);
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static AnalysisInput acme() {
    return new AnalysisInput("run-chaos", "acme", "Acme Analytics", List.of(
        new SourceDocument("https://acme.example/", "Acme Analytics", SourceKind.WEBSITE, NOW.minusSeconds(3600),
            NOW.minusSeconds(86_400), "h1", "Acme Analytics helps enterprise teams. Customers love how fast it is."
                + " Acme launched an AI assistant.", List.of()),
        new SourceDocument("https://news.example/acme", "Acme raises", SourceKind.NEWS, NOW.minusSeconds(3600),
            NOW.minusSeconds(86_400), "h2", "Acme raised $120 million in Series C funding to expand into Europe.",
            List.of())),
        List.of());
  }
}
