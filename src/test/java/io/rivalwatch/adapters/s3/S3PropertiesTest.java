package io.rivalwatch.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.fakes.S3MockServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class S3PropertiesTest {

  @Test
  void defaults() {
    S3Properties p = bind(Map.of("rivalwatch.s3.bucket", "acme-intel"));

    assertThat(p.bucket()).isEqualTo("acme-intel");
    assertThat(p.prefix()).isEqualTo("rivalwatch");
    assertThat(p.region()).isEqualTo("us-east-1");
    assertThat(p.endpoint()).isNull();
    assertThat(p.pathStyle()).isFalse();
    assertThat(p.encryption()).isEqualTo("sse-s3");
    assertThat(p.kmsKeyId()).isNull();
    // presigned links are short-lived unless configured (links people keep go to the signed-in pages)
    assertThat(p.linkLifetime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.retentionTags()).containsExactlyInAnyOrderEntriesOf(S3Properties.DEFAULT_RETENTION_TAGS);
    assertThat(p.retentionClass("research")).isEqualTo("raw");
    assertThat(p.retentionClass("analysis")).isEqualTo("derived");
    assertThat(p.retentionClass("usage")).isEqualTo("derived");
    assertThat(p.retentionClass("synthesis")).isEqualTo("report");
    assertThat(p.retentionClass("dashboard")).isEqualTo("report");
    assertThat(p.retentionClass("planning")).isEqualTo("record");
    assertThat(p.retentionClass("something-new")).isEqualTo("record");
    assertThat(p.problems()).isEmpty();
    assertThat(S3Properties.RETENTION_TAG).isEqualTo("rivalwatch-retention");
  }

  @Test
  void bindsEverySettingByItsKebabCaseName() {
    S3Properties p = bind(Map.of(
        "rivalwatch.s3.bucket", "acme-intel",
        "rivalwatch.s3.prefix", "/intel/prod/",
        "rivalwatch.s3.region", "eu-central-1",
        "rivalwatch.s3.endpoint", "http://localhost:9000",
        "rivalwatch.s3.path-style", "true",
        "rivalwatch.s3.encryption", "SSE-KMS",
        "rivalwatch.s3.kms-key-id", "alias/rivalwatch",
        "rivalwatch.s3.link-lifetime", "12h",
        "rivalwatch.s3.retention-tags.research", "short",
        "rivalwatch.s3.retention-tags.experiments", "scratch"));

    assertThat(p.prefix()).isEqualTo("intel/prod");
    assertThat(p.region()).isEqualTo("eu-central-1");
    assertThat(p.endpoint()).isEqualTo(URI.create("http://localhost:9000"));
    assertThat(p.pathStyle()).isTrue();
    assertThat(p.encryption()).isEqualTo("sse-kms");
    assertThat(p.kmsKeyId()).isEqualTo("alias/rivalwatch");
    assertThat(p.linkLifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(p.retentionClass("research")).isEqualTo("short");
    assertThat(p.retentionClass("experiments")).isEqualTo("scratch");
    assertThat(p.retentionClass("analysis")).isEqualTo("derived");
    assertThat(p.problems()).isEmpty();
  }

  @Test
  void eachProblemNamesItsProperty() {
    S3Properties p = bind(Map.of(
        "rivalwatch.s3.encryption", "aes",
        "rivalwatch.s3.link-lifetime", "8d",
        "rivalwatch.s3.endpoint", "localhost:9000",
        "rivalwatch.s3.retention-tags.research", "raw,short"));

    assertThat(p.problems()).extracting(problem -> problem.substring(0, problem.indexOf(':')))
        .containsExactly("rivalwatch.s3.bucket", "rivalwatch.s3.encryption", "rivalwatch.s3.link-lifetime",
            "rivalwatch.s3.endpoint", "rivalwatch.s3.retention-tags.research");
    assertThat(p.problems()).allMatch(problem -> problem.contains("Fix:"));
    assertThat(S3Properties.forBucket("b").withEncryption("sse-kms", null).problems())
        .containsExactly("rivalwatch.s3.kms-key-id: required when rivalwatch.s3.encryption is sse-kms. Fix: set it "
            + "to the KMS key's id, ARN or alias, or set rivalwatch.s3.encryption=sse-s3");
    assertThat(S3Properties.forBucket("b").withLinkLifetime(Duration.ofDays(7)).problems()).isEmpty();
    assertThat(S3Properties.forBucket("b").withLinkLifetime(Duration.ZERO).problems()).hasSize(1);
  }

  @Test
  void objectKeysFollowThePrefix() {
    S3MockServer.useTestCredentials();
    var key = ArtefactKey.of("run-1", "research", "acme", "news-round-0.json");
    S3Properties nested = S3Properties.forBucket("b").withPrefix("/intel/prod/");
    S3Properties none = S3Properties.forBucket("b").withPrefix("");
    try (var client = S3Adapter.client(nested); var presigner = S3Adapter.presigner(nested)) {
      assertThat(new S3ArtefactStore(client, presigner, nested).objectKey(key))
          .isEqualTo("intel/prod/run-1/research/acme/news-round-0.json");
      assertThat(new S3ArtefactStore(client, presigner, none).objectKey(key))
          .isEqualTo("run-1/research/acme/news-round-0.json");
      assertThat(new S3ArtefactStore(client, presigner, nested).retentionClass(ArtefactKey.dashboard("site", "i.html")))
          .isEqualTo("report");
    }
  }

  private static S3Properties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("rivalwatch.s3", S3Properties.class);
  }
}
