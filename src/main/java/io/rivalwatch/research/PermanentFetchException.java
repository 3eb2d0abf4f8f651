package io.rivalwatch.research;

import java.util.OptionalInt;

/**
 * A failure that will not pass by trying again: HTTP 4xx (but 408 and 429), a content type the caller cannot use,
 * a response larger than allowed, a malformed address, an address refused by the {@link AddressGuard} or by the
 * host's robots.txt, too many redirects.
 */
public final class PermanentFetchException extends FetchException {

  private final int httpStatus;

  public PermanentFetchException(String address, String reason, Throwable cause) {
    this(address, reason, 0, cause);
  }

  public PermanentFetchException(String address, String reason) {
    this(address, reason, 0, null);
  }

  /** @param httpStatus the HTTP status the server answered with, or 0 when the failure is not an HTTP answer */
  public PermanentFetchException(String address, String reason, int httpStatus, Throwable cause) {
    super(address, reason, cause);
    this.httpStatus = httpStatus;
  }

  /** The HTTP status the server answered with, when the failure is one. */
  public OptionalInt httpStatus() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
