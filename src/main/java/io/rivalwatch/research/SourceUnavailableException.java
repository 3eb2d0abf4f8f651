package io.rivalwatch.research;

/**
 * A source could not be reached for a reason that may pass (timeout, connection refused, HTTP 429 or 5xx) and
 * nothing at all was gathered. The engine retries the job with a backoff; when retries run out the source is
 * recorded as failed and the competitor goes on without it.
 */
public class SourceUnavailableException extends RuntimeException {

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceUnavailableException(String message) {
    super(message);
  }
}
