package io.rivalwatch.adapters.agentcore;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Classifies what the AgentCore SDK threw into an {@link OutsideServiceException} of service
 * {@value #SERVICE}. The SDK's own {@code retryable()} is false for every service error seen, so the error type
 * (header {@code x-amzn-ErrorType}) and the HTTP status decide:
 *
 * <ul>
 *   <li>RATE_LIMITED: ThrottlingException / ThrottledException, any 429 (with the service's Retry-After if any);</li>
 *   <li>TRANSIENT: 5xx, ServiceQuotaExceededException (a request-rate quota passes; a storage quota would not, but
 *       the engine's retry budget bounds that), timeouts, connection failures;</li>
 *   <li>FATAL: ValidationException, AccessDenied, Unauthorized, ResourceNotFound, Conflict and any other 4xx, and a
 *       missing credential: each message says what to fix.</li>
 * </ul>
 */
final class AgentCoreErrors {

  static final String SERVICE = "agentcore-memory";

  private AgentCoreErrors() {}

  /**
   * @param operation what was asked, e.g. "CreateEvent"
   * @param memoryId the memory it was asked of, named in messages about a missing memory
   */
  static OutsideServiceException classify(String operation, String memoryId, SdkException e) {
    if (e instanceof AwsServiceException service) {
      return classifyService(operation, memoryId, service);
    }
    return classifyClient(operation, e);
  }

  private static OutsideServiceException classifyService(String operation, String memoryId, AwsServiceException e) {
    String type = errorType(e);
    int status = e.statusCode();
    String detail = operation + " failed with " + (type.isEmpty() ? "HTTP " + status : type + " (HTTP " + status + ")")
        + ": " + serviceMessage(e);
    if (status == 429 || type.startsWith("Throttl")) {
      return new OutsideServiceException(SERVICE, Kind.RATE_LIMITED, detail, retryAfter(e).orElse(null), e);
    }
    if (status >= 500 || type.equals("ServiceQuotaExceededException") || status == 408) {
      return new OutsideServiceException(SERVICE, Kind.TRANSIENT, detail, e);
    }
    String fix = switch (type) {
      case "ResourceNotFoundException" -> "memory '" + memoryId + "' not found in this account and region: set "
          + AgentCoreProperties.MEMORY_ID_PROPERTY + " to an existing memory or enable "
          + AgentCoreProperties.BOOTSTRAP_PROPERTY;
      case "AccessDeniedException" -> "the AWS identity may not call bedrock-agentcore:" + operation + " on memory '"
          + memoryId + "': grant it in the role or policy of the credentials in use";
      case "UnauthorizedException", "UnrecognizedClientException", "InvalidSignatureException",
          "ExpiredTokenException" -> "the AWS credentials were refused: check the credentials the SDK's default "
          + "provider chain finds (environment, profile, role) and " + AgentCoreProperties.REGION_PROPERTY;
      case "ValidationException", "InvalidInputException" -> "the service rejected the request as invalid; this is a "
          + "bug in rivalwatch's AgentCore adapter or a value it passed through unchecked";
      default -> "not retried: the service will answer the same again";
    };
    return new OutsideServiceException(SERVICE, Kind.FATAL, detail + ". Fix: " + fix, e);
  }

  private static OutsideServiceException classifyClient(String operation, SdkException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new OutsideServiceException(SERVICE, Kind.TRANSIENT, operation + " timed out: " + e.getMessage(), e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load credentials")) {
      return new OutsideServiceException(SERVICE, Kind.FATAL, operation + " found no AWS credentials. Fix: provide "
          + "them through the SDK's default provider chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, "
          + "or a container or instance role)", e);
    }
    if (message.contains("Unable to load region")) {
      return new OutsideServiceException(SERVICE, Kind.FATAL,
          operation + " has no region. Fix: set " + AgentCoreProperties.REGION_PROPERTY, e);
    }
    if (e instanceof AbortedException) {
      return new OutsideServiceException(SERVICE, Kind.TRANSIENT, operation + " was interrupted", e);
    }
    if (e instanceof SdkClientException && hasCause(e, IOException.class)) {
      return new OutsideServiceException(SERVICE, Kind.TRANSIENT,
          operation + " could not reach the service: " + message, e);
    }
    return new OutsideServiceException(SERVICE, Kind.TRANSIENT, operation + " failed in the client: " + message, e);
  }

  /** The service's error type: the x-amzn-ErrorType header (before any ':'), else the SDK's error code. */
  static String errorType(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if (code == null && e.awsErrorDetails() != null && e.awsErrorDetails().sdkHttpResponse() != null) {
      code = e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null);
    }
    if (code == null) {
      return "";
    }
    int colon = code.indexOf(':');
    return colon >= 0 ? code.substring(0, colon) : code;
  }

  private static String serviceMessage(AwsServiceException e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return message == null || message.isBlank() ? "(no message)" : message;
  }

  private static Optional<Duration> retryAfter(AwsServiceException e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
      return Optional.empty();
    }
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(value -> {
      try {
        long seconds = Long.parseLong(value.strip().toLowerCase(Locale.ROOT));
        return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
      } catch (NumberFormatException notSeconds) {
        return Optional.empty(); // an HTTP date: rare from AWS; the worker's own backoff applies
      }
    });
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
