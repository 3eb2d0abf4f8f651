package io.rivalwatch.research;

import io.rivalwatch.failure.OutsideServiceException;
import java.time.Duration;

/**
 * Not read at all: the host's circuit breaker is open after repeated failures, so the request was not sent. It may
 * pass: the host gets a trial call after {@link #retryAfter()}.
 */
public final class CircuitOpenFetchException extends FetchException {

  private final OutsideServiceException refusal;

  public CircuitOpenFetchException(String address, OutsideServiceException refusal) {
    super(address, "not tried (" + refusal.getMessage() + ")", refusal);
    this.refusal = refusal;
  }

  /** The breaker's refusal: service "web:&lt;host&gt;", kind CIRCUIT_OPEN. */
  public OutsideServiceException refusal() {
    return refusal;
  }

  /** The breaker's remaining open time. */
  public Duration retryAfter() {
    return refusal.retryAfter().orElse(Duration.ofSeconds(1));
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
