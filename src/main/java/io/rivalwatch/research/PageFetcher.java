package io.rivalwatch.research;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Research's port to the public web: reads one resource, accepting only the given media types. Research owns this
 * interface, its result ({@link FetchedPage}) and its failures ({@link FetchException}); the web adapter implements
 * it with politeness, the address guard, robots.txt and a circuit breaker per host.
 */
public interface PageFetcher {

  /** HTML pages. */
  Set<String> HTML = Set.of("text/html", "application/xhtml+xml");

  /** RSS and Atom feeds, which servers label in several ways. */
  Set<String> FEEDS = Set.of("application/rss+xml", "application/atom+xml", "application/xml", "text/xml");

  /** JSON APIs. */
  Set<String> JSON = Set.of("application/json");

  /**
   * Reads {@code address}, which must be an absolute http(s) URL.
   *
   * @throws FetchException classified as {@link TransientFetchException} (may pass), {@link PermanentFetchException}
   *     (will not) or {@link CircuitOpenFetchException} (the host's breaker is open)
   */
  FetchedPage fetch(String address, Set<String> acceptedTypes) throws FetchException;

  /** Reads {@code uri}; see {@link #fetch(String, Set)}. */
  FetchedPage fetch(URI uri, Set<String> acceptedTypes) throws FetchException;

  /** Reads {@code uri} with extra request headers (an API's Accept or its auth); see {@link #fetch(String, Set)}. */
  FetchedPage fetch(URI uri, Set<String> acceptedTypes, Map<String, String> headers) throws FetchException;
}
