package io.rivalwatch.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.S3MockServer;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Every S3 operation goes through the "s3" breaker; answers the store expects (a missing object) are successes. */
class BreakerS3Test {

  private static final ArtefactKey KEY = ArtefactKey.of("run-b", "analysis", "acme", "sentiment.json");

  private HttpServer s3;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status;
  private S3Client client;
  private S3Presigner presigner;
  private S3ArtefactStore store;

  @BeforeAll
  static void credentials() {
    S3MockServer.useTestCredentials();
  }

  @BeforeEach
  void start() throws IOException {
    s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s3.createContext("/", this::answer);
    s3.start();
    S3Properties properties = S3Properties.forBucket("rw-bucket")
        .withEndpoint(URI.create("http://127.0.0.1:" + s3.getAddress().getPort()), true);
    client = S3Adapter.client(properties);
    presigner = S3Adapter.presigner(properties);
    OutsideServices services = new OutsideServices(new ResilienceProperties(null, null,
        new ResilienceProperties.Breaker(5, Duration.ofSeconds(60)), null), new SimpleMeterRegistry());
    store = new S3ArtefactStore(client, presigner, properties, services);
  }

  @AfterEach
  void stop() {
    client.close();
    presigner.close();
    s3.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.getRequestBody().readAllBytes();
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static OutsideServiceException failure(Runnable call) {
    try {
      call.run();
    } catch (OutsideServiceException e) {
      return e;
    }
    throw new AssertionError("no failure");
  }

  @Test
  void fiveFailedOperationsOpenTheBreakerForEveryOperation() {
    status = 500;
    byte[] content = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(failure(() -> store.read(KEY)).kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(failure(() -> store.exists(KEY)).kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(failure(() -> store.createIfAbsent(KEY, content, "application/json")).kind())
        .isEqualTo(Kind.TRANSIENT);
    assertThat(failure(() -> store.overwrite(KEY, content, "application/json")).kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(failure(() -> store.list("run-b")).kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(requests).hasValue(5);

    for (Runnable operation : new Runnable[] {() -> store.read(KEY), () -> store.exists(KEY),
        () -> store.createIfAbsent(KEY, content, "application/json"),
        () -> store.overwrite(KEY, content, "application/json"), () -> store.list("run-b")}) {
      OutsideServiceException refusal = failure(operation);
      assertThat(refusal.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
      assertThat(refusal.service()).isEqualTo("s3");
    }
    assertThat(requests).as("nothing sent while open").hasValue(5);
    // presigning makes no call to S3: links are still given
    assertThat(store.locate(KEY).toString()).contains("rw-bucket");
  }

  @Test
  void missingObjectsAndRefusalsDoNotOpenIt() {
    status = 404;
    for (int i = 0; i < 6; i++) {
      assertThat(store.exists(KEY)).isFalse();
    }
    status = 403;
    for (int i = 0; i < 6; i++) {
      assertThat(failure(() -> store.exists(KEY)).kind()).isEqualTo(Kind.FATAL);
    }
    status = 200;

    assertThat(store.exists(KEY)).isTrue();
    assertThat(requests).hasValue(13);
  }
}
