package io.rivalwatch.research.sources;

import io.rivalwatch.text.Sha256;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.NewsSources;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.sample.SampleSite;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewsConnectorTest extends SampleSiteTestBase {

  private final NewsConnector connector = new NewsConnector(fetcher, site.researchProperties());

  private static CompetitorProfile withFeeds(String... paths) {
    List<URI> feeds = Arrays.stream(paths).map(p -> URI.create(site.baseUrl() + p)).toList();
    return new CompetitorProfile("acme", "Acme Analytics", null, new NewsSources(feeds), null, null);
  }

  private static String url(String path) {
    return site.baseUrl() + path;
  }

  @Test
  void roundZeroMakesOneDocumentPerRssItem() {
    SourceBatch batch = connector.gather(withFeeds("/acme/news.rss"), 0, List.of());

    assertThat(batch.problems()).isEmpty();
    assertThat(batch.documents())
        .extracting(SourceDocument::url)
        .containsExactly(
            url("/press/acme-series-d.html"),
            url("/press/acme-ask-acme-agents.html"),
            url("/press/acme-northwind-partnership.html"),
            url("/acme/pricing.html"),
            url("/press/acme-new-cfo.html"));
    SourceDocument first = batch.documents().get(0);
    assertThat(first.kind()).isEqualTo(SourceKind.NEWS);
    assertThat(first.title()).isEqualTo("Acme Analytics raises $120 million Series D to expand AI analyst");
    assertThat(first.publishedAt()).isEqualTo(Instant.parse("2025-09-16T13:00:00Z"));
    assertThat(first.fetchedAt()).isNotNull();
    assertThat(first.text())
        .startsWith("Acme Analytics raises $120 million Series D to expand AI analyst. Acme Analytics has raised $120 million")
        .doesNotContain("<p>", "<strong>", "&lt;");
    assertThat(first.contentHash()).isEqualTo(Sha256.hex(first.text()));
    assertThat(first.links()).containsExactly(url("/press/acme-series-d.html"));
  }

  @Test
  void readsAtomFeedsWithTheirDates() {
    SourceBatch batch = connector.gather(withFeeds("/globex/news.atom"), 0, List.of());

    assertThat(batch.documents()).hasSize(5);
    assertThat(batch.documents().get(0).title()).isEqualTo("Globex Data to cut 12% of staff as growth slows");
    assertThat(batch.documents().get(0).publishedAt()).isEqualTo(Instant.parse("2025-09-10T21:15:00Z"));
    assertThat(batch.documents().get(0).text()).contains("lay off about 150 employees").doesNotContain("<p>");
    assertThat(batch.documents().get(1).text()).contains("defensive response");
  }

  @Test
  void entriesAreDeDuplicatedByLinkAcrossFeeds() {
    site.wireMock()
        .stubFor(
            get("/acme/second.rss")
                .willReturn(
                    aResponse()
                        .withHeader("Content-Type", "text/xml")
                        .withBody(
                            "<rss version=\"2.0\"><channel><title>Other</title><link>" + url("/") + "</link>"
                                + "<description>x</description>"
                                + "<item><title>Same story elsewhere</title><link>" + url("/press/acme-series-d.html")
                                + "#comments</link></item>"
                                + "<item><title>Relative link</title><link>/press/other.html</link>"
                                + "<description>Only here</description></item>"
                                + "</channel></rss>")));

    SourceBatch batch = connector.gather(withFeeds("/acme/news.rss", "/acme/second.rss"), 0, List.of());

    assertThat(batch.documents()).hasSize(6);
    assertThat(batch.documents()).extracting(SourceDocument::url).doesNotHaveDuplicates().contains(url("/press/other.html"));
    assertThat(batch.documents().get(5).publishedAt()).isNull();
  }

  @Test
  void laterRoundsReadTheArticlesBehindEntriesOnce() {
    CompetitorProfile acme = withFeeds("/acme/news.rss");
    List<SourceDocument> gathered = new ArrayList<>(connector.gather(acme, 0, List.of()).documents());
    // the website connector already read the pricing page that one entry links to
    gathered.add(
        Documents.create(
            url("/acme/pricing.html"), "Pricing", SourceKind.WEBSITE, Instant.now(), null, "prices", List.of()));

    SourceBatch round1 = connector.gather(acme, 1, gathered);
    gathered.addAll(round1.documents());
    SourceBatch round2 = connector.gather(acme, 2, gathered);

    assertThat(round1.problems()).isEmpty();
    assertThat(round1.documents())
        .extracting(SourceDocument::url)
        .containsExactly(
            url("/press/acme-series-d.html"),
            url("/press/acme-ask-acme-agents.html"),
            url("/press/acme-northwind-partnership.html"),
            url("/press/acme-new-cfo.html"));
    SourceDocument article = round1.documents().get(0);
    assertThat(article.title())
        .isEqualTo("Acme Analytics raises $120 million to put an AI analyst in every company | TechWire Daily");
    assertThat(article.publishedAt()).isEqualTo(Instant.parse("2025-09-16T13:00:00Z"));
    assertThat(article.text())
        .startsWith("Acme Analytics raises $120 million to put an AI analyst in every company.")
        .contains("Chief executive Maya Okafor said annual recurring revenue passed $200 million")
        .doesNotContain("Related stories", "Subscribe", "cookies", "Share on social", "Enterprise AI Funding");
    assertThat(round2.documents()).isEmpty();
    site.wireMock().verify(1, getRequestedFor(urlPathEqualTo("/press/acme-series-d.html")));
    site.wireMock().verify(0, getRequestedFor(urlPathEqualTo("/acme/pricing.html")));
  }

  @Test
  void readsAtMostMaxLinksPerRoundArticles() {
    NewsConnector two = new NewsConnector(fetcher, site.researchProperties().withMaxLinksPerRound(2));
    CompetitorProfile globex = withFeeds("/globex/news.atom");
    List<SourceDocument> gathered = new ArrayList<>(two.gather(globex, 0, List.of()).documents());

    SourceBatch round1 = two.gather(globex, 1, gathered);
    gathered.addAll(round1.documents());
    SourceBatch round2 = two.gather(globex, 2, gathered);

    assertThat(round1.documents())
        .extracting(SourceDocument::url)
        .containsExactly(url("/press/globex-layoffs.html"), url("/press/globex-price-cuts.html"));
    assertThat(round2.documents())
        .extracting(SourceDocument::url)
        .containsExactly(url("/press/globex-q2-results.html"), url("/press/globex-connect-open-source.html"));
  }

  @Test
  void aMissingArticleIsAProblemWhileTheOthersAreRead() {
    CompetitorProfile globex = withFeeds("/globex/news.atom");
    List<SourceDocument> round0 = connector.gather(globex, 0, List.of()).documents();

    SourceBatch round1 = connector.gather(globex, 1, round0);

    assertThat(round1.documents()).hasSize(4);
    assertThat(round1.problems()).containsExactly(url("/press/globex-cto-departure.html") + ": HTTP 404");
  }

  @Test
  void aMissingFeedIsAProblemBesideAFeedThatWorks() {
    SourceBatch batch = connector.gather(withFeeds("/acme/missing.rss", "/acme/news.rss"), 0, List.of());

    assertThat(batch.documents()).hasSize(5);
    assertThat(batch.problems()).containsExactly(url("/acme/missing.rss") + ": HTTP 404");
  }

  @Test
  void somethingThatIsNotAFeedIsAProblem() {
    site.wireMock()
        .stubFor(
            get("/acme/broken.rss")
                .willReturn(aResponse().withHeader("Content-Type", "application/rss+xml").withBody("<rss><chan")));

    SourceBatch batch = connector.gather(withFeeds("/acme/broken.rss", "/acme/"), 0, List.of());

    assertThat(batch.documents()).isEmpty();
    assertThat(batch.problems())
        .containsExactly(
            url("/acme/broken.rss") + ": not a readable RSS or Atom feed",
            url("/acme/") + ": unexpected content type text/html");
  }

  @Test
  void unreachableFeedsMakeTheSourceUnavailable() {
    site.wireMock().stubFor(get(urlPathMatching("/acme/.*\\.rss")).willReturn(aResponse().withStatus(502)));

    assertThatThrownBy(() -> connector.gather(withFeeds("/acme/news.rss"), 0, List.of()))
        .isInstanceOf(OutsideServiceException.class)
        .hasMessageContaining("news of acme")
        .hasMessageContaining("HTTP 502");
  }

  @Test
  void unreachableArticlesAreProblemsOfTheirOwnSinceTheFeedWasRead() {
    CompetitorProfile acme = withFeeds("/acme/news.rss");
    List<SourceDocument> round0 = connector.gather(acme, 0, List.of()).documents();
    site.wireMock().stubFor(get(urlPathMatching("/press/.*")).willReturn(aResponse().withStatus(503)));
    site.wireMock().stubFor(get(urlPathEqualTo("/acme/pricing.html")).willReturn(aResponse().withStatus(503)));

    // the job is not failed for a retry: the feed gave its entries, which the round keeps
    SourceBatch round1 = connector.gather(acme, 1, round0);

    assertThat(round1.documents()).isEmpty();
    assertThat(round1.problems()).hasSize(5).allMatch(p -> p.endsWith(": HTTP 503"));
  }

  @Test
  void aLaterRoundReadsTheFeedsWhenNoEntryWasGatheredYet() {
    SourceBatch round1 = connector.gather(withFeeds("/acme/news.rss"), 1, List.of());

    assertThat(round1.documents()).hasSize(5);
    assertThat(round1.documents().get(0).text()).startsWith("Acme Analytics raises $120 million Series D");
  }

  @Test
  void isConfiguredOnlyWithFeeds() {
    assertThat(connector.isConfigured(withFeeds("/acme/news.rss"))).isTrue();
    assertThat(connector.isConfigured(withFeeds())).isFalse();
    assertThat(connector.isConfigured(new CompetitorProfile("x", "X", null, null, null, null))).isFalse();
  }

  @Test
  void theSameHeadlineUnderAnotherLinkIsOneStoryWhenPublishedCloseTogether() {
    site.wireMock().stubFor(get("/acme/syndicated.rss").willReturn(aResponse()
        .withHeader("Content-Type", "application/rss+xml")
        .withBody("<rss version=\"2.0\"><channel><title>Syndicated</title><link>" + url("/") + "</link>"
            + "<description>x</description>"
            // the Series D story of the Acme feed (16 Sep 2025), copied the next day under another address
            + "<item><title>ACME ANALYTICS raises $120 million Series D -- to expand AI analyst!</title>"
            + "<link>https://wire.example/acme-series-d</link><pubDate>Wed, 17 Sep 2025 09:00:00 GMT</pubDate></item>"
            // the same headline a year later is another story
            + "<item><title>Acme Analytics raises $120 million Series D to expand AI analyst</title>"
            + "<link>https://wire.example/acme-series-d-2026</link><pubDate>Thu, 17 Sep 2026 09:00:00 GMT</pubDate></item>"
            + "</channel></rss>")));

    SourceBatch batch = connector.gather(withFeeds("/acme/news.rss", "/acme/syndicated.rss"), 0, List.of());

    assertThat(batch.documents()).extracting(SourceDocument::url)
        .contains(url("/press/acme-series-d.html"), "https://wire.example/acme-series-d-2026")
        .doesNotContain("https://wire.example/acme-series-d")
        .hasSize(6);
    assertThat(batch.documents()).allSatisfy(d -> assertThat(d.publishedAt()).isNotNull());
  }

  @Test
  void headlinesMatchOnTheirWordsWithinTheWindowOrWithoutADate() {
    NewsConnector.Headlines headlines = new NewsConnector.Headlines(List.of());
    Instant day = Instant.parse("2025-09-16T13:00:00Z");
    headlines.remember("Globex cuts prices by 20%", day);
    headlines.remember("Update", day);

    assertThat(headlines.isRepeat("globex CUTS prices, by 20 %", day.plus(java.time.Duration.ofDays(3)))).isTrue();
    assertThat(headlines.isRepeat("Globex cuts prices by 20%", null)).isTrue();
    assertThat(headlines.isRepeat("Globex cuts prices by 20%", day.plus(java.time.Duration.ofDays(4)))).isFalse();
    assertThat(headlines.isRepeat("Globex cuts prices by 25%", day)).isFalse();
    // too short to tell two stories apart
    assertThat(headlines.isRepeat("Update", day)).isFalse();
  }
}
