package io.rivalwatch.planning;

import java.net.URI;
import java.util.List;

/**
 * One competitor as configured in the run configuration, with the public sources to research.
 * A source kind left out (null) is not researched for this competitor.
 */
public record CompetitorProfile(
    String id,
    String name,
    WebsiteSources website,
    NewsSources news,
    SocialSources social,
    MarketSources market) {

  /** Pages of the company's own website to read first; later rounds follow links on the same host. */
  public record WebsiteSources(List<URI> pages) {
    public WebsiteSources {
      pages = pages == null ? List.of() : List.copyOf(pages);
    }
  }

  /** RSS or Atom feeds with news about the company. */
  public record NewsSources(List<URI> feeds) {
    public NewsSources {
      feeds = feeds == null ? List.of() : List.copyOf(feeds);
    }
  }

  /** Public posts: a Hacker News search query (no key needed). */
  public record SocialSources(String hackerNewsQuery) {}

  /** Market data: the company's SEC EDGAR central index key (10 digits). */
  public record MarketSources(String secCik) {}
}
