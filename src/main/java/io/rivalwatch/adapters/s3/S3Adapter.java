package io.rivalwatch.adapters.s3;

import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.resilience.IdempotentCalls;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import io.rivalwatch.resilience.StartupChecks;
import io.rivalwatch.retention.BucketLifecycle;
import io.rivalwatch.retention.RetentionProperties;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Artefacts in S3 ({@code rivalwatch.artefacts.store=s3}, settings {@code rivalwatch.s3.*}). At start-up it checks
 * the settings and that the bucket is there and reachable (asking again a few times after an answer that may pass);
 * if not, the application stops with a message that names the property to fix.
 *
 * <p>The clients never retry: the engine owns retries (job retries with backoff, incidents in Operate), and an SDK
 * retrying underneath would multiply them and hide outages. Credentials come only from the SDK's default chain
 * (environment, system properties, profile, web identity, container or instance role), never from rivalwatch's
 * configuration or from process variables.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rivalwatch.artefacts.store", havingValue = "s3")
@EnableConfigurationProperties(S3Properties.class)
public class S3Adapter {

  private static final Logger LOG = LoggerFactory.getLogger(S3Adapter.class);

  @Bean(destroyMethod = "close")
  S3Client rivalwatchS3Client(S3Properties properties) {
    requireValid(properties);
    return client(properties);
  }

  @Bean(destroyMethod = "close")
  S3Presigner rivalwatchS3Presigner(S3Properties properties) {
    requireValid(properties);
    return presigner(properties);
  }

  @Bean
  ArtefactStore s3ArtefactStore(S3Client rivalwatchS3Client, S3Presigner rivalwatchS3Presigner,
      S3Properties configured, ObjectProvider<IdempotentCalls> calls, ObjectProvider<ResilienceProperties> resilience,
      ObjectProvider<RetentionProperties> retention) {
    // the objects' retention tags are the retention job's classes, so the bucket's lifecycle rules match the job
    S3Properties properties = withRetentionClasses(configured,
        retention.getIfAvailable(RetentionProperties::defaults));
    verifyBucket(rivalwatchS3Client, properties, resilience.getIfAvailable(ResilienceProperties::defaults).startup());
    LOG.info("artefacts in s3://{}/{} ({}, encryption {}, links valid {})", properties.bucket(), properties.prefix(),
        properties.endpoint() == null ? properties.region() : properties.endpoint(), properties.encryption(),
        properties.linkLifetime());
    // the application's shared breakers; this configuration used on its own gets a breaker of its own
    return new S3ArtefactStore(rivalwatchS3Client, rivalwatchS3Presigner, properties,
        calls.getIfAvailable(() -> IdempotentCalls.singleAttempt(OutsideServices.standalone())));
  }

  /** The bucket's lifecycle rules from the retention settings, printed by GET /api/retention/bucket-lifecycle. */
  @Bean
  BucketLifecycle s3BucketLifecycle(S3Properties properties, ObjectProvider<RetentionProperties> retention) {
    return new S3LifecycleRules(properties, retention.getIfAvailable(RetentionProperties::defaults));
  }

  /**
   * The settings with {@code rivalwatch.retention.kinds} as the objects' retention tags. A folder set differently under
   * the older {@code rivalwatch.s3.retention-tags} stops the start-up: objects tagged apart from the job's classes
   * would expire on other days than the job says.
   */
  static S3Properties withRetentionClasses(S3Properties configured, RetentionProperties retention) {
    List<String> problems = new java.util.ArrayList<>();
    configured.retentionTags().forEach((folder, tag) -> {
      boolean setByHand = !java.util.Objects.equals(tag, S3Properties.DEFAULT_RETENTION_TAGS.get(folder));
      String retentionClass = retention.kinds().getOrDefault(folder, RetentionProperties.DEFAULT_CLASS);
      if (setByHand && !java.util.Objects.equals(tag, retentionClass)) {
        problems.add("rivalwatch.s3.retention-tags." + folder + ": '" + tag + "' differs from the retention class '"
            + retentionClass + "' of rivalwatch.retention.kinds." + folder + ". Fix: set the class under "
            + "rivalwatch.retention.kinds (it tags the objects now) and remove rivalwatch.s3.retention-tags");
      }
    });
    if (!problems.isEmpty()) {
      throw new S3ConfigurationException(problems);
    }
    return configured.withRetentionTags(retention.kinds());
  }

  /** Stops with every configuration problem at once, each naming its property. */
  public static void requireValid(S3Properties properties) {
    List<String> problems = properties.problems();
    if (!problems.isEmpty()) {
      throw new S3ConfigurationException(problems);
    }
  }

  /** An S3 client as configured: region, endpoint, path style, no retries, the SDK's default credentials chain. */
  public static S3Client client(S3Properties properties) {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(properties.region()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .forcePathStyle(properties.pathStyle())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (properties.endpoint() != null) {
      builder.endpointOverride(properties.endpoint());
    }
    return builder.build();
  }

  /** A presigner for links that match {@link #client(S3Properties)}: same region, endpoint and addressing. */
  public static S3Presigner presigner(S3Properties properties) {
    S3Presigner.Builder builder = S3Presigner.builder()
        .region(Region.of(properties.region()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(properties.pathStyle()).build());
    if (properties.endpoint() != null) {
      builder.endpointOverride(properties.endpoint());
    }
    return builder.build();
  }

  /** {@link #verifyBucket(S3Client, S3Properties, ResilienceProperties.Startup)} at the default retries. */
  public static void verifyBucket(S3Client client, S3Properties properties) {
    verifyBucket(client, properties, ResilienceProperties.defaults().startup());
  }

  /**
   * Checks with HeadBucket that the bucket exists and this application may use it. An answer that may pass (5xx,
   * throttling, a connection that failed) is asked again a few times first ({@code rivalwatch.resilience.startup.*}).
   *
   * @throws S3ConfigurationException naming the property to fix when it does not
   */
  public static void verifyBucket(S3Client client, S3Properties properties, ResilienceProperties.Startup retries) {
    try {
      StartupChecks.retried("S3 bucket '" + properties.bucket() + "'", retries, S3Adapter::mayPass,
          () -> client.headBucket(r -> r.bucket(properties.bucket())));
    } catch (SdkException e) {
      String attempts = mayPass(e) && retries.attempts() > 1 ? " (" + retries.attempts() + " attempts)" : "";
      throw new S3ConfigurationException(bucketProblem(e, properties) + attempts, e);
    }
  }

  /** A HeadBucket failure that may pass: 5xx, throttling, or a connection that failed (not missing credentials). */
  static boolean mayPass(Throwable failure) {
    if (!(failure instanceof SdkException e)) {
      return false;
    }
    int status = S3Failures.status(e);
    return status >= 500 || status == 429 || (status == 0 && hasIoCause(e));
  }

  static String bucketProblem(SdkException e, S3Properties properties) {
    String bucket = "bucket '" + properties.bucket() + "'";
    String where = properties.region() + (properties.endpoint() == null ? "" : " at " + properties.endpoint());
    int status = S3Failures.status(e);
    // a HEAD answer has no body: the SDK makes its error code up from the status, so only the status is S3's
    String answer = "(HTTP " + status + ")";
    if (status == 0) {
      String message = String.valueOf(e.getMessage());
      if (!hasIoCause(e) && message.toLowerCase(Locale.ROOT).contains("credentials")) {
        return "AWS credentials: none found to check " + bucket + " (" + message + "). Fix: provide them as the "
            + "AWS SDK's default chain reads them (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a container "
            + "or instance role); rivalwatch never reads credentials from its own settings";
      }
      String property = properties.endpoint() == null ? "rivalwatch.s3.region" : "rivalwatch.s3.endpoint";
      return property + ": cannot reach " + where + " to check " + bucket + " (" + message + "). Fix: check "
          + property + " and the network between this application and S3 (proxy, VPC endpoint, firewall)";
    }
    String actualRegion = S3Failures.bucketRegion(e).orElse(null);
    if (actualRegion != null && !actualRegion.equals(properties.region())) {
      return "rivalwatch.s3.region: " + bucket + " is in " + actualRegion + ", not " + properties.region() + " "
          + answer + ". Fix: set rivalwatch.s3.region=" + actualRegion;
    }
    if (status == 404) {
      return "rivalwatch.s3.bucket: " + bucket + " not found in " + where + " " + answer
          + ". Fix: create it or point rivalwatch.s3.bucket at an existing bucket";
    }
    if (status == 403) {
      String objects = "arn:aws:s3:::" + properties.bucket() + "/"
          + (properties.prefix().isEmpty() ? "" : properties.prefix() + "/") + "*";
      return "rivalwatch.s3.bucket: access to " + bucket + " in " + where + " denied " + answer + ". Fix: allow the "
          + "role or user the AWS SDK's default credentials chain finds s3:ListBucket on arn:aws:s3:::"
          + properties.bucket() + " and s3:GetObject, s3:PutObject, s3:PutObjectTagging on " + objects
          + ", or point rivalwatch.s3.bucket at a bucket it may use (bucket names are global: the name may belong to "
          + "another account)";
    }
    if (status == 301) {
      return "rivalwatch.s3.region: " + bucket + " is not in " + properties.region() + " " + answer
          + ". Fix: set rivalwatch.s3.region to the bucket's region";
    }
    return "rivalwatch.s3.bucket: cannot check " + bucket + " in " + where + " " + answer + ": " + e.getMessage()
        + ". Fix: check rivalwatch.s3.bucket, rivalwatch.s3.region and rivalwatch.s3.endpoint";
  }

  private static boolean hasIoCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
