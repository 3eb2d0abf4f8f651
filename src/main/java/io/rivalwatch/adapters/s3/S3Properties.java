package io.rivalwatch.adapters.s3;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The S3 artefact store ({@code rivalwatch.s3.*}), used when {@code rivalwatch.artefacts.store=s3}. Credentials are
 * not configured here: the AWS SDK's default chain finds them (environment, profile, container or instance role).
 *
 * @param bucket the bucket that holds the artefacts; required when the S3 store is used
 * @param prefix the folder inside the bucket; an artefact's object key is {@code prefix/runId/phase/competitor/name}
 * @param region the bucket's region
 * @param endpoint another S3 address (S3Mock, MinIO, a VPC endpoint); unset for AWS itself
 * @param pathStyle address the bucket as {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}
 *     (S3Mock and most S3-compatible servers need this)
 * @param encryption server-side encryption asked for on every write: {@code none}, {@code sse-s3} or {@code sse-kms}
 * @param kmsKeyId the KMS key (id, ARN or alias) for {@code sse-kms}
 * @param linkLifetime how long a presigned link stays valid (15 minutes unless set; at most 7 days, the longest a SigV4
 *     signature allows). Presigned links are only printed for an operator at hand (the local run); links people keep
 *     (e-mail, Slack, Tasklist) go to the application's signed-in pages instead (ArtefactLinks), since a presigned link
 *     opens for anyone who holds it. A link signed with temporary credentials (an IAM role) stops working when those
 *     credentials expire, whichever comes first
 * @param retentionTags phase to retention class, written as the object tag {@link #RETENTION_TAG}; lifecycle rules
 *     on the bucket expire or archive objects by this tag. Entries here replace the defaults phase by phase; a phase
 *     without an entry is {@link #DEFAULT_RETENTION_CLASS}
 */
@ConfigurationProperties(S3Properties.PREFIX)
public record S3Properties(
    String bucket,
    @DefaultValue(S3Properties.DEFAULT_PREFIX) String prefix,
    @DefaultValue(S3Properties.DEFAULT_REGION) String region,
    URI endpoint,
    boolean pathStyle,
    @DefaultValue(S3Properties.SSE_S3) String encryption,
    String kmsKeyId,
    @DefaultValue("15m") Duration linkLifetime,
    Map<String, String> retentionTags) {

  static final String PREFIX = "rivalwatch.s3";

  /** The object tag that carries an artefact's retention class. */
  public static final String RETENTION_TAG = "rivalwatch-retention";

  public static final String DEFAULT_PREFIX = "rivalwatch";
  public static final String DEFAULT_REGION = "us-east-1";
  public static final String NONE = "none";
  public static final String SSE_S3 = "sse-s3";
  public static final String SSE_KMS = "sse-kms";
  public static final Duration MAX_LINK_LIFETIME = Duration.ofDays(7);
  public static final Duration DEFAULT_LINK_LIFETIME = Duration.ofMinutes(15);
  public static final String DEFAULT_RETENTION_CLASS = "record";

  /** The retention class of each phase when nothing is configured. */
  public static final Map<String, String> DEFAULT_RETENTION_TAGS = Map.of(
      "research", "raw",
      "analysis", "derived",
      "usage", "derived",
      "planning", "record",
      "synthesis", "report",
      "distribution", "record",
      "outcome", "record",
      "dashboard", "report",
      // breaker openings shared between instances (ADR 0018): useless once their hour has passed
      "breakers", "raw");

  // what S3 accepts in a tag value: letters, digits, spaces and + - = . _ : / @, up to 256 characters
  private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{N} +\\-=._:/@]{1,256}");

  public S3Properties {
    bucket = bucket == null ? null : bucket.strip();
    prefix = trimSlashes(prefix == null ? DEFAULT_PREFIX : prefix.strip());
    region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
    encryption = encryption == null || encryption.isBlank() ? SSE_S3 : encryption.strip().toLowerCase(Locale.ROOT);
    kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId.strip();
    linkLifetime = linkLifetime == null ? DEFAULT_LINK_LIFETIME : linkLifetime;
    Map<String, String> tags = new TreeMap<>(DEFAULT_RETENTION_TAGS);
    if (retentionTags != null) {
      retentionTags.forEach((phase, retention) -> tags.put(phase, retention == null ? null : retention.strip()));
    }
    retentionTags = Collections.unmodifiableMap(tags);
  }

  /** The settings for a bucket with every other setting at its default. */
  public static S3Properties forBucket(String bucket) {
    return new S3Properties(bucket, null, null, null, false, null, null, null, null);
  }

  public S3Properties withEndpoint(URI endpoint, boolean pathStyle) {
    return new S3Properties(
        bucket, prefix, region, endpoint, pathStyle, encryption, kmsKeyId, linkLifetime, retentionTags);
  }

  public S3Properties withEncryption(String encryption, String kmsKeyId) {
    return new S3Properties(
        bucket, prefix, region, endpoint, pathStyle, encryption, kmsKeyId, linkLifetime, retentionTags);
  }

  public S3Properties withLinkLifetime(Duration linkLifetime) {
    return new S3Properties(
        bucket, prefix, region, endpoint, pathStyle, encryption, kmsKeyId, linkLifetime, retentionTags);
  }

  /** These settings with the folders' retention classes from {@code rivalwatch.retention.kinds} as the object tags. */
  public S3Properties withRetentionTags(Map<String, String> retentionTags) {
    return new S3Properties(
        bucket, prefix, region, endpoint, pathStyle, encryption, kmsKeyId, linkLifetime, retentionTags);
  }

  public S3Properties withPrefix(String prefix) {
    return new S3Properties(
        bucket, prefix, region, endpoint, pathStyle, encryption, kmsKeyId, linkLifetime, retentionTags);
  }

  /** The retention class written on the artefacts of a phase; {@value #DEFAULT_RETENTION_CLASS} when unknown. */
  public String retentionClass(String phase) {
    String retention = retentionTags.get(phase);
    return retention == null || retention.isBlank() ? DEFAULT_RETENTION_CLASS : retention;
  }

  /**
   * What is wrong with these settings, one line per problem, each naming the property and the fix. Checked when the
   * S3 store is created, not when the properties are bound (they are bound even when the store is not used).
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (bucket == null || bucket.isEmpty()) {
      problems.add(PREFIX + ".bucket: not set. Fix: set it to the bucket that holds rivalwatch's artefacts "
          + "(or set rivalwatch.artefacts.store=file to keep them on the local disk)");
    }
    if (!List.of(NONE, SSE_S3, SSE_KMS).contains(encryption)) {
      problems.add(PREFIX + ".encryption: '" + encryption + "' is not one of none, sse-s3, sse-kms. Fix: choose one");
    }
    if (SSE_KMS.equals(encryption) && kmsKeyId == null) {
      problems.add(PREFIX + ".kms-key-id: required when " + PREFIX + ".encryption is sse-kms. Fix: set it to the "
          + "KMS key's id, ARN or alias, or set " + PREFIX + ".encryption=sse-s3");
    }
    if (linkLifetime.isZero() || linkLifetime.isNegative() || linkLifetime.compareTo(MAX_LINK_LIFETIME) > 0) {
      problems.add(PREFIX + ".link-lifetime: " + linkLifetime + " is not between 1 second and 7 days, the longest "
          + "a SigV4 presigned link is valid. Fix: set it to 7d or less");
    }
    if (endpoint != null && (!endpoint.isAbsolute() || endpoint.getHost() == null
        || !List.of("http", "https").contains(endpoint.getScheme().toLowerCase(Locale.ROOT)))) {
      problems.add(PREFIX + ".endpoint: '" + endpoint + "' is not an absolute http(s) URL. Fix: e.g. "
          + "http://localhost:9090, or remove it to use AWS");
    }
    retentionTags.forEach((phase, retention) -> {
      if (retention != null && !retention.isEmpty() && !TAG_VALUE.matcher(retention).matches()) {
        problems.add(PREFIX + ".retention-tags." + phase + ": '" + retention + "' is not a valid S3 tag value. Fix: "
            + "use letters, digits, spaces and + - = . _ : / @ (at most 256)");
      }
    });
    return problems;
  }

  private static String trimSlashes(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && value.charAt(start) == '/') {
      start++;
    }
    while (end > start && value.charAt(end - 1) == '/') {
      end--;
    }
    return value.substring(start, end);
  }
}
