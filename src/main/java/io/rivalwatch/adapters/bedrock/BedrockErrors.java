package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Turns a failed Bedrock runtime call into an {@link OutsideServiceException} the worker can act on. Classified by
 * exception type and HTTP status, never by {@code SdkException.retryable()} (false for every Bedrock error we saw).
 * FATAL messages say what a person has to change.
 */
final class BedrockErrors {

  private BedrockErrors() {}

  static String service(String modelId) {
    return "bedrock:" + modelId;
  }

  static OutsideServiceException classify(
      Throwable failure, String modelId, String task, String region, Duration timeout) {
    Throwable t = unwrap(failure);
    String service = service(modelId);
    String property = BedrockProperties.modelIdProperty(task);
    String detail = detail(t);
    if (t instanceof OutsideServiceException already) {
      return already;
    }
    if (t instanceof ThrottlingException e) {
      return new OutsideServiceException(service, Kind.RATE_LIMITED,
          "throttled (" + detail + ")", retryAfter(e).orElse(null), e);
    }
    if (t instanceof ServiceQuotaExceededException e) {
      return new OutsideServiceException(service, Kind.RATE_LIMITED,
          "service quota exceeded (" + detail + "); if this recurs, ask for a higher Bedrock quota in " + region
              + " or run fewer analyses at once", retryAfter(e).orElse(null), e);
    }
    if (t instanceof ModelNotReadyException
        || t instanceof ServiceUnavailableException
        || t instanceof InternalServerException
        || t instanceof ModelTimeoutException
        || t instanceof ModelStreamErrorException
        || t instanceof ModelErrorException) {
      return new OutsideServiceException(service, Kind.TRANSIENT,
          t.getClass().getSimpleName() + " (" + detail + ")", t);
    }
    if (t instanceof ResourceNotFoundException) {
      return new OutsideServiceException(service, Kind.FATAL,
          "model '" + modelId + "' not found or not enabled in " + region + ": enable it in the Bedrock console or"
              + " change " + property + " (" + detail + ")", t);
    }
    if (t instanceof AccessDeniedException) {
      return new OutsideServiceException(service, Kind.FATAL,
          "access to model '" + modelId + "' denied in " + region + ": request model access in the Bedrock console"
              + " and allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on it for the credentials in"
              + " use, or change " + property + " (" + detail + ")", t);
    }
    if (t instanceof ValidationException) {
      String profileHint = BedrockProperties.isInferenceProfile(modelId) ? ""
          : " (a model without on-demand throughput must be called through an inference profile id such as 'us."
              + modelId + "')";
      return new OutsideServiceException(service, Kind.FATAL,
          "the " + task + " request was rejected as invalid (" + detail + "): check " + property + profileHint
              + ", " + BedrockProperties.PREFIX + ".tasks." + task + ".max-tokens and .temperature; if the input is"
              + " too long, lower " + BedrockProperties.PREFIX + ".input-char-budget", t);
    }
    if (t instanceof AwsServiceException e) {
      return byStatus(e, service, detail);
    }
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException
        || t instanceof TimeoutException) {
      return new OutsideServiceException(service, Kind.TRANSIENT,
          "no complete answer within " + timeout + " (" + detail + "); if this recurs raise "
              + BedrockProperties.PREFIX + ".tasks." + task + ".timeout", t);
    }
    if (t instanceof SdkClientException && mentionsCredentials(t)) {
      return new OutsideServiceException(service, Kind.FATAL,
          "no usable AWS credentials (" + detail + "): provide them through the default chain (environment,"
              + " aws.accessKeyId/aws.secretAccessKey system properties, profile, container or instance role)", t);
    }
    if (t instanceof SdkException || t instanceof IOException || t instanceof UncheckedIOException) {
      // connection refused or reset, DNS, TLS, a stream cut off: the network, not the request
      return new OutsideServiceException(service, Kind.TRANSIENT, "call failed (" + detail + ")", t);
    }
    return new OutsideServiceException(service, Kind.TRANSIENT, "unexpected failure (" + detail + ")", t);
  }

  private static OutsideServiceException byStatus(AwsServiceException e, String service, String detail) {
    int status = e.statusCode();
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if (status == 429) {
      return new OutsideServiceException(service, Kind.RATE_LIMITED, "throttled (" + detail + ")",
          retryAfter(e).orElse(null), e);
    }
    if (status == 408 || status >= 500 || (code != null && code.startsWith("ExpiredToken"))) {
      // an expired session token is replaced by the default credentials chain on the next attempt
      return new OutsideServiceException(service, Kind.TRANSIENT, detail, e);
    }
    if (status == 401 || status == 403) {
      return new OutsideServiceException(service, Kind.FATAL,
          "credentials rejected (" + detail + "): check the AWS credentials and region the application runs with",
          e);
    }
    return new OutsideServiceException(service, Kind.FATAL, "request refused (" + detail + ")", e);
  }

  /**
   * True when a response with status 200 arrived but its body could not be read to the end: the JSON ends early or
   * the connection closed before the body's length. Such a call reached the model.
   */
  static boolean bodyCutOff(Throwable failure) {
    Throwable t = unwrap(failure);
    if (!(t instanceof SdkClientException)) {
      return false;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String name = c.getClass().getName();
      String message = String.valueOf(c.getMessage());
      if (name.endsWith("JsonParseException") || name.endsWith("JsonEOFException")
          || name.endsWith("ConnectionClosedException") || message.contains("Unable to unmarshall response")
          || message.contains("Premature end of Content-Length")) {
        return true;
      }
    }
    return false;
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String detail(Throwable t) {
    if (t instanceof AwsServiceException e && e.awsErrorDetails() != null) {
      String code = e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails().errorMessage();
      return (code == null ? e.getClass().getSimpleName() : code) + ", status " + e.statusCode()
          + (message == null ? "" : ": " + message);
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static boolean mentionsCredentials(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains("credentials")) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** The wait the service asked for in a Retry-After header: seconds or an HTTP date. */
  static Optional<Duration> retryAfter(AwsServiceException e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
      return Optional.empty();
    }
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(BedrockErrors::parseRetryAfter);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration wait = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
