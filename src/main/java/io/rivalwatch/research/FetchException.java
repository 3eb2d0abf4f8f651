package io.rivalwatch.research;

import java.net.URI;

/**
 * An address could not be read. {@link #reason()} is short ("HTTP 404", "timed out") so that
 * {@link #problem()} reads well as a line of a research batch.
 */
public abstract sealed class FetchException extends Exception
    permits TransientFetchException, PermanentFetchException, CircuitOpenFetchException {

  private final String address;
  private final String reason;

  protected FetchException(String address, String reason, Throwable cause) {
    super(address + ": " + reason, cause);
    this.address = address;
    this.reason = reason;
  }

  /** The address as the caller asked for it. */
  public String address() {
    return address;
  }

  public String reason() {
    return reason;
  }

  /** "&lt;address&gt;: &lt;reason&gt;", for example "https://acme.example/news.rss: HTTP 404". */
  public String problem() {
    return address + ": " + reason;
  }

  /** True when trying again later may succeed. */
  public abstract boolean isTransient();

  public static String describe(URI uri) {
    return uri == null ? "(no address)" : uri.toString();
  }
}
