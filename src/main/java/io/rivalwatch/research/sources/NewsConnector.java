package io.rivalwatch.research.sources;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
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
import io.rivalwatch.text.AddressedToModels;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * News about the competitor from RSS and Atom feeds.
 *
 * <p>Round 0 reads the configured feeds: one document per entry (headline, link, publication date, summary as
 * text), de-duplicated across feeds by link, and by headline (the same words, ignoring case and punctuation) when
 * the two publication dates are within {@link #SAME_STORY_WINDOW} of each other or one is unknown: syndicated copies
 * of one story carry different links. Each later round reads the full article pages behind up to
 * {@code maxLinksPerRound} entries; when no entry at all has been gathered yet (the feeds were down), a later round
 * reads the feeds instead.
 *
 * <p>An article document carries its entry's address, so that the report cites the article whichever of the two
 * it uses. An entry's page therefore counts as read when a second news or website document (the article, or the
 * same page read by the website connector) carries the entry's address; posts and filings that merely cite it do
 * not count.
 */
@Component
public class NewsConnector implements SourceConnector {

  private static final Set<SourceKind> PAGES_READ_BY = WebsiteConnector.PAGES_READ_BY;

  /** Two entries with the same headline published this close together are one story. */
  static final Duration SAME_STORY_WINDOW = Duration.ofDays(3);

  /** Headlines shorter than this many words ("Update", "Press release") say too little to match on. */
  static final int MIN_HEADLINE_WORDS = 3;

  private final PageFetcher fetcher;
  private final ResearchProperties properties;

  public NewsConnector(PageFetcher fetcher, ResearchProperties properties) {
    this.fetcher = fetcher;
    this.properties = properties;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.NEWS;
  }

  @Override
  public boolean isConfigured(CompetitorProfile competitor) {
    return competitor.news() != null && !competitor.news().feeds().isEmpty();
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
    BatchCollector batch = new BatchCollector(
            "news of " + competitor.id(), gathered, round == 0 ? EnumSet.of(SourceKind.NEWS) : PAGES_READ_BY, pages);
    boolean noEntryYet = gathered.stream().noneMatch(d -> d.kind() == SourceKind.NEWS);
    if (round == 0 || noEntryYet) {
      Headlines headlines = new Headlines(gathered);
      for (URI feed : competitor.news().feeds()) {
        readFeed(feed.toString(), batch, headlines);
      }
    } else {
      // the feeds were read: an article that cannot be read is its own problem, not the source's
      batch.itemsOfReadSource();
      for (SourceDocument entry : entriesNotYetRead(gathered)) {
        readArticle(entry, batch);
      }
    }
    return batch.toBatch();
  }

  private void readFeed(String feedUrl, BatchCollector batch, Headlines headlines) {
    FetchedPage page;
    try {
      page = fetcher.fetch(feedUrl, PageFetcher.FEEDS);
    } catch (FetchException e) {
      batch.failed(e);
      return;
    }
    SyndFeed feed;
    try {
      feed = new SyndFeedInput().build(new StringReader(page.body()));
    } catch (FeedException | IllegalArgumentException e) {
      batch.problem(feedUrl + ": not a readable RSS or Atom feed");
      return;
    }
    String base = page.uri().toString();
    for (SyndEntry entry : feed.getEntries()) {
      String link = entryLink(entry, base);
      if (link == null) {
        continue; // nothing to cite
      }
      String title = HtmlText.plain(entry.getTitle());
      Instant publishedAt = published(entry);
      if (!batch.isNew(link) || headlines.isRepeat(title, publishedAt)) {
        continue; // the same story from another feed
      }
      String summaryHtml = summary(entry);
      // the item's title and the blocks of its HTML are judged one by one, as a page's are
      HtmlText.Fragment content = HtmlText.fragment(summaryHtml);
      int leftOut = content.blocksAddressedToModels();
      if (AddressedToModels.isAddressedToAModel(title)) {
        leftOut++;
        title = "";
      }
      String text = (HtmlText.asSentence(title) + " " + content.text()).strip();
      List<String> links = new ArrayList<>();
      links.add(link);
      links.addAll(HtmlText.fragmentLinks(summaryHtml, link));
      batch.add(
          Documents.create(
              link,
              title.isEmpty() ? link : title,
              SourceKind.NEWS,
              page.fetchedAt(),
              publishedAt,
              text,
              List.copyOf(new LinkedHashSet<>(links)),
              leftOut));
      headlines.remember(title, publishedAt);
    }
  }

  /** Feed entries (news documents) whose address no other gathered document carries yet, in gathered order. */
  private List<SourceDocument> entriesNotYetRead(List<SourceDocument> gathered) {
    Map<String, Integer> counts = Documents.gatheredCounts(gathered, PAGES_READ_BY);
    Set<String> chosen = new LinkedHashSet<>();
    List<SourceDocument> entries = new ArrayList<>();
    for (SourceDocument document : gathered) {
      String key = Urls.key(document.url());
      if (document.kind() == SourceKind.NEWS
          && counts.getOrDefault(key, 0) == 1
          && Urls.normalise(document.url()) != null
          && chosen.add(key)) {
        entries.add(document);
      }
      if (entries.size() == properties.maxLinksPerRound()) {
        break;
      }
    }
    return entries;
  }

  private void readArticle(SourceDocument entry, BatchCollector batch) {
    if (batch.skipped(entry.url())) {
      return;
    }
    try {
      FetchedPage page = fetcher.fetch(entry.url(), PageFetcher.HTML);
      String unreadable = PageChecks.unreadable(page.body());
      if (unreadable != null) {
        batch.unreadable(entry.url(), unreadable);
        return;
      }
      HtmlText html = HtmlText.extract(page.body(), page.uri().toString());
      String title = html.title().isEmpty() ? entry.title() : html.title();
      Instant publishedAt = entry.publishedAt() != null ? entry.publishedAt() : html.publishedAt();
      batch.addBeside(
          Documents.create(
              entry.url(), title, SourceKind.NEWS, page.fetchedAt(), publishedAt, html.text(), html.links(),
              html.blocksAddressedToModels()));
    } catch (FetchException e) {
      batch.failed(e);
    }
  }

  private static String entryLink(SyndEntry entry, String base) {
    String link = Urls.resolve(base, entry.getLink());
    if (link == null && entry.getLinks() != null && !entry.getLinks().isEmpty()) {
      link = Urls.resolve(base, entry.getLinks().get(0).getHref());
    }
    if (link == null) {
      link = Urls.normalise(entry.getUri());
    }
    return link;
  }

  private static String summary(SyndEntry entry) {
    SyndContent description = entry.getDescription();
    if (description != null && description.getValue() != null && !description.getValue().isBlank()) {
      return description.getValue();
    }
    StringBuilder contents = new StringBuilder();
    for (SyndContent content : entry.getContents()) {
      if (content.getValue() != null) {
        contents.append(content.getValue()).append("\n");
      }
    }
    return contents.toString();
  }

  private static Instant published(SyndEntry entry) {
    Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
    return date == null ? null : date.toInstant();
  }

  /** The headlines taken so far, by their words, with their publication times. */
  static final class Headlines {

    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Map<String, List<Instant>> seen = new HashMap<>();

    Headlines(List<SourceDocument> gathered) {
      for (SourceDocument document : gathered) {
        if (document.kind() == SourceKind.NEWS) {
          remember(document.title(), document.publishedAt());
        }
      }
    }

    /** True when the headline was taken already, published within the window of this one (or either undated). */
    boolean isRepeat(String title, Instant publishedAt) {
      List<Instant> times = seen.get(key(title));
      if (times == null) {
        return false;
      }
      for (Instant time : times) {
        if (time == null || publishedAt == null
            || Duration.between(time, publishedAt).abs().compareTo(SAME_STORY_WINDOW) <= 0) {
          return true;
        }
      }
      return false;
    }

    void remember(String title, Instant publishedAt) {
      String key = key(title);
      if (key != null) {
        seen.computeIfAbsent(key, k -> new ArrayList<>()).add(publishedAt);
      }
    }

    /** The headline's words in lower case, or null when it has too few to tell stories apart. */
    static String key(String title) {
      if (title == null) {
        return null;
      }
      String words = NOT_A_WORD.matcher(title.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
      return words.split(" ").length < MIN_HEADLINE_WORDS ? null : words;
    }
  }
}
