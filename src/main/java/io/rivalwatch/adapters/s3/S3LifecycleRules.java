package io.rivalwatch.adapters.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rivalwatch.retention.BucketLifecycle;
import io.rivalwatch.retention.RetentionProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The bucket lifecycle rules that do server-side what the retention job does: one rule per retention class, for the
 * objects under the store's prefix that carry the class's tag ({@value S3Properties#RETENTION_TAG}, written on every
 * object from {@code rivalwatch.retention.kinds}), expiring them the class's days after they were written. Generated
 * from the same settings as the job, so the two cannot disagree on ages.
 *
 * <p>What the rules cannot do: see holds. S3 expires an object of a run in flight or of a watch list's baseline when
 * its days are up; the job keeps it. With the default classes that matters only for a baseline older than 30 days
 * (its raw research) or 180 days (its analyses); docs/retention.md says when to apply the rules.
 */
public class S3LifecycleRules implements BucketLifecycle {

  static final String RULE_PREFIX = "rivalwatch-retention-";

  private final S3Properties s3;
  private final RetentionProperties retention;

  public S3LifecycleRules(S3Properties s3, RetentionProperties retention) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  /** The rules as the S3 client takes them (PutBucketLifecycleConfiguration). */
  public BucketLifecycleConfiguration configuration() {
    List<LifecycleRule> rules = new ArrayList<>();
    retention.classes().forEach((retentionClass, keep) -> {
      Tag tag = Tag.builder().key(S3Properties.RETENTION_TAG).value(retentionClass).build();
      LifecycleRuleFilter filter = s3.prefix().isEmpty()
          ? LifecycleRuleFilter.builder().tag(tag).build()
          : LifecycleRuleFilter.builder().and(a -> a.prefix(s3.prefix() + "/").tags(tag)).build();
      rules.add(LifecycleRule.builder().id(RULE_PREFIX + retentionClass).status(ExpirationStatus.ENABLED)
          .filter(filter).expiration(e -> e.days((int) keep.toDays())).build());
    });
    return BucketLifecycleConfiguration.builder().rules(rules).build();
  }

  /** The same rules in the JSON of {@code aws s3api put-bucket-lifecycle-configuration}. */
  @Override
  public String configurationJson() {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (LifecycleRule rule : configuration().rules()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("ID", rule.id());
      Map<String, Object> tag = Map.of("Key", S3Properties.RETENTION_TAG,
          "Value", rule.filter().and() != null ? rule.filter().and().tags().get(0).value() : rule.filter().tag().value());
      json.put("Filter", rule.filter().and() != null
          ? Map.of("And", orderedMap("Prefix", rule.filter().and().prefix(), "Tags", List.of(orderedMap(
              "Key", tag.get("Key"), "Value", tag.get("Value")))))
          : Map.of("Tag", orderedMap("Key", tag.get("Key"), "Value", tag.get("Value"))));
      json.put("Status", rule.statusAsString());
      json.put("Expiration", Map.of("Days", rule.expiration().days()));
      rules.add(json);
    }
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("Rules", rules))
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the lifecycle rules as JSON", e);
    }
  }

  private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
