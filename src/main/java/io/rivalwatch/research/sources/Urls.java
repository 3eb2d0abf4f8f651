package io.rivalwatch.research.sources;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Comparing and resolving addresses, so that a page is recognised whatever small differences its URL shows. */
final class Urls {

  private Urls() {}

  /**
   * The address in one canonical form: lower-case scheme and host, no default port, "/" for an empty path, no
   * fragment. Null for anything that is not an absolute http(s) URL.
   */
  static String normalise(String address) {
    if (address == null || address.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(address.strip());
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
        return null;
      }
      int port = uri.getPort();
      if (port == 80 && "http".equals(scheme) || port == 443 && "https".equals(scheme)) {
        port = -1;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      StringBuilder normalised = new StringBuilder(scheme).append("://").append(uri.getHost().toLowerCase(Locale.ROOT));
      if (port != -1) {
        normalised.append(':').append(port);
      }
      normalised.append(path);
      if (uri.getRawQuery() != null) {
        normalised.append('?').append(uri.getRawQuery());
      }
      return normalised.toString();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Scheme, host and port of the address ("https://acme.example", "http://acme.example:8080"), in the canonical
   * form of {@link #normalise}; null for anything that is not an absolute http(s) URL.
   */
  static String origin(String address) {
    String normalised = normalise(address);
    if (normalised == null) {
      return null;
    }
    int path = normalised.indexOf('/', normalised.indexOf("://") + 3);
    return path < 0 ? normalised : normalised.substring(0, path);
  }

  /** The key under which two addresses count as the same page. */
  static String key(String address) {
    String normalised = normalise(address);
    return normalised == null ? (address == null ? "" : address.strip()) : normalised;
  }

  /** {@code reference} resolved against {@code base}, normalised; null when that gives no http(s) URL. */
  static String resolve(String base, String reference) {
    if (reference == null || reference.isBlank()) {
      return null;
    }
    try {
      URI resolved = base == null ? new URI(reference.strip()) : new URI(base).resolve(reference.strip());
      return normalise(resolved.toString());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The site a URL belongs to: its host, lower case, without a leading "www.". */
  static String site(String address) {
    try {
      String host = new URI(address).getHost();
      if (host == null) {
        return "";
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.startsWith("www.") ? host.substring(4) : host;
    } catch (URISyntaxException e) {
      return "";
    }
  }
}
