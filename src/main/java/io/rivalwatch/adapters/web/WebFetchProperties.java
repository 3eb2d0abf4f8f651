package io.rivalwatch.adapters.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the web adapter reads the public web for research ({@code rivalwatch.research.*}: the property names stay
 * research's, the settings are the adapter's own; research's own settings are {@code research.ResearchProperties},
 * bound to the same prefix).
 *
 * @param userAgent sent with every request; names the product and a contact, as SEC EDGAR and polite crawling ask.
 *     Its first word before the "/" (the product token, "rivalwatch") is the name robots.txt rules are matched for
 * @param connectTimeout longest wait for a connection
 * @param readTimeout longest wait for a whole response, headers and body; also the longest a fetch waits for its
 *     turn at a busy host
 * @param maxResponseBytes a response larger than this is not read (a permanent failure of that address)
 * @param maxRedirects redirects followed for one address; one more is a permanent failure of that address
 * @param robotsExpiry how long a host's robots.txt rules are kept before they are read again
 * @param perHost politeness towards each host
 * @param allowedPrivateHosts host names, addresses or CIDR networks that may be read although they are not public
 *     (loopback, private, link-local...); empty in production, the local run admits its own loopback server
 */
@ConfigurationProperties("rivalwatch.research")
public record WebFetchProperties(
    @DefaultValue(WebFetchProperties.DEFAULT_USER_AGENT) String userAgent,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("20s") Duration readTimeout,
    @DefaultValue("2MB") DataSize maxResponseBytes,
    @DefaultValue("5") int maxRedirects,
    @DefaultValue("24h") Duration robotsExpiry,
    @DefaultValue PerHost perHost,
    List<String> allowedPrivateHosts) {

  public static final String DEFAULT_USER_AGENT =
      "rivalwatch/0.1 (+https://github.com/rivalwatch/rivalwatch; contact: ops@example.com)";
  public static final int DEFAULT_MAX_REDIRECTS = 5;

  /**
   * Politeness towards one host ({@code rivalwatch.research.per-host.*}).
   *
   * @param maxConcurrent requests in flight to one host at most
   * @param minGap least time between the starts of two requests to one host (a robots.txt Crawl-delay that is
   *     longer wins)
   * @param minGapByHost a different least gap for some hosts, by host name in lower case (in YAML, keys with dots
   *     go in brackets: {@code "[www.sec.gov]": 200ms})
   */
  public record PerHost(
      @DefaultValue("2") int maxConcurrent,
      @DefaultValue("1s") Duration minGap,
      Map<String, Duration> minGapByHost) {

    public PerHost {
      if (maxConcurrent < 1) {
        throw new IllegalArgumentException("rivalwatch.research.per-host.max-concurrent must be at least 1; got "
            + maxConcurrent + ". Fix: set it to 1 or more (default 2).");
      }
      minGap = notNegative(minGap == null ? Duration.ofSeconds(1) : minGap, "rivalwatch.research.per-host.min-gap");
      Map<String, Duration> gaps = new TreeMap<>();
      if (minGapByHost != null) {
        minGapByHost.forEach((host, gap) -> gaps.put(host.strip().toLowerCase(Locale.ROOT),
            notNegative(gap, "rivalwatch.research.per-host.min-gap-by-host[" + host + "]")));
      }
      minGapByHost = Map.copyOf(gaps);
    }

    public static PerHost defaults() {
      return new PerHost(2, null, null);
    }

    /** The least gap between request starts to this host (a lower-case host name). */
    public Duration minGap(String host) {
      return minGapByHost.getOrDefault(host, minGap);
    }

    private static Duration notNegative(Duration value, String property) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(property + " must be a duration of 0 or more; got " + value
            + ". Fix: set it to e.g. 1s, 500ms or 0 (no gap).");
      }
      return value;
    }
  }

  public WebFetchProperties {
    userAgent = userAgent == null || userAgent.isBlank() ? DEFAULT_USER_AGENT : userAgent.strip();
    connectTimeout = positiveOr(connectTimeout, Duration.ofSeconds(5));
    readTimeout = positiveOr(readTimeout, Duration.ofSeconds(20));
    maxResponseBytes =
        maxResponseBytes == null || maxResponseBytes.toBytes() <= 0 ? DataSize.ofMegabytes(2) : maxResponseBytes;
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("rivalwatch.research.max-redirects must be 0 or more; got " + maxRedirects
          + ". Fix: set it to e.g. " + DEFAULT_MAX_REDIRECTS + " (0 follows none).");
    }
    robotsExpiry = positiveOr(robotsExpiry, Duration.ofHours(24));
    perHost = perHost == null ? PerHost.defaults() : perHost;
    allowedPrivateHosts = allowedPrivateHosts == null ? List.of()
        : allowedPrivateHosts.stream().filter(entry -> entry != null && !entry.isBlank()).map(String::strip).toList();
  }

  /** The defaults, as used when nothing is configured. */
  public static WebFetchProperties defaults() {
    return new WebFetchProperties(null, null, null, null, DEFAULT_MAX_REDIRECTS, null, null, null);
  }

  public WebFetchProperties withTimeouts(Duration connect, Duration read) {
    return new WebFetchProperties(userAgent, connect, read, maxResponseBytes, maxRedirects, robotsExpiry, perHost,
        allowedPrivateHosts);
  }

  public WebFetchProperties withMaxResponseBytes(DataSize max) {
    return new WebFetchProperties(userAgent, connectTimeout, readTimeout, max, maxRedirects, robotsExpiry, perHost,
        allowedPrivateHosts);
  }

  public WebFetchProperties withMaxRedirects(int max) {
    return new WebFetchProperties(userAgent, connectTimeout, readTimeout, maxResponseBytes, max, robotsExpiry, perHost,
        allowedPrivateHosts);
  }

  public WebFetchProperties withRobotsExpiry(Duration expiry) {
    return new WebFetchProperties(userAgent, connectTimeout, readTimeout, maxResponseBytes, maxRedirects, expiry,
        perHost, allowedPrivateHosts);
  }

  /** These per-host limits, with no host-specific gaps. */
  public WebFetchProperties withPerHost(int maxConcurrent, Duration minGap) {
    return withPerHost(new PerHost(maxConcurrent, minGap, null));
  }

  public WebFetchProperties withPerHost(PerHost limits) {
    return new WebFetchProperties(userAgent, connectTimeout, readTimeout, maxResponseBytes, maxRedirects, robotsExpiry,
        limits, allowedPrivateHosts);
  }

  /** Admits these host names, addresses or CIDR networks although they are not public (replacing any before). */
  public WebFetchProperties withAllowedPrivateHosts(String... hostsOrNetworks) {
    return new WebFetchProperties(userAgent, connectTimeout, readTimeout, maxResponseBytes, maxRedirects, robotsExpiry,
        perHost, List.of(hostsOrNetworks));
  }

  /**
   * The product token of the User-Agent in lower case ("rivalwatch" for "rivalwatch/0.1 (...)"): the name
   * robots.txt groups are matched against.
   */
  public String productToken() {
    int end = 0;
    while (end < userAgent.length() && userAgent.charAt(end) != '/' && !Character.isWhitespace(userAgent.charAt(end))) {
      end++;
    }
    String token = userAgent.substring(0, end).toLowerCase(Locale.ROOT);
    if (!token.matches("[a-z0-9_-]+")) {
      throw new IllegalArgumentException("rivalwatch.research.user-agent must start with a product token of letters, "
          + "digits, '-' or '_' (robots.txt rules are matched against it); got '" + userAgent + "'. Fix: e.g. "
          + "'rivalwatch/0.1 (+https://your.site/bot; contact: you@your.domain)'.");
    }
    return token;
  }

  private static Duration positiveOr(Duration value, Duration fallback) {
    return value == null || value.isZero() || value.isNegative() ? fallback : value;
  }
}
