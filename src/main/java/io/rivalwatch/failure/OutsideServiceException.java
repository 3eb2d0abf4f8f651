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
    FATAL,
    /**
     * Not called at all: the service's circuit breaker is open after repeated failures. Come back after
     * {@link #retryAfter()}; this costs neither a job retry nor the run's retry budget.
     */
    CIRCUIT_OPEN
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

  /**
   * Which service, e.g. "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0", "agentcore-memory", "s3",
   * "web:news.example.com", "smtp", "slack".
   */
  public String service() {
    return service;
  }

  public Kind kind() {
    return kind;
  }

  public boolean mayPass() {
    return kind != Kind.FATAL;
  }

  /** A failure that happened: the call was made and the service failed it (not a breaker's refusal). */
  public boolean counted() {
    return kind == Kind.TRANSIENT || kind == Kind.RATE_LIMITED;
  }

  /** The wait the service asked for, if it gave one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
