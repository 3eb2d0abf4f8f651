package io.rivalwatch.research;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How research reads the public web ({@code rivalwatch.research.*}).
 *
 * @param userAgent sent with every request; names the product and a contact, as SEC EDGAR and polite crawling ask
 * @param connectTimeout longest wait for a connection
 * @param readTimeout longest wait for a whole response, headers and body
 * @param maxResponseBytes a response larger than this is not read (a permanent failure of that address)
 * @param maxLinksPerRound new pages a connector reads per research round beyond the entry points
 * @param hackerNewsUrl base of the Hacker News search API (Algolia)
 * @param secEdgarUrl base of the SEC EDGAR data API
 */
@ConfigurationProperties("rivalwatch.research")
public record ResearchProperties(
    @DefaultValue(ResearchProperties.DEFAULT_USER_AGENT) String userAgent,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("20s") Duration readTimeout,
    @DefaultValue("2MB") DataSize maxResponseBytes,
    @DefaultValue("5") int maxLinksPerRound,
    @DefaultValue(ResearchProperties.DEFAULT_HACKER_NEWS_URL) String hackerNewsUrl,
    @DefaultValue(ResearchProperties.DEFAULT_SEC_EDGAR_URL) String secEdgarUrl) {

  public static final String DEFAULT_USER_AGENT =
      "rivalwatch/0.1 (+https://github.com/rivalwatch/rivalwatch; contact: ops@example.com)";
  public static final String DEFAULT_HACKER_NEWS_URL = "https://hn.algolia.com/api/v1";
  public static final String DEFAULT_SEC_EDGAR_URL = "https://data.sec.gov";

  public ResearchProperties {
    userAgent = userAgent == null || userAgent.isBlank() ? DEFAULT_USER_AGENT : userAgent.strip();
    connectTimeout = positiveOr(connectTimeout, Duration.ofSeconds(5));
    readTimeout = positiveOr(readTimeout, Duration.ofSeconds(20));
    maxResponseBytes =
        maxResponseBytes == null || maxResponseBytes.toBytes() <= 0 ? DataSize.ofMegabytes(2) : maxResponseBytes;
    maxLinksPerRound = maxLinksPerRound <= 0 ? 5 : maxLinksPerRound;
    hackerNewsUrl = baseUrl(hackerNewsUrl, DEFAULT_HACKER_NEWS_URL);
    secEdgarUrl = baseUrl(secEdgarUrl, DEFAULT_SEC_EDGAR_URL);
  }

  /** The defaults, as used when nothing is configured. */
  public static ResearchProperties defaults() {
    return new ResearchProperties(null, null, null, null, 0, null, null);
  }

  /** The defaults with other API base addresses (for tests and the local run against the sample site). */
  public static ResearchProperties forApis(String hackerNewsUrl, String secEdgarUrl) {
    return new ResearchProperties(null, null, null, null, 0, hackerNewsUrl, secEdgarUrl);
  }

  public ResearchProperties withTimeouts(Duration connect, Duration read) {
    return new ResearchProperties(
        userAgent, connect, read, maxResponseBytes, maxLinksPerRound, hackerNewsUrl, secEdgarUrl);
  }

  public ResearchProperties withMaxResponseBytes(DataSize max) {
    return new ResearchProperties(userAgent, connectTimeout, readTimeout, max, maxLinksPerRound, hackerNewsUrl, secEdgarUrl);
  }

  public ResearchProperties withMaxLinksPerRound(int max) {
    return new ResearchProperties(
        userAgent, connectTimeout, readTimeout, maxResponseBytes, max, hackerNewsUrl, secEdgarUrl);
  }

  private static Duration positiveOr(Duration value, Duration fallback) {
    return value == null || value.isZero() || value.isNegative() ? fallback : value;
  }

  private static String baseUrl(String value, String fallback) {
    String url = value == null || value.isBlank() ? fallback : value.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }
}
