package io.rivalwatch.failure;

import java.time.Duration;
import java.util.Optional;

/**
 * An outside service (a model, the memory, the artefact store) refused or failed a call, classified so the worker
 * knows what to do: retry later, retry after the service's own wait, or stop.
 */
public class OutsideServiceException extends RuntimeException {

  /** How a failed call may be treated. */
  public enum Kind {
    /** May pass by itself: 5xx, timeouts, connection resets, a model not ready yet. */
    TRANSIENT,
    /** The service asked us to slow down (throttling); {@link #retryAfter()} says for how long when it said. */
    RATE_LIMITED,
    /** Will not pass by retrying: access denied, validation, not found, bad configuration. */
    FATAL
  }

  private final String service;
  private final Kind kind;
  private final Duration retryAfter;

  public OutsideServiceException(String service, Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(service + ": " + message, cause);
    this.service = service;
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public OutsideServiceException(String service, Kind kind, String message, Throwable cause) {
    this(service, kind, message, null, cause);
  }

  /** Which service, e.g. "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0", "agentcore-memory", "s3". */
  public String service() {
    return service;
  }

  public Kind kind() {
    return kind;
  }

  public boolean mayPass() {
    return kind != Kind.FATAL;
  }

  /** The wait the service asked for, if it gave one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
