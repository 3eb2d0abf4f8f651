package io.rivalwatch.planning;

import java.net.URI;
import java.util.List;

/**
 * One competitor as configured in the run configuration, with the public sources to research.
 * A source kind left out (null) is not researched for this competitor. Within a kind, each configured source is
 * read by its own connector (for example Hacker News and Mastodon for social).
 */
public record CompetitorProfile(
    String id,
    String name,
    WebsiteSources website,
    NewsSources news,
    SocialSources social,
    MarketSources market) {

  /**
   * The company's own website: pages to read first, and sitemaps (sitemap.xml or a sitemap index) listing more
   * pages; later rounds follow links on the same site.
   */
  public record WebsiteSources(List<URI> pages, List<URI> sitemaps) {
    public WebsiteSources {
      pages = pages == null ? List.of() : List.copyOf(pages);
      sitemaps = sitemaps == null ? List.of() : List.copyOf(sitemaps);
    }

    public WebsiteSources(List<URI> pages) {
      this(pages, List.of());
    }
  }

  /** RSS or Atom feeds with news about the company. */
  public record NewsSources(List<URI> feeds) {
    public NewsSources {
      feeds = feeds == null ? List.of() : List.copyOf(feeds);
    }
  }

  /**
   * Public posts: a Hacker News search query (no key needed) and/or a Mastodon account or search (a search needs
   * the access token of the application's configuration, never one from the run configuration).
   */
  public record SocialSources(String hackerNewsQuery, MastodonSource mastodon) {
    public SocialSources(String hackerNewsQuery) {
      this(hackerNewsQuery, null);
    }
  }

  /**
   * Posts on a Mastodon instance.
   *
   * @param instance the instance's address, e.g. https://mastodon.social; null for the application's default
   * @param account an account whose public posts to read, e.g. "acme" or "acme@mastodon.social" (no leading @)
   * @param query words to search posts for (needs an access token for this instance)
   */
  public record MastodonSource(URI instance, String account, String query) {}

  /**
   * Market data: the company's SEC EDGAR central index key (10 digits) and/or CSV or JSON endpoints mapped to
   * documents.
   */
  public record MarketSources(String secCik, List<MarketEndpoint> endpoints) {
    public MarketSources {
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    public MarketSources(String secCik) {
      this(secCik, List.of());
    }
  }

  /**
   * A CSV or JSON endpoint whose records become one market document (one sentence per record).
   *
   * @param name what the data is, e.g. "ACME share price" (the document's title)
   * @param url where to read it
   * @param format "csv" (first line is the header) or "json"
   * @param records JSON only: a JSON pointer to the array of records, e.g. "/data" (null: the document itself)
   * @param title the column (CSV) or JSON pointer within a record (JSON) that names the record, or null
   * @param date the column or pointer holding the record's date, or null
   * @param value the column or pointer holding the record's value
   */
  public record MarketEndpoint(
      String name, URI url, String format, String records, String title, String date, String value) {

    public static final String CSV = "csv";
    public static final String JSON = "json";
  }
}
