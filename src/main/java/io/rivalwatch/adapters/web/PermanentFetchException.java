package io.rivalwatch.adapters.web;

/**
 * A failure that will not pass by trying again: HTTP 4xx (but 408 and 429), a content type the caller cannot use,
 * a response larger than allowed, a malformed address.
 */
public final class PermanentFetchException extends FetchException {

  public PermanentFetchException(String address, String reason, Throwable cause) {
    super(address, reason, cause);
  }

  public PermanentFetchException(String address, String reason) {
    this(address, reason, null);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
