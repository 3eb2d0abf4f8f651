package io.rivalwatch.adapters.s3;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Turns what the SDK threw into an {@link OutsideServiceException} for service {@value #SERVICE}: may it pass by
 * itself (5xx, timeouts, lost connections), did S3 ask us to slow down (429, 503 SlowDown), or must someone change
 * something (access, bucket, region, key, credentials) - and then the message says what.
 */
final class S3Failures {

  static final String SERVICE = "s3";

  private static final Set<String> THROTTLING_CODES =
      Set.of("SlowDown", "Throttling", "ThrottlingException", "TooManyRequests", "RequestLimitExceeded",
          "TooManyRequestsException", "RequestThrottled", "ProvisionedThroughputExceededException");
  private static final Set<String> TRANSIENT_CODES =
      Set.of("RequestTimeout", "OperationAborted", "ConditionalRequestConflict", "ExpiredToken",
          "TokenRefreshRequired", "InternalError", "ServiceUnavailable");

  private final S3Properties properties;

  S3Failures(S3Properties properties) {
    this.properties = properties;
  }

  /** The HTTP status of a service error, or 0 when the call never got an answer. */
  static int status(SdkException e) {
    return e instanceof SdkServiceException service ? service.statusCode() : 0;
  }

  /** S3's error code ("NoSuchKey", "PreconditionFailed"...), or "" when there is none (HEAD answers have no body). */
  static String errorCode(SdkException e) {
    if (e instanceof AwsServiceException aws) {
      AwsErrorDetails details = aws.awsErrorDetails();
      if (details != null && details.errorCode() != null) {
        return details.errorCode();
      }
    }
    return "";
  }

  /**
   * @param operation the S3 operation, as in IAM and CloudTrail (PutObject, GetObject, ...)
   * @param objectKey the object concerned, or null for a bucket operation
   */
  OutsideServiceException classify(SdkException e, String operation, String objectKey) {
    String where = operation + " " + location(objectKey);
    if (!(e instanceof SdkServiceException)) {
      return clientSide(e, where);
    }
    int status = status(e);
    String code = errorCode(e);
    String answer = "(HTTP " + status + (code.isEmpty() ? "" : " " + code) + serviceMessage(e) + ")";

    if (status == 429 || THROTTLING_CODES.contains(code) || ((SdkServiceException) e).isThrottlingException()) {
      return new OutsideServiceException(SERVICE, Kind.RATE_LIMITED,
          where + ": S3 asks us to slow down " + answer, retryAfter(e).orElse(null), e);
    }
    if (status >= 500 || status == 408 || TRANSIENT_CODES.contains(code)) {
      return new OutsideServiceException(SERVICE, Kind.TRANSIENT, where + ": S3 failed the request " + answer, e);
    }
    return new OutsideServiceException(
        SERVICE, Kind.FATAL, where + ": " + refusal(e, operation, status, code, answer), e);
  }

  private String refusal(SdkException e, String operation, int status, String code, String answer) {
    String bucket = properties.bucket();
    if ("NoSuchBucket".equals(code) || (status == 404 && "HeadBucket".equals(operation))) {
      return "bucket '" + bucket + "' does not exist " + answer + ". Fix: create it or set rivalwatch.s3.bucket "
          + "to an existing bucket";
    }
    if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)
        || "IllegalLocationConstraintException".equals(code)) {
      String actual = bucketRegion(e).orElse(null);
      return "bucket '" + bucket + "' is not in region " + properties.region()
          + (actual == null ? "" : " but in " + actual) + " " + answer + ". Fix: set rivalwatch.s3.region="
          + (actual == null ? "<the bucket's region>" : actual);
    }
    if (code.startsWith("KMS.") || code.equals("KMSKeyNotFound")) {
      return "KMS refused the key '" + properties.kmsKeyId() + "' " + answer + ". Fix: set rivalwatch.s3.kms-key-id "
          + "to an enabled key in " + properties.region() + " that this application may use, or set "
          + "rivalwatch.s3.encryption=sse-s3";
    }
    if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
        || "InvalidToken".equals(code)) {
      return "S3 rejected the credentials " + answer + ". Fix: check the credentials the AWS SDK's default chain "
          + "finds (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a container or instance role)";
    }
    if ("RequestTimeTooSkewed".equals(code) || e instanceof SdkServiceException s && s.isClockSkewException()) {
      return "this machine's clock is too far from S3's " + answer + ". Fix: synchronise the clock (NTP)";
    }
    if (status == 403) {
      return "access denied " + answer + ". Fix: allow the role or user the AWS SDK's default credentials chain "
          + "finds " + permissionsFor(operation);
    }
    return "S3 refused the request " + answer + ". Fix: check the rivalwatch.s3.* settings (bucket, region, "
        + "encryption, kms-key-id) against the bucket";
  }

  private String permissionsFor(String operation) {
    String bucketArn = "arn:aws:s3:::" + properties.bucket();
    String objectsArn = bucketArn + "/" + (properties.prefix().isEmpty() ? "" : properties.prefix() + "/") + "*";
    boolean kms = S3Properties.SSE_KMS.equals(properties.encryption());
    return switch (operation) {
      case "PutObject" -> "s3:PutObject and s3:PutObjectTagging on " + objectsArn
          + (kms ? ", and kms:GenerateDataKey on key " + properties.kmsKeyId() : "");
      case "GetObject", "HeadObject" -> "s3:GetObject on " + objectsArn + " and s3:ListBucket on " + bucketArn
          + " (without it S3 answers 403 instead of 404 for a missing artefact)"
          + (kms ? ", and kms:Decrypt on key " + properties.kmsKeyId() : "");
      case "ListObjectsV2", "HeadBucket" -> "s3:ListBucket on " + bucketArn;
      default -> "what " + operation + " needs on " + bucketArn;
    };
  }

  private OutsideServiceException clientSide(SdkException e, String where) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new OutsideServiceException(SERVICE, Kind.TRANSIENT, where + ": timed out: " + e.getMessage(), e);
    }
    Throwable io = ioCause(e);
    if (io != null) {
      return new OutsideServiceException(SERVICE, Kind.TRANSIENT,
          where + ": cannot reach " + endpoint() + ": " + io, e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.toLowerCase(Locale.ROOT).contains("credentials")) {
      return new OutsideServiceException(SERVICE, Kind.FATAL, where + ": no usable AWS credentials (" + message
          + "). Fix: provide them as the AWS SDK's default chain reads them (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
          + "AWS_PROFILE, a container or instance role)", e);
    }
    return new OutsideServiceException(SERVICE, Kind.FATAL, where + ": the S3 client failed: " + message, e);
  }

  String endpoint() {
    return properties.endpoint() != null
        ? properties.endpoint().toString()
        : "S3 in " + properties.region();
  }

  private String location(String objectKey) {
    return "s3://" + properties.bucket() + (objectKey == null ? "" : "/" + objectKey);
  }

  private static Throwable ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String serviceMessage(SdkException e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().errorMessage() != null) {
      return ": " + aws.awsErrorDetails().errorMessage();
    }
    return "";
  }

  static Optional<String> bucketRegion(SdkException e) {
    return header(e, "x-amz-bucket-region");
  }

  private static Optional<Duration> retryAfter(SdkException e) {
    return header(e, "Retry-After").flatMap(value -> {
      try {
        long seconds = Long.parseLong(value.strip());
        return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
      } catch (NumberFormatException notSeconds) {
        return Optional.empty();
      }
    });
  }

  private static Optional<String> header(SdkException e, String name) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().sdkHttpResponse() != null) {
      return aws.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(name);
    }
    return Optional.empty();
  }
}
