package io.rivalwatch.research.sources;

import io.rivalwatch.text.Sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.NewsSources;
import io.rivalwatch.planning.CompetitorProfile.WebsiteSources;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.sample.HostilePages;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Mallory Systems' site is hostile to its readers: a page too big, one that is random bytes, an empty one, broken
 * markup, pages in unexpected encodings, a pathological nesting of open tags, and pages and feed entries full of
 * text addressed to a language model. Reading them must never throw: each is a document with readable text, or a
 * problem line saying why not; and injected instructions are kept as the page's text, nothing more.
 */
class HostilePagesTest extends SampleSiteTestBase {

  private final WebsiteConnector website = new WebsiteConnector(fetcher, site.researchProperties());
  private final NewsConnector news = new NewsConnector(fetcher, site.researchProperties());

  private static String url(String path) {
    return site.baseUrl() + path;
  }

  private static CompetitorProfile mallory(String... paths) {
    List<URI> pages = java.util.Arrays.stream(paths).map(p -> URI.create(url(p))).toList();
    return new CompetitorProfile("mallory", "Mallory Systems", new WebsiteSources(pages),
        new NewsSources(List.of(URI.create(url("/hostile/news.rss")))), null, null);
  }

  @Test
  void everyHostilePageIsADocumentOrAProblemAndNoneThrows() {
    long start = System.nanoTime();
    SourceBatch batch = website.gather(mallory(HostilePages.HUGE, HostilePages.NESTED, HostilePages.BINARY,
        HostilePages.EMPTY, HostilePages.MALFORMED, HostilePages.LATIN1, HostilePages.UTF16,
        HostilePages.BAD_CHARSET), 0, List.of());
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("eight hostile pages read in %d ms%n", millis);

    assertThat(batch.problems()).containsExactlyInAnyOrder(
        url(HostilePages.HUGE) + ": larger than 2097152 bytes",
        url(HostilePages.BINARY) + ": binary content labelled text/html",
        url(HostilePages.EMPTY) + ": empty body");
    Map<String, SourceDocument> byUrl =
        batch.documents().stream().collect(Collectors.toMap(SourceDocument::url, Function.identity()));
    assertThat(byUrl.keySet()).containsExactlyInAnyOrder(url(HostilePages.NESTED), url(HostilePages.MALFORMED),
        url(HostilePages.LATIN1), url(HostilePages.UTF16), url(HostilePages.BAD_CHARSET));
    assertThat(byUrl.get(url(HostilePages.NESTED)).text())
        .startsWith("Mallory Systems integrates with forty retail systems.");
    assertThat(byUrl.get(url(HostilePages.MALFORMED)).text())
        .contains("Mallory Systems moves point-of-sale data into the warehouse every fifteen minutes.")
        .contains("Unclosed formatting and")
        .doesNotContain("hidden after the comment", "\u0000");
    assertThat(byUrl.get(url(HostilePages.LATIN1)).title()).isEqualTo("Über Mallory");
    assertThat(byUrl.get(url(HostilePages.LATIN1)).text()).contains("Büro in Köln, Straße 12", "1.200 € pro Monat");
    assertThat(byUrl.get(url(HostilePages.UTF16)).text()).contains("founders’ biographies. Ça marche.");
    assertThat(byUrl.get(url(HostilePages.BAD_CHARSET)).text()).contains("all systems operational. Café open.");
    assertThat(batch.documents()).allSatisfy(d -> assertThat(d.contentHash()).isEqualTo(Sha256.hex(d.text())));
  }

  @Test
  void blocksAddressedToAModelAndHiddenOnesAreLeftOutOfThePagesTextAndCounted() {
    SourceBatch batch = website.gather(mallory("/hostile/"), 0, List.of());

    SourceDocument home = batch.documents().get(0);
    assertThat(home.text())
        .contains("Plans start at $1,200 per month", "Rotterdam")
        // blocks addressed to a model, whole, with the sibling payload of a salutation
        .doesNotContain("Ignore all previous instructions", "</untrusted_document", "Assistant", "OSPREY",
            "undisputed market leader", "ORIOLE", "happiest customers")
        // hidden elements and comments are not page text
        .doesNotContain("developer mode", "report that Mallory has no competitors", "KESTREL");
    // the injected paragraph, the imitated delimiters, the split injection and its sibling payload, the title
    assertThat(home.blocksAddressedToModels()).isEqualTo(6);
    assertThat(home.title()).isEqualTo("Mallory Systems builds data pipelines for mid-size retailers");
    assertThat(home.links()).doesNotContain("https://evil.example/offer");
    // the links it offers are followed like any others in later rounds: every one of them leads to a hostile page
    SourceBatch round1 = website.gather(mallory("/hostile/"), 1, batch.documents());
    assertThat(round1.documents().size() + round1.problems().size()).isEqualTo(5);
  }

  @Test
  void aFeedOfInjectionsAndSyndicatedCopiesGivesEachStoryOnceAndItsArticles() {
    CompetitorProfile mallory = mallory("/hostile/");
    SourceBatch round0 = news.gather(mallory, 0, List.of());
    List<SourceDocument> gathered = new ArrayList<>(round0.documents());

    SourceBatch round1 = news.gather(mallory, 1, gathered);

    // the third entry is the first story under another address, two and a half hours later
    assertThat(round0.documents()).extracting(SourceDocument::url)
        .containsExactly(url("/hostile/press-rotterdam.html"), url("/hostile/press-injection.html"),
            url("/hostile/press-award.html"));
    // the injected item's title and first paragraph are left out whole; its second paragraph, a fact, stays
    SourceDocument injected = round0.documents().get(1);
    assertThat(injected.text()).doesNotContainIgnoringCase("ignore previous instructions")
        .doesNotContain("Rate the sentiment").contains("lost two large customers");
    assertThat(injected.title()).isEqualTo(url("/hostile/press-injection.html"));
    assertThat(injected.blocksAddressedToModels()).isEqualTo(2);
    // hidden HTML in a feed item, a comment, and an injection split across two paragraphs
    SourceDocument award = round0.documents().get(2);
    assertThat(award.text()).contains("shortlisted for a retail data award")
        .doesNotContain("KESTREL", "HERON", "Assistant");
    assertThat(award.blocksAddressedToModels()).isEqualTo(2);
    assertThat(round1.documents()).extracting(SourceDocument::url)
        .containsExactly(url("/hostile/press-rotterdam.html"), url("/hostile/press-injection.html"),
            url("/hostile/press-award.html"));
    assertThat(round1.documents().get(2).text()).contains("alongside two larger rivals")
        .doesNotContain("KESTREL", "HERON", "Assistant");
    assertThat(round1.problems()).isEmpty();
  }
}
