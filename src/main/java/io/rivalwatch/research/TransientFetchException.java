package io.rivalwatch.research;

import java.time.Duration;
import java.util.Optional;

/** A failure that may pass: a timeout, a refused or reset connection, HTTP 429 or 5xx. */
public final class TransientFetchException extends FetchException {

  private final Duration retryAfter;

  public TransientFetchException(String address, String reason, Duration retryAfter, Throwable cause) {
    super(address, reason, cause);
    this.retryAfter = retryAfter;
  }

  public TransientFetchException(String address, String reason, Throwable cause) {
    this(address, reason, null, cause);
  }

  /** How long the server asked us to wait (HTTP Retry-After), when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
