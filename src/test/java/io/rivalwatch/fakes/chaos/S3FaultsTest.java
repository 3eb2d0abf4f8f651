package io.rivalwatch.fakes.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.s3.S3Adapter;
import io.rivalwatch.adapters.s3.S3ArtefactStore;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.S3MockServer;
import io.rivalwatch.fakes.chaos.FaultPlan.Injection;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** A fault plan on S3Mock: requests fail as S3 fails them, before S3Mock sees them; the store may retry them. */
class S3FaultsTest {

  private static final AtomicInteger RUNS = new AtomicInteger();

  private static S3MockServer server;
  private static S3Client client;
  private static S3Presigner presigner;
  private static S3ArtefactStore store;

  @BeforeAll
  static void start() {
    server = S3MockServer.start();
    client = S3Adapter.client(server.s3Properties());
    presigner = S3Adapter.presigner(server.s3Properties());
    store = new S3ArtefactStore(client, presigner, server.s3Properties());
  }

  @AfterAll
  static void stop() {
    presigner.close();
    client.close();
    server.stop();
  }

  @AfterEach
  void removePlan() {
    server.faults(null);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"SLOW_DOWN, RATE_LIMITED", "INTERNAL_ERROR, TRANSIENT"})
  void aFaultedWriteStoresNothingIsClassifiedAsPassingAndItsRetrySucceeds(FaultKind kind, Kind expected) {
    FaultPlan plan = FaultPlan.seeded(1).rate(Service.S3, 1.0).kinds(Service.S3, kind);
    server.faults(plan);
    ArtefactKey key = ArtefactKey.forRun(run(), "synthesis", "report.md");

    assertThatThrownBy(() -> store.createIfAbsent(key, bytes("first"), "text/markdown"))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(expected);
          assertThat(e.service()).isEqualTo("s3");
          assertThat(e.getMessage()).contains("PutObject", kind.errorType());
        });

    plan.off();
    assertThat(store.createIfAbsent(key, bytes("first"), "text/markdown")).as("the faulted write stored nothing")
        .isTrue();
    assertThat(new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("first");
    assertThat(plan.ledger()).singleElement().satisfies(i -> {
      assertThat(i.service()).isEqualTo(Service.S3);
      assertThat(i.operation()).isEqualTo("PutObject");
      assertThat(i.key()).startsWith("PUT /" + server.bucket() + "/rivalwatch/" + key.path());
      assertThat(i.kind()).isEqualTo(kind);
    });
  }

  @Test
  void readsHeadsAndListsAreFaultedTooAndHeadErrorsHaveNoBody() {
    ArtefactKey key = ArtefactKey.forRun(run(), "research", "pages.json");
    store.overwrite(key, bytes("{}"), "application/json");
    FaultPlan plan = FaultPlan.seeded(2).rate(Service.S3, 1.0).noConsecutiveCap();
    server.faults(plan);

    assertThatThrownBy(() -> store.read(key)).isInstanceOfSatisfying(OutsideServiceException.class,
        e -> assertThat(e.counted()).isTrue());
    assertThatThrownBy(() -> store.exists(key)).isInstanceOfSatisfying(OutsideServiceException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT)); // a HEAD answer carries no code: 5xx is transient
    assertThatThrownBy(() -> store.list(key.runId())).isInstanceOfSatisfying(OutsideServiceException.class,
        e -> assertThat(e.counted()).isTrue());

    assertThat(plan.ledger()).extracting(Injection::operation)
        .containsExactly("GetObject", "HeadObject", "ListObjectsV2");
    plan.off();
    assertThat(store.exists(key)).isTrue();
    assertThat(store.list(key.runId())).containsExactly(key);
  }

  @Test
  void aConnectionResetIsATransientFailureAndChangesNothing() {
    ArtefactKey key = ArtefactKey.forRun(run(), "synthesis", "reset.md");
    FaultPlan plan = FaultPlan.seeded(4).rate(Service.S3, 1.0).kinds(Service.S3, FaultKind.CONNECTION_RESET)
        .noConsecutiveCap();
    server.faults(plan);

    assertThatThrownBy(() -> store.createIfAbsent(key, bytes("first"), "text/markdown"))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    assertThatThrownBy(() -> store.exists(key))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));

    plan.off();
    assertThat(store.exists(key)).as("the reset write stored nothing").isFalse();
    assertThat(plan.ledger()).extracting(Injection::kind).containsOnly(FaultKind.CONNECTION_RESET);
  }

  @Test
  void theApplicationsStoreRepeatsIdempotentCallsInsideTheJob_butNotAnOverwrite() {
    var properties = new io.rivalwatch.resilience.ResilienceProperties(null, null, null, null,
        new io.rivalwatch.resilience.ResilienceProperties.InJob(4, java.time.Duration.ofMillis(20),
            java.time.Duration.ofMillis(100), 0.5));
    var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    var calls = new io.rivalwatch.resilience.IdempotentCalls(
        new io.rivalwatch.resilience.OutsideServices(properties, meters), properties, meters);
    S3ArtefactStore repeating = new S3ArtefactStore(client, presigner, server.s3Properties(), calls);
    ArtefactKey key = ArtefactKey.forRun(run(), "synthesis", "absorbed.md");
    // each request fails twice in a row (SlowDown, InternalError, ServiceUnavailable, a reset), then goes through
    FaultPlan plan = FaultPlan.seeded(5).rate(Service.S3, 1.0).maxConsecutive(2).kinds(Service.S3,
        FaultKind.SLOW_DOWN, FaultKind.INTERNAL_ERROR, FaultKind.SERVICE_UNAVAILABLE_S3, FaultKind.CONNECTION_RESET);
    server.faults(plan);

    assertThat(repeating.createIfAbsent(key, bytes("once"), "text/markdown")).isTrue();
    assertThat(new String(repeating.read(key).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("once");
    assertThat(repeating.exists(key)).isTrue();
    assertThat(repeating.list(key.runId())).containsExactly(key);
    assertThat(plan.count(Service.S3)).isEqualTo(8);
    assertThat(meters.find(io.rivalwatch.resilience.IdempotentCalls.RETRIES_METRIC).counters().stream()
        .mapToDouble(c -> c.count()).sum()).isEqualTo(8);

    assertThatThrownBy(() -> repeating.overwrite(key, bytes("twice"), "text/markdown"))
        .isInstanceOf(OutsideServiceException.class);
    assertThat(plan.count(Service.S3)).as("an overwrite is made once").isEqualTo(9);
  }

  @Test
  void theErrorIsS3sXmlWithItsCodeAndStatus() throws Exception {
    FaultPlan plan = FaultPlan.seeded(3).rate(Service.S3, 1.0).kinds(Service.S3, FaultKind.SLOW_DOWN);
    server.faults(plan);

    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.endpoint() + "/" + server.bucket() + "/anything.txt")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/xml");
    assertThat(response.headers().firstValue("x-amz-request-id")).isPresent();
    assertThat(response.body()).contains("<Error><Code>SlowDown</Code><Message>Please reduce your request rate."
        + "</Message><Resource>/" + server.bucket() + "/anything.txt</Resource><RequestId>");
  }

  @Test
  void withoutAPlanEveryRequestReachesS3Mock() {
    ArtefactKey key = ArtefactKey.forRun(run(), "synthesis", "plain.md");

    assertThat(server.faults()).isNull();
    assertThat(store.createIfAbsent(key, bytes("x"), "text/markdown")).isTrue();
    assertThat(store.createIfAbsent(key, bytes("y"), "text/markdown")).isFalse();
    assertThat(store.exists(key)).isTrue();
  }

  private static String run() {
    return "run-chaos-" + RUNS.incrementAndGet();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
