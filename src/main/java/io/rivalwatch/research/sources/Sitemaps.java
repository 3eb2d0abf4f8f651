package io.rivalwatch.research.sources;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.research.PageFetcher;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pages a website's sitemaps list (sitemaps.org XML, a sitemap index, or a plain text list), parsed by
 * crawler-commons. Pages come newest first (lastmod), then by priority, then in the order listed, so that a round
 * that may read only a few pages reads what changed last. Only pages of the sitemap's own site are kept.
 */
final class Sitemaps {

  /** Sitemap files read per round, an index and the sitemaps it lists together. */
  static final int MAX_SITEMAP_FILES = 10;

  static final Set<String> TYPES = Set.of("application/xml", "text/xml", "text/plain");

  /** The XML declaration's encoding: the body is handed to the parser as UTF-8 whatever it was sent in. */
  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("^(\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"'])[^\"']*([\"'])");

  private final PageFetcher fetcher;

  Sitemaps(PageFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** Page addresses the sitemaps list, best first; unreadable sitemaps become problems or failures in the batch. */
  List<String> pages(List<URI> sitemaps, BatchCollector batch) {
    SiteMapParser parser = new SiteMapParser(false);
    Deque<String> toRead = new ArrayDeque<>();
    sitemaps.forEach(s -> toRead.add(s.toString()));
    Set<String> seen = new HashSet<>();
    List<Listed> listed = new ArrayList<>();
    int read = 0;
    while (!toRead.isEmpty() && read < MAX_SITEMAP_FILES) {
      String address = toRead.poll();
      if (!seen.add(Urls.key(address))) {
        continue;
      }
      read++;
      AbstractSiteMap sitemap = read(parser, address, batch);
      if (sitemap instanceof SiteMapIndex index) {
        index.getSitemaps().stream()
            .sorted(Comparator.comparing(AbstractSiteMap::getLastModified, Comparator.nullsLast(Comparator.reverseOrder())))
            .forEach(child -> toRead.add(child.getUrl().toString()));
      } else if (sitemap instanceof SiteMap pages) {
        String site = Urls.site(address);
        for (SiteMapURL page : pages.getSiteMapUrls()) {
          String url = Urls.normalise(page.getUrl().toString());
          if (url != null && Urls.site(url).equals(site)) {
            listed.add(new Listed(url, page.getLastModified(), page.getPriority(), listed.size()));
          }
        }
      }
    }
    listed.sort(Comparator.comparing(Listed::lastModified, Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(Comparator.comparingDouble(Listed::priority).reversed())
        .thenComparingInt(Listed::order));
    Set<String> pages = new LinkedHashSet<>();
    listed.forEach(l -> pages.add(l.url()));
    return new ArrayList<>(pages);
  }

  private AbstractSiteMap read(SiteMapParser parser, String address, BatchCollector batch) {
    FetchedPage page;
    try {
      page = fetcher.fetch(address, TYPES);
    } catch (FetchException e) {
      batch.failed(e);
      return null;
    }
    String body = DECLARED_ENCODING.matcher(page.body()).replaceFirst("$1UTF-8$2");
    try {
      return parser.parseSiteMap(page.contentType(), body.getBytes(StandardCharsets.UTF_8), toUrl(page.uri()));
    } catch (UnknownFormatException | IOException | RuntimeException e) {
      batch.problem(address + ": not a readable sitemap");
      return null;
    }
  }

  private static URL toUrl(URI uri) throws MalformedURLException {
    return uri.toURL();
  }

  private record Listed(String url, Date lastModified, double priority, int order) {}
}
