package io.rivalwatch.research.sources;

import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.research.PageFetcher;
import io.rivalwatch.research.PageMemory;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceConnector;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The competitor's own website. Round 0 reads the configured pages and up to {@code maxLinksPerRound} pages its
 * sitemaps list (newest first); each later round reads up to {@code maxLinksPerRound} pages in this order:
 * configured pages that could not be read before, sitemap pages not read yet, then pages of the same site linked
 * from the website pages gathered so far, in the order the links were found.
 *
 * <p>A page that is empty or binary is a problem, not a document; malformed HTML is read as browsers read it.
 */
@Component
public class WebsiteConnector implements SourceConnector {

  /** Links that lead to files or account pages rather than content worth reading. */
  private static final Pattern NOT_CONTENT =
      Pattern.compile(
          "(?i).*(\\.(pdf|zip|gz|tgz|png|jpe?g|gif|svg|webp|ico|css|js|json|xml|rss|atom|mp3|mp4|mov|avi|woff2?|ttf"
              + "|dmg|exe|msi|csv|xlsx?|docx?|pptx?)$"
              + "|/(login|logout|signin|sign-in|signup|sign-up|register|privacy|privacy-policy|terms|legal|cookies?"
              + "|imprint|impressum)(\\.html?)?/?$)");

  /** Documents of these kinds mean their page was read (a news article may be a page of the company's site). */
  static final Set<SourceKind> PAGES_READ_BY = EnumSet.of(SourceKind.WEBSITE, SourceKind.NEWS);

  private final PageFetcher fetcher;
  private final ResearchProperties properties;
  private final Sitemaps sitemaps;

  public WebsiteConnector(PageFetcher fetcher, ResearchProperties properties) {
    this.fetcher = fetcher;
    this.properties = properties;
    this.sitemaps = new Sitemaps(fetcher);
  }

  @Override
  public SourceKind kind() {
    return SourceKind.WEBSITE;
  }

  @Override
  public boolean isConfigured(CompetitorProfile competitor) {
    return competitor.website() != null
        && !(competitor.website().pages().isEmpty() && competitor.website().sitemaps().isEmpty());
  }

  @Override
  public SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered) {
    return gather(competitor, round, alreadyGathered, PageMemory.NONE);
  }

  @Override
  public SourceBatch gather(
      CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered, PageMemory pages) {
    if (!isConfigured(competitor)) {
      return SourceBatch.empty();
    }
    List<SourceDocument> gathered = alreadyGathered == null ? List.of() : alreadyGathered;
    BatchCollector batch = new BatchCollector("website of " + competitor.id(), gathered, PAGES_READ_BY, pages);
    if (gathered.stream().anyMatch(d -> d.kind() == SourceKind.WEBSITE)) {
      // the site was read in an earlier round: a page that cannot be read now is its own problem, not the source's
      batch.itemsOfReadSource();
    }
    List<String> toRead = round == 0 ? entryPoints(competitor, batch) : nextPages(competitor, gathered, batch);
    for (String url : toRead) {
      read(url, batch);
    }
    return batch.toBatch();
  }

  /** Every configured page, then up to maxLinksPerRound sitemap pages. */
  private List<String> entryPoints(CompetitorProfile competitor, BatchCollector batch) {
    Set<String> pages = new LinkedHashSet<>();
    for (URI page : competitor.website().pages()) {
      String url = Urls.normalise(page.toString());
      if (url == null) {
        batch.problem(page + ": malformed URL");
      } else if (batch.isNew(url)) {
        pages.add(url);
      }
    }
    pages.addAll(sitemapPages(competitor, batch, pages, properties.maxLinksPerRound()));
    return new ArrayList<>(pages);
  }

  /** Up to {@code max} pages the sitemaps list that are neither read nor among {@code chosen}. */
  private List<String> sitemapPages(CompetitorProfile competitor, BatchCollector batch, Set<String> chosen, int max) {
    if (competitor.website().sitemaps().isEmpty() || max <= 0) {
      return List.of();
    }
    return sitemaps.pages(competitor.website().sitemaps(), batch).stream()
        .filter(url -> isContent(url) && batch.isNew(url) && !chosen.contains(url))
        .limit(max)
        .toList();
  }

  /**
   * Configured pages not read yet, then sitemap pages not read yet, then same-site links of the website pages
   * gathered, in order found; at most maxLinksPerRound in all.
   */
  private List<String> nextPages(
      CompetitorProfile competitor, List<SourceDocument> alreadyGathered, BatchCollector batch) {
    Set<String> candidates = new LinkedHashSet<>();
    for (URI page : competitor.website().pages()) {
      String url = Urls.normalise(page.toString());
      if (url != null && batch.isNew(url)) {
        candidates.add(url);
      }
    }
    candidates.addAll(
        sitemapPages(competitor, batch, candidates, properties.maxLinksPerRound() - candidates.size()));
    for (SourceDocument document : alreadyGathered) {
      if (document.kind() != SourceKind.WEBSITE) {
        continue;
      }
      String site = Urls.site(document.url());
      for (String link : document.links()) {
        String url = Urls.normalise(link);
        if (url != null && Urls.site(url).equals(site) && isContent(url) && batch.isNew(url)) {
          candidates.add(url);
        }
      }
    }
    return candidates.stream().limit(properties.maxLinksPerRound()).toList();
  }

  private static boolean isContent(String url) {
    String path = URI.create(url).getRawPath();
    return path != null && !NOT_CONTENT.matcher(path.toLowerCase(Locale.ROOT)).matches();
  }

  private void read(String url, BatchCollector batch) {
    if (batch.skipped(url)) {
      return;
    }
    try {
      FetchedPage page = fetcher.fetch(url, PageFetcher.HTML);
      String finalUrl = Urls.normalise(page.uri().toString());
      if (finalUrl == null) {
        finalUrl = url;
      }
      if (!finalUrl.equals(url)) {
        batch.markRead(url);
        if (!batch.isNew(finalUrl)) {
          return; // redirected to a page already gathered
        }
      }
      String unreadable = PageChecks.unreadable(page.body());
      if (unreadable != null) {
        batch.markRead(finalUrl);
        batch.unreadable(finalUrl, unreadable);
        return;
      }
      HtmlText html = HtmlText.extract(page.body(), finalUrl);
      String title = html.title().isEmpty() ? finalUrl : html.title();
      batch.add(
          Documents.create(
              finalUrl, title, SourceKind.WEBSITE, page.fetchedAt(), html.publishedAt(), html.text(), html.links(),
              html.blocksAddressedToModels()));
    } catch (FetchException e) {
      batch.failed(e);
    }
  }
}
