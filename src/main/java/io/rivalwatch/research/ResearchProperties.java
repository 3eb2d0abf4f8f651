package io.rivalwatch.research;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What research reads and how much ({@code rivalwatch.research.*}). How pages are read (user agent, timeouts,
 * politeness, the private-address allow-list) is the web adapter's own settings class, bound to the same prefix.
 *
 * @param maxLinksPerRound new pages a connector reads per research round beyond the entry points
 * @param hackerNewsUrl base of the Hacker News search API (Algolia)
 * @param secEdgarUrl base of the SEC EDGAR data API
 * @param permanentFailureMemory how long a page that failed for good (robots.txt, 404, binary, too large) is not
 *     fetched again, across runs
 */
@ConfigurationProperties("rivalwatch.research")
public record ResearchProperties(
    @DefaultValue("5") int maxLinksPerRound,
    @DefaultValue(ResearchProperties.DEFAULT_HACKER_NEWS_URL) String hackerNewsUrl,
    @DefaultValue(ResearchProperties.DEFAULT_SEC_EDGAR_URL) String secEdgarUrl,
    @DefaultValue("7d") Duration permanentFailureMemory) {

  public static final String DEFAULT_HACKER_NEWS_URL = "https://hn.algolia.com/api/v1";
  public static final String DEFAULT_SEC_EDGAR_URL = "https://data.sec.gov";
  public static final Duration DEFAULT_PERMANENT_FAILURE_MEMORY = Duration.ofDays(7);

  public ResearchProperties {
    maxLinksPerRound = maxLinksPerRound <= 0 ? 5 : maxLinksPerRound;
    hackerNewsUrl = baseUrl(hackerNewsUrl, DEFAULT_HACKER_NEWS_URL);
    secEdgarUrl = baseUrl(secEdgarUrl, DEFAULT_SEC_EDGAR_URL);
    if (permanentFailureMemory == null) {
      permanentFailureMemory = DEFAULT_PERMANENT_FAILURE_MEMORY;
    } else if (permanentFailureMemory.isNegative()) {
      throw new IllegalArgumentException("rivalwatch.research.permanent-failure-memory must be zero (do not remember) "
          + "or positive, e.g. 7d; was " + permanentFailureMemory);
    }
  }

  /** The defaults, as used when nothing is configured. */
  public static ResearchProperties defaults() {
    return forApis(null, null);
  }

  /** The defaults with other API base addresses (for tests and the local run against the sample site). */
  public static ResearchProperties forApis(String hackerNewsUrl, String secEdgarUrl) {
    return new ResearchProperties(0, hackerNewsUrl, secEdgarUrl, null);
  }

  public ResearchProperties withMaxLinksPerRound(int max) {
    return new ResearchProperties(max, hackerNewsUrl, secEdgarUrl, permanentFailureMemory);
  }

  public ResearchProperties withPermanentFailureMemory(Duration memory) {
    return new ResearchProperties(maxLinksPerRound, hackerNewsUrl, secEdgarUrl, memory);
  }

  private static String baseUrl(String value, String fallback) {
    String url = value == null || value.isBlank() ? fallback : value.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }
}
