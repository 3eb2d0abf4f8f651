package io.rivalwatch.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.StoredArtefact;
import io.rivalwatch.fakes.S3MockServer;
import io.rivalwatch.retention.RetentionProperties;
import io.rivalwatch.retention.RetentionRecord;
import io.rivalwatch.retention.RetentionService;
import io.rivalwatch.retention.RunsInFlight;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Retention against S3Mock through the real SDK: the store lists its areas and objects with their ages, deletes, and
 * tags every object with the retention job's class; the service deletes what is past its class but not a held run's;
 * the bucket's lifecycle rules are generated from the same settings, and S3 takes them as generated.
 */
class S3RetentionTest {

  private static final RetentionProperties RETENTION = RetentionProperties.defaults();

  private static S3MockServer server;
  private static S3Client client;
  private static S3Presigner presigner;
  private static S3Properties properties;
  private static S3ArtefactStore store;

  @BeforeAll
  static void startS3Mock() {
    server = S3MockServer.start();
    properties = server.s3Properties().withRetentionTags(RETENTION.kinds());
    client = S3Adapter.client(properties);
    presigner = S3Adapter.presigner(properties);
    store = new S3ArtefactStore(client, presigner, properties);
  }

  @AfterAll
  static void stopS3Mock() {
    presigner.close();
    client.close();
    server.stop();
  }

  @Test
  void expiredObjectsGoFromTheBucket_heldRunsAndYoungerClassesStay_andADryRunDeletesNothing() {
    ArtefactKey oldResearch = put(ArtefactKeys.gatheredSource("run-old", "acme", "website", 0));
    ArtefactKey oldAnalysis = put(ArtefactKeys.analysis("run-old", "acme", "sentiment"));
    ArtefactKey oldReport = put(ArtefactKeys.reportHtml("run-old", 1));
    ArtefactKey oldHistory = put(ArtefactKeys.analysedIn(ArtefactKeys.HISTORY, "acme", "run-old"));
    ArtefactKey baselineResearch = put(ArtefactKeys.gatheredSource("run-baseline", "acme", "website", 0));
    ArtefactKey baselineHistory = put(ArtefactKeys.analysedIn(ArtefactKeys.HISTORY, "acme", "run-baseline"));
    put(ArtefactKeys.runStarted("run-running"));
    ArtefactKey runningAnalysis = put(ArtefactKeys.analysis("run-running", "acme", "sentiment"));

    assertThat(store.areas()).contains("run-old", "run-baseline", "run-running", ArtefactKeys.HISTORY);
    List<StoredArtefact> stored = store.stored("run-old");
    assertThat(stored).extracting(StoredArtefact::key).containsExactly(oldAnalysis, oldResearch, oldReport);
    assertThat(stored).allSatisfy(s -> {
      assertThat(s.writtenAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
      assertThat(s.bytes()).isEqualTo(2);
    });
    assertThat(tag(oldResearch)).isEqualTo(RETENTION.classOf(oldResearch)).isEqualTo("raw");
    assertThat(tag(oldAnalysis)).isEqualTo("derived");
    assertThat(tag(oldReport)).isEqualTo("report");

    // half a year on: raw research (30 days) and analyses (180 days) are past their class, reports (2 years) not
    Instant asOf = Instant.now().plus(Duration.ofDays(181));
    RetentionService retention = new RetentionService(store, new ArtefactJson(store), null, RETENTION,
        new RunsInFlight(store, null, Duration.ofDays(365)), () -> Map.of("weekly", "run-baseline"),
        Clock.systemUTC());

    RetentionRecord dry = retention.apply(asOf, true, "dry").record();
    assertThat(dry.deleted()).containsExactlyInAnyOrder(oldResearch.path(), oldAnalysis.path(), oldHistory.path());
    assertThat(store.exists(oldResearch)).isTrue();

    RetentionRecord applied = retention.apply(asOf, false, "s3").record();
    assertThat(applied.deleted()).isEqualTo(dry.deleted());
    assertThat(applied.artefacts()).containsEntry("raw", new RetentionRecord.Amount(1, 2))
        .containsEntry("derived", new RetentionRecord.Amount(2, 4));
    assertThat(applied.held()).containsEntry("run-baseline", "baseline of watch list weekly")
        .containsEntry("run-running", "running");
    assertThat(store.exists(oldResearch)).isFalse();
    assertThat(store.exists(oldAnalysis)).isFalse();
    assertThat(store.exists(oldHistory)).isFalse();
    assertThat(store.exists(oldReport)).isTrue();
    assertThat(store.exists(baselineResearch)).isTrue();
    assertThat(store.exists(baselineHistory)).isTrue();
    assertThat(store.exists(runningAnalysis)).isTrue();
    assertThat(store.list(ArtefactKeys.RETENTION)).hasSize(2);

    store.delete(oldResearch); // gone already: no failure
  }

  @Test
  void theLifecycleRulesAreOnePerClass_fromTheSameSettings_andS3TakesThemAsGenerated() throws Exception {
    RetentionProperties shorter = RETENTION.withClasses(Map.of("raw", Duration.ofDays(14)));
    S3LifecycleRules rules = new S3LifecycleRules(properties, shorter);

    client.putBucketLifecycleConfiguration(r -> r.bucket(server.bucket()).lifecycleConfiguration(rules.configuration()));
    List<LifecycleRule> inBucket = client.getBucketLifecycleConfiguration(r -> r.bucket(server.bucket())).rules();

    assertThat(inBucket).hasSize(shorter.classes().size());
    JsonNode printed = new ObjectMapper().readTree(rules.configurationJson()).get("Rules");
    assertThat(printed).hasSize(shorter.classes().size());
    shorter.classes().forEach((retentionClass, keep) -> {
      LifecycleRule rule = inBucket.stream().filter(r -> r.id().equals("rivalwatch-retention-" + retentionClass))
          .findFirst().orElseThrow();
      assertThat(rule.expiration().days()).isEqualTo((int) keep.toDays());
      assertThat(rule.filter().and().prefix()).isEqualTo("rivalwatch/");
      // S3Mock 4.12 reads And's tags inside a <Tags> wrapper, where S3 and the SDK write bare <Tag> elements: it
      // drops them, so the tag filter is checked on what is sent
      LifecycleRule sent = rules.configuration().rules().stream().filter(r -> r.id().equals(rule.id())).findFirst()
          .orElseThrow();
      assertThat(sent.filter().and().tags()).singleElement().satisfies(tag -> {
        assertThat(tag.key()).isEqualTo(S3Properties.RETENTION_TAG);
        assertThat(tag.value()).isEqualTo(retentionClass);
      });
      JsonNode json = java.util.stream.StreamSupport.stream(printed.spliterator(), false)
          .filter(r -> r.get("ID").asText().equals(rule.id())).findFirst().orElseThrow();
      assertThat(json.get("Status").asText()).isEqualTo("Enabled");
      assertThat(json.at("/Expiration/Days").asInt()).isEqualTo((int) keep.toDays());
      assertThat(json.at("/Filter/And/Prefix").asText()).isEqualTo("rivalwatch/");
      assertThat(json.at("/Filter/And/Tags/0/Key").asText()).isEqualTo(S3Properties.RETENTION_TAG);
      assertThat(json.at("/Filter/And/Tags/0/Value").asText()).isEqualTo(retentionClass);
    });
    assertThat(inBucket).filteredOn(r -> r.id().equals("rivalwatch-retention-raw"))
        .singleElement().satisfies(r -> assertThat(r.expiration().days()).isEqualTo(14));
    // every class an object can be tagged with has a rule
    assertThat(shorter.classes().keySet()).containsAll(shorter.kinds().values());
  }

  @Test
  void theObjectsAreTaggedWithTheRetentionClasses_andAnOlderTagSettingThatDisagreesStopsTheStart() {
    S3Properties agreeing = S3Adapter.withRetentionClasses(
        new S3Properties("b", null, null, null, false, null, null, null, Map.of("research", "raw")), RETENTION);
    assertThat(agreeing.retentionTags()).isEqualTo(RETENTION.kinds());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> S3Adapter.withRetentionClasses(
            new S3Properties("b", null, null, null, false, null, null, null, Map.of("research", "short")), RETENTION))
        .isInstanceOf(S3ConfigurationException.class)
        .hasMessageContaining("rivalwatch.s3.retention-tags.research: 'short' differs from the retention class 'raw'")
        .hasMessageContaining("Fix: set the class under rivalwatch.retention.kinds");
  }

  private static ArtefactKey put(ArtefactKey key) {
    store.createIfAbsent(key, "{}".getBytes(StandardCharsets.UTF_8), "application/json");
    return key;
  }

  private static String tag(ArtefactKey key) {
    return client.getObjectTagging(r -> r.bucket(server.bucket()).key(store.objectKey(key))).tagSet().stream()
        .filter(t -> t.key().equals(S3Properties.RETENTION_TAG)).findFirst().orElseThrow().value();
  }
}
