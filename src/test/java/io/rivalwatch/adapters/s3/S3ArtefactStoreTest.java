package io.rivalwatch.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.fakes.S3MockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 store against S3Mock, through the real AWS SDK. */
class S3ArtefactStoreTest {

  private static S3MockServer server;
  private static S3Client client;
  private static S3Presigner presigner;
  private static S3ArtefactStore store;

  @BeforeAll
  static void startS3Mock() {
    server = S3MockServer.start();
    client = S3Adapter.client(server.s3Properties());
    presigner = S3Adapter.presigner(server.s3Properties());
    store = new S3ArtefactStore(client, presigner, server.s3Properties());
  }

  @AfterAll
  static void stopS3Mock() {
    presigner.close();
    client.close();
    server.stop();
  }

  @Test
  void storesUnderPrefixRunPhaseCompetitorNameWithItsContentType() {
    var key = ArtefactKey.of("run-roundtrip", "research", "acme", "website-round-0.json");

    assertThat(store.createIfAbsent(key, bytes("{\"pages\":1}"), "application/json")).isTrue();

    assertThat(text(store.read(key).orElseThrow())).isEqualTo("{\"pages\":1}");
    assertThat(store.exists(key)).isTrue();
    HeadObjectResponse head = client.headObject(
        r -> r.bucket(server.bucket()).key("rivalwatch/run-roundtrip/research/acme/website-round-0.json"));
    assertThat(head.contentType()).isEqualTo("application/json");
    assertThat(head.contentLength()).isEqualTo(11);
  }

  @Test
  void aSecondCreateIfAbsentReturnsFalseAndKeepsTheFirst() {
    var key = ArtefactKey.forRun("run-idempotent", "synthesis", "report-r1.md");

    assertThat(store.createIfAbsent(key, bytes("first"), "text/markdown")).isTrue();
    assertThat(store.createIfAbsent(key, bytes("second"), "text/markdown")).isFalse();

    assertThat(text(store.read(key).orElseThrow())).isEqualTo("first");
  }

  @Test
  void overwriteReplaces() {
    var key = ArtefactKey.dashboard("site", "index-overwrite.html");

    store.overwrite(key, bytes("<p>1</p>"), "text/html");
    store.overwrite(key, bytes("<p>2</p>"), "text/html");

    assertThat(text(store.read(key).orElseThrow())).isEqualTo("<p>2</p>");
  }

  @Test
  void listsOneRunInPathOrderAcrossPages() {
    var pagedStore = new S3ArtefactStore(client, presigner, server.s3Properties(), 2);
    put(ArtefactKey.forRun("run-list", "synthesis", "report-r1.md"));
    put(ArtefactKey.of("run-list", "research", "initech", "news-round-0.json"));
    put(ArtefactKey.of("run-list", "analysis", "acme", "sentiment.json"));
    put(ArtefactKey.of("run-list", "research", "acme", "website-round-0.json"));
    put(ArtefactKey.forRun("run-list", "planning", "run-configuration.json"));
    // a run whose id starts with the other's must not be listed with it
    put(ArtefactKey.forRun("run-list2", "planning", "run-configuration.json"));
    // something that is not an artefact in the run's folder is left out
    client.putObject(r -> r.bucket(server.bucket()).key("rivalwatch/run-list/notes.txt"),
        RequestBody.fromString("manual upload"));

    List<String> expected = List.of(
        "run-list/analysis/acme/sentiment.json",
        "run-list/planning/_run/run-configuration.json",
        "run-list/research/acme/website-round-0.json",
        "run-list/research/initech/news-round-0.json",
        "run-list/synthesis/_run/report-r1.md");
    assertThat(pagedStore.list("run-list")).extracting(ArtefactKey::path).containsExactlyElementsOf(expected);
    assertThat(store.list("run-list")).extracting(ArtefactKey::path).containsExactlyElementsOf(expected);
  }

  @Test
  void aMissingArtefactIsEmptyNotAnError() {
    var key = ArtefactKey.of("run-missing", "analysis", "acme", "sentiment.json");

    assertThat(store.read(key)).isEmpty();
    assertThat(store.exists(key)).isFalse();
    assertThat(store.list("run-missing")).isEmpty();
  }

  @Test
  void sseS3IsAskedForAndReportedBack() {
    var key = ArtefactKey.of("run-sse", "analysis", "acme", "sentiment.json");

    store.createIfAbsent(key, bytes("{}"), "application/json");

    assertThat(head(store, key).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
  }

  @Test
  void sseKmsWithTheKeyIdIsAskedForAndReportedBack() {
    var kmsStore = new S3ArtefactStore(client, presigner,
        server.s3Properties().withEncryption("sse-kms", S3MockServer.KMS_KEY_ID));
    var key = ArtefactKey.of("run-kms", "analysis", "acme", "sentiment.json");

    assertThat(kmsStore.createIfAbsent(key, bytes("{}"), "application/json")).isTrue();

    HeadObjectResponse head = head(kmsStore, key);
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(head.ssekmsKeyId()).contains(S3MockServer.KMS_KEY_ID);
    assertThat(text(kmsStore.read(key).orElseThrow())).isEqualTo("{}");
  }

  @Test
  void anUnknownKmsKeyIsFatalAndNamesTheSetting() {
    var kmsStore = new S3ArtefactStore(client, presigner,
        server.s3Properties().withEncryption("sse-kms", "no-such-key"));
    var key = ArtefactKey.of("run-kms-unknown", "analysis", "acme", "sentiment.json");

    assertThatThrownBy(() -> kmsStore.createIfAbsent(key, bytes("{}"), "application/json"))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(OutsideServiceException.Kind.FATAL);
          assertThat(e.service()).isEqualTo("s3");
          assertThat(e.getMessage()).contains("KMS.NotFoundException", "rivalwatch.s3.kms-key-id");
        });
    assertThat(kmsStore.exists(key)).isFalse();
  }

  @Test
  void everyObjectCarriesTheRetentionClassOfItsPhase() {
    Map<ArtefactKey, String> expected = new LinkedHashMap<>();
    expected.put(ArtefactKey.of("run-tags", "research", "acme", "website-round-0.json"), "raw");
    expected.put(ArtefactKey.of("run-tags", "analysis", "acme", "sentiment.json"), "derived");
    expected.put(ArtefactKey.of("run-tags", "usage", "acme", "sentiment-1.json"), "derived");
    expected.put(ArtefactKey.forRun("run-tags", "planning", "run-configuration.json"), "record");
    expected.put(ArtefactKey.forRun("run-tags", "synthesis", "report-r1.html"), "report");
    expected.put(ArtefactKey.forRun("run-tags", "distribution", "email.json"), "record");
    expected.put(ArtefactKey.forRun("run-tags", "outcome", "run-record.json"), "record");
    expected.put(ArtefactKey.dashboard("entries", "run-tags.json"), "report");
    expected.put(ArtefactKey.forRun("run-tags", "experiments", "unknown-phase.json"), "record");

    expected.forEach((key, retention) -> store.createIfAbsent(key, bytes("x"), "application/json"));
    store.overwrite(ArtefactKey.dashboard("site", "index-tags.html"), bytes("x"), "text/html");

    Map<String, String> wanted = new LinkedHashMap<>();
    Map<String, String> actual = new LinkedHashMap<>();
    expected.forEach((key, retention) -> {
      wanted.put(key.path(), retention);
      actual.put(key.path(), retentionTag(key));
    });
    assertThat(actual).containsExactlyEntriesOf(wanted);
    assertThat(retentionTag(ArtefactKey.dashboard("site", "index-tags.html"))).isEqualTo("report");
  }

  @Test
  void configuredRetentionClassesReplaceTheDefaultsPhaseByPhase() {
    var properties = new S3Properties(server.bucket(), null, null, server.endpoint(), true, null, null, null,
        Map.of("research", "short-lived", "experiments", "scratch"));
    var tagged = new S3ArtefactStore(client, presigner, properties);
    var research = ArtefactKey.of("run-custom-tags", "research", "acme", "news-round-0.json");
    var experiment = ArtefactKey.forRun("run-custom-tags", "experiments", "e.json");
    var analysis = ArtefactKey.of("run-custom-tags", "analysis", "acme", "sentiment.json");

    tagged.createIfAbsent(research, bytes("x"), "application/json");
    tagged.createIfAbsent(experiment, bytes("x"), "application/json");
    tagged.createIfAbsent(analysis, bytes("x"), "application/json");

    assertThat(retentionTag(research)).isEqualTo("short-lived");
    assertThat(retentionTag(experiment)).isEqualTo("scratch");
    assertThat(retentionTag(analysis)).isEqualTo("derived");
  }

  @Test
  void aPresignedLinkOpensWithoutCredentialsAndLastsAsConfigured() throws Exception {
    var key = ArtefactKey.forRun("run-link", "synthesis", "report-r1.html");
    store.createIfAbsent(key, bytes("<h1>Report</h1>"), "text/html;charset=UTF-8");

    URI link = store.locate(key);

    assertThat(link.getScheme()).isEqualTo("http");
    assertThat(link.getPath()).isEqualTo("/" + server.bucket() + "/rivalwatch/run-link/synthesis/_run/report-r1.html");
    assertThat(queryParameter(link, "X-Amz-Expires")).isEqualTo("900");
    assertThat(queryParameter(link, "X-Amz-Algorithm")).isEqualTo("AWS4-HMAC-SHA256");
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(link).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("<h1>Report</h1>");
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/html"));
    }

    // S3Mock checks neither signatures nor expiry: the lifetime is checked where S3 reads it, in the link itself
    var hourStore = new S3ArtefactStore(client, presigner, server.s3Properties().withLinkLifetime(Duration.ofHours(1)));
    assertThat(queryParameter(hourStore.locate(key), "X-Amz-Expires")).isEqualTo("3600");
  }

  @Test
  void concurrentWritersAgreeOnOneWinner() throws Exception {
    var key = ArtefactKey.of("run-race", "analysis", "acme", "sentiment.json");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String content = "writer-" + i;
      results.add(pool.submit(() -> {
        start.await();
        return store.createIfAbsent(key, bytes(content), "application/json");
      }));
    }
    start.countDown();
    List<String> winners = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).get()) {
        winners.add("writer-" + i);
      }
    }
    pool.shutdown();

    assertThat(winners).hasSize(1);
    assertThat(text(store.read(key).orElseThrow())).isEqualTo(winners.getFirst());
    assertThat(store.list("run-race")).extracting(ArtefactKey::path).containsExactly(key.path());
  }

  @Test
  void aMissingBucketStopsTheStartWithTheSettingToFix() {
    new ApplicationContextRunner()
        .withUserConfiguration(S3Adapter.class)
        .withPropertyValues(propertyValues(Map.of("rivalwatch.s3.bucket", "no-such-bucket")))
        .run(context -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          S3ConfigurationException cause = (S3ConfigurationException) rootCauseOfType(failure);
          assertThat(cause.problems()).containsExactly(
              "rivalwatch.s3.bucket: bucket 'no-such-bucket' not found in us-east-1 at " + server.endpoint()
                  + " (HTTP 404). Fix: create it or point rivalwatch.s3.bucket at an existing bucket");
          var analysis = new S3ConfigurationFailureAnalyzer().analyze(failure);
          assertThat(analysis.getDescription()).contains("bucket 'no-such-bucket' not found");
          assertThat(analysis.getAction()).contains("rivalwatch.s3.*");
        });
  }

  @Test
  void oneServiceUnavailableOnTheStartUpCheckIsAskedAgain_andTheApplicationStarts() {
    var plan = io.rivalwatch.fakes.chaos.FaultPlan.seeded(7).maxConsecutive(1)
        .rate(io.rivalwatch.fakes.chaos.FaultPlan.Service.S3, 1.0)
        .kinds(io.rivalwatch.fakes.chaos.FaultPlan.Service.S3, io.rivalwatch.fakes.chaos.FaultKind.SERVICE_UNAVAILABLE_S3);
    server.faults(plan);
    try {
      startUpRetries(3).run(context -> {
        assertThat(context).hasNotFailed();
        assertThat(context).hasSingleBean(ArtefactStore.class);
      });
    } finally {
      server.faults(null);
    }
    assertThat(plan.ledger()).singleElement().satisfies(fault -> {
      assertThat(fault.operation()).isEqualTo("HeadBucket");
      assertThat(fault.kind().status()).isEqualTo(503);
    });
  }

  @Test
  void aBucketCheckThatKeepsFailingStopsTheStartAfterItsAttemptsWithTheSettingToFix() {
    var plan = io.rivalwatch.fakes.chaos.FaultPlan.seeded(8).noConsecutiveCap()
        .rate(io.rivalwatch.fakes.chaos.FaultPlan.Service.S3, 1.0)
        .kinds(io.rivalwatch.fakes.chaos.FaultPlan.Service.S3, io.rivalwatch.fakes.chaos.FaultKind.SERVICE_UNAVAILABLE_S3);
    server.faults(plan);
    try {
      startUpRetries(3).run(context -> {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        S3ConfigurationException cause = (S3ConfigurationException) rootCauseOfType(failure);
        assertThat(cause.problems()).singleElement().asString()
            .startsWith("rivalwatch.s3.bucket: cannot check bucket '" + server.bucket() + "'")
            .contains("(HTTP 503)").endsWith("(3 attempts)");
        assertThat(new S3ConfigurationFailureAnalyzer().analyze(failure).getAction()).contains("rivalwatch.s3.*");
      });
    } finally {
      server.faults(null);
    }
    assertThat(plan.ledger()).hasSize(3);
  }

  /** The adapter with start-up checks asked up to {@code attempts} times, 50 ms apart at first. */
  private static ApplicationContextRunner startUpRetries(int attempts) {
    var resilience = new io.rivalwatch.resilience.ResilienceProperties(null, null, null, null, null,
        new io.rivalwatch.resilience.ResilienceProperties.Startup(attempts, java.time.Duration.ofMillis(50)));
    return new ApplicationContextRunner()
        .withUserConfiguration(S3Adapter.class)
        .withBean(io.rivalwatch.resilience.ResilienceProperties.class, () -> resilience)
        .withPropertyValues(propertyValues(Map.of()));
  }

  @Test
  void sseKmsWithoutAKeyAndAMissingBucketNameStopTheStart() {
    Map<String, Object> values = new LinkedHashMap<>(server.properties());
    values.remove("rivalwatch.s3.bucket");
    values.put("rivalwatch.s3.encryption", "sse-kms");
    new ApplicationContextRunner()
        .withUserConfiguration(S3Adapter.class)
        .withPropertyValues(values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
        .run(context -> {
          assertThat(context).hasFailed();
          S3ConfigurationException cause = (S3ConfigurationException) rootCauseOfType(context.getStartupFailure());
          assertThat(cause.problems()).hasSize(2);
          assertThat(cause.problems().get(0)).startsWith("rivalwatch.s3.bucket: not set. Fix:");
          assertThat(cause.problems().get(1)).startsWith(
              "rivalwatch.s3.kms-key-id: required when rivalwatch.s3.encryption is sse-kms. Fix:");
        });
  }

  @Test
  void theAdapterProvidesTheStoreOnlyWhenChosen() {
    new ApplicationContextRunner()
        .withUserConfiguration(S3Adapter.class)
        .withPropertyValues(propertyValues(Map.of()))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasSingleBean(ArtefactStore.class);
          assertThat(context.getBean(ArtefactStore.class)).isInstanceOf(S3ArtefactStore.class);
          assertThat(context).hasSingleBean(S3Client.class).hasSingleBean(S3Presigner.class);
        });
    new ApplicationContextRunner()
        .withUserConfiguration(S3Adapter.class)
        .withPropertyValues("rivalwatch.artefacts.store=file", "rivalwatch.s3.bucket=unused")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(ArtefactStore.class).doesNotHaveBean(S3Client.class);
        });
  }

  private static String[] propertyValues(Map<String, Object> overrides) {
    Map<String, Object> values = new LinkedHashMap<>(server.properties());
    values.putAll(overrides);
    return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }

  private static Throwable rootCauseOfType(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof S3ConfigurationException) {
        return t;
      }
    }
    throw new AssertionError("no S3ConfigurationException in " + failure, failure);
  }

  private String retentionTag(ArtefactKey key) {
    List<Tag> tags = client.getObjectTagging(r -> r.bucket(server.bucket()).key(store.objectKey(key))).tagSet();
    return tags.stream().filter(t -> t.key().equals(S3Properties.RETENTION_TAG)).map(Tag::value)
        .findFirst().orElse(null);
  }

  private static HeadObjectResponse head(S3ArtefactStore s, ArtefactKey key) {
    return client.headObject(r -> r.bucket(server.bucket()).key(s.objectKey(key)));
  }

  private static String queryParameter(URI uri, String name) {
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (pair.substring(0, eq).equals(name)) {
        return pair.substring(eq + 1);
      }
    }
    return null;
  }

  private static void put(ArtefactKey key) {
    assertThat(store.createIfAbsent(key, bytes(key.name()), "application/json")).isTrue();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
