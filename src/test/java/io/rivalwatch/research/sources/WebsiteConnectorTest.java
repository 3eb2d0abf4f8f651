package io.rivalwatch.research.sources;

import io.rivalwatch.text.Sha256;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.WebsiteSources;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.sample.SampleSite;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebsiteConnectorTest extends SampleSiteTestBase {

  private final WebsiteConnector connector = new WebsiteConnector(fetcher, site.researchProperties());

  private static CompetitorProfile withPages(String... paths) {
    List<URI> pages = Arrays.stream(paths).map(p -> URI.create(site.baseUrl() + p)).toList();
    return new CompetitorProfile("acme", "Acme Analytics", new WebsiteSources(pages), null, null, null);
  }

  private static String url(String path) {
    return site.baseUrl() + path;
  }

  @Test
  void roundZeroReadsTheConfiguredPagesWithoutBoilerplate() {
    SourceBatch batch = connector.gather(withPages("/acme/", "/acme/pricing.html"), 0, List.of());

    assertThat(batch.problems()).isEmpty();
    assertThat(batch.documents())
        .extracting(SourceDocument::url)
        .containsExactly(url("/acme/"), url("/acme/pricing.html"));
    SourceDocument home = batch.documents().get(0);
    assertThat(home.kind()).isEqualTo(SourceKind.WEBSITE);
    assertThat(home.title()).isEqualTo("Acme Analytics | Answers from your data, not more dashboards");
    assertThat(home.fetchedAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
    assertThat(home.publishedAt()).isNull();
    assertThat(home.contentHash()).isEqualTo(Sha256.hex(home.text())).hasSize(64);
    assertThat(home.text())
        .startsWith("Answers from your data, not more dashboards. Acme Analytics is the business intelligence platform")
        .contains("Ask Acme, your AI analyst. Ask Acme turns a question")
        .doesNotContain("cookies", "Cookie settings", "Accept all", "Log in", "Newsroom", "© 2025", "Privacy policy")
        .doesNotContain("  ", "\n", "gtag");
    assertThat(home.links())
        .startsWith(url("/acme/product.html"), url("/acme/customers.html"))
        .contains(url("/acme/careers.html"), "https://social.example/acmeanalytics")
        .allMatch(link -> link.startsWith("http://") || link.startsWith("https://"));
    SourceDocument pricing = batch.documents().get(1);
    assertThat(pricing.title()).isEqualTo("Pricing | Acme Analytics");
    assertThat(pricing.text()).contains("Team. $49 per user per month.").contains("Business. $89 per user per month.");
  }

  @Test
  void laterRoundsFollowSameSiteLinksAndNeverReadAPageTwice() {
    CompetitorProfile acme = withPages("/acme/", "/acme/pricing.html");
    List<SourceDocument> gathered = new ArrayList<>(connector.gather(acme, 0, List.of()).documents());

    SourceBatch round1 = connector.gather(acme, 1, gathered);
    gathered.addAll(round1.documents());
    SourceBatch round2 = connector.gather(acme, 2, gathered);

    assertThat(round1.documents())
        .extracting(SourceDocument::url)
        .containsExactly(url("/acme/product.html"), url("/acme/customers.html"), url("/acme/careers.html"));
    assertThat(round1.documents().get(0).title()).isEqualTo("Product | Acme Analytics");
    assertThat(round1.documents().get(0).text()).doesNotContain("Home / Product");
    assertThat(round1.problems()).isEmpty();
    assertThat(round2.documents()).isEmpty();
    assertThat(round2.problems()).isEmpty();
    for (String path : List.of("/acme/", "/acme/pricing.html", "/acme/product.html", "/acme/careers.html")) {
      site.wireMock().verify(1, getRequestedFor(urlPathEqualTo(path)));
    }
    // not followed: files, account and legal pages, other sites
    for (String path : List.of("/acme/news.rss", "/acme/login", "/acme/privacy.html", "/acme/cookies.html")) {
      site.wireMock().verify(0, getRequestedFor(urlPathEqualTo(path)));
    }
  }

  @Test
  void aThinHomePageLeadsToItsLinkedPagesInRoundOne() {
    CompetitorProfile initech = withPages("/initech/");
    SourceBatch round0 = connector.gather(initech, 0, List.of());

    SourceBatch round1 = connector.gather(initech, 1, round0.documents());

    assertThat(round0.documents()).singleElement().satisfies(d -> assertThat(d.text()).hasSizeLessThan(200));
    assertThat(round1.documents())
        .extracting(SourceDocument::url)
        .containsExactly(url("/initech/product.html"), url("/initech/pricing.html"), url("/initech/about.html"));
    assertThat(round1.documents()).allSatisfy(d -> assertThat(d.text()).hasSizeGreaterThanOrEqualTo(200));
  }

  @Test
  void readsAtMostMaxLinksPerRoundInTheOrderFound() {
    ResearchProperties two = site.researchProperties().withMaxLinksPerRound(2);
    WebsiteConnector limited = new WebsiteConnector(fetcher, two);
    CompetitorProfile acme = withPages("/acme/", "/acme/pricing.html");
    List<SourceDocument> gathered = new ArrayList<>(limited.gather(acme, 0, List.of()).documents());

    SourceBatch round1 = limited.gather(acme, 1, gathered);
    gathered.addAll(round1.documents());
    SourceBatch round2 = limited.gather(acme, 2, gathered);

    assertThat(round1.documents())
        .extracting(SourceDocument::url)
        .containsExactly(url("/acme/product.html"), url("/acme/customers.html"));
    assertThat(round2.documents()).extracting(SourceDocument::url).containsExactly(url("/acme/careers.html"));
  }

  @Test
  void aMissingPageIsAProblemWhileTheOthersAreRead() {
    SourceBatch batch = connector.gather(withPages("/acme/", "/acme/gone.html"), 0, List.of());

    assertThat(batch.documents()).extracting(SourceDocument::url).containsExactly(url("/acme/"));
    assertThat(batch.problems()).containsExactly(url("/acme/gone.html") + ": HTTP 404");
  }

  @Test
  void onlyPermanentFailuresGiveAnEmptyBatchWithProblems() {
    site.wireMock()
        .stubFor(get("/acme/image.png").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody("x")));

    SourceBatch batch = connector.gather(withPages("/acme/gone.html", "/acme/image.png"), 0, List.of());

    assertThat(batch.documents()).isEmpty();
    assertThat(batch.problems())
        .containsExactly(
            url("/acme/gone.html") + ": HTTP 404", url("/acme/image.png") + ": unexpected content type image/png");
  }

  @Test
  void aTransientFailureBesideReadPagesIsOnlyAProblem() {
    site.wireMock().stubFor(get("/acme/pricing.html").willReturn(aResponse().withStatus(503)));

    SourceBatch batch = connector.gather(withPages("/acme/", "/acme/pricing.html"), 0, List.of());

    assertThat(batch.documents()).hasSize(1);
    assertThat(batch.problems()).containsExactly(url("/acme/pricing.html") + ": HTTP 503");
  }

  @Test
  void nothingReadAndSomethingTransientMeansTheSourceIsUnavailable() {
    site.wireMock().stubFor(get("/acme/").willReturn(aResponse().withStatus(503)));
    site.wireMock().stubFor(get("/acme/pricing.html").willReturn(aResponse().withStatus(429)));

    assertThatThrownBy(() -> connector.gather(withPages("/acme/", "/acme/pricing.html", "/acme/gone.html"), 0, List.of()))
        .isInstanceOf(OutsideServiceException.class)
        .hasMessageContaining("website of acme")
        .hasMessageContaining(url("/acme/") + ": HTTP 503")
        .hasMessageContaining(url("/acme/gone.html") + ": HTTP 404");
  }

  @Test
  void laterRoundsRetryConfiguredPagesThatWereNotRead() {
    CompetitorProfile acme = withPages("/acme/", "/acme/pricing.html");
    site.wireMock().stubFor(get("/acme/pricing.html").willReturn(aResponse().withStatus(503)));
    SourceBatch round0 = connector.gather(acme, 0, List.of());
    site.reset();

    SourceBatch round1 = connector.gather(acme, 1, round0.documents());

    assertThat(round1.documents())
        .extracting(SourceDocument::url)
        .startsWith(url("/acme/pricing.html"), url("/acme/product.html"))
        .doesNotContain(url("/acme/"));
  }

  @Test
  void isConfiguredOnlyWithPages() {
    assertThat(connector.isConfigured(withPages("/acme/"))).isTrue();
    assertThat(connector.isConfigured(withPages())).isFalse();
    assertThat(connector.isConfigured(new CompetitorProfile("x", "X", null, null, null, null))).isFalse();
    assertThat(connector.kind()).isEqualTo(SourceKind.WEBSITE);
  }

  private static CompetitorProfile withSitemaps(List<String> pages, String... sitemaps) {
    return new CompetitorProfile("acme", "Acme Analytics", new WebsiteSources(
        pages.stream().map(p -> URI.create(url(p))).toList(),
        Arrays.stream(sitemaps).map(p -> URI.create(url(p))).toList()), null, null, null);
  }

  @Test
  void aSitemapIndexGivesItsSitesPagesNewestFirstAtMostMaxLinksPerRound() {
    WebsiteConnector three = new WebsiteConnector(fetcher, site.researchProperties().withMaxLinksPerRound(3));
    CompetitorProfile acme = withSitemaps(List.of(), "/acme/sitemap_index.xml");

    SourceBatch round0 = three.gather(acme, 0, List.of());
    List<SourceDocument> gathered = new ArrayList<>(round0.documents());
    SourceBatch round1 = three.gather(acme, 1, gathered);

    assertThat(round0.problems()).isEmpty();
    // by lastmod: pricing (18 Sep), product (16 Sep), home (1 Sep); the PDF and the other site are not pages to read
    assertThat(round0.documents()).extracting(SourceDocument::url)
        .containsExactly(url("/acme/pricing.html"), url("/acme/product.html"), url("/acme/"));
    // then the company sitemap's pages, before any link found on the pages
    assertThat(round1.documents()).extracting(SourceDocument::url)
        .startsWith(url("/acme/customers.html"), url("/acme/careers.html"));
    site.wireMock().verify(0, getRequestedFor(urlPathEqualTo("/acme/assets/brochure.pdf")));
  }

  @Test
  void configuredPagesComeFirstAndSitemapPagesAreNotReadTwice() {
    CompetitorProfile acme = withSitemaps(List.of("/acme/", "/acme/customers.html"), "/acme/sitemap-company.xml");

    SourceBatch round0 = connector.gather(acme, 0, List.of());

    assertThat(round0.documents()).extracting(SourceDocument::url)
        .containsExactly(url("/acme/"), url("/acme/customers.html"), url("/acme/careers.html"));
    site.wireMock().verify(1, getRequestedFor(urlPathEqualTo("/acme/customers.html")));
  }

  @Test
  void aMissingOrBrokenSitemapIsAProblemBesideThePages() {
    site.wireMock().stubFor(get("/acme/broken-sitemap.xml").willReturn(aResponse()
        .withHeader("Content-Type", "application/xml").withBody("<urlset><url><loc>")));
    CompetitorProfile acme = withSitemaps(List.of("/acme/"), "/acme/no-sitemap.xml", "/acme/broken-sitemap.xml");

    SourceBatch round0 = connector.gather(acme, 0, List.of());

    assertThat(round0.documents()).extracting(SourceDocument::url).containsExactly(url("/acme/"));
    assertThat(round0.problems()).containsExactly(url("/acme/no-sitemap.xml") + ": HTTP 404",
        url("/acme/broken-sitemap.xml") + ": not a readable sitemap");
  }

  @Test
  void aPlainTextSitemapIsReadToo() {
    site.wireMock().stubFor(get("/acme/sitemap.txt").willReturn(aResponse()
        .withHeader("Content-Type", "text/plain").withBody(url("/acme/careers.html") + "\n" + url("/acme/product.html") + "\n")));

    SourceBatch round0 = connector.gather(withSitemaps(List.of(), "/acme/sitemap.txt"), 0, List.of());

    assertThat(round0.documents()).extracting(SourceDocument::url)
        .containsExactly(url("/acme/careers.html"), url("/acme/product.html"));
    assertThat(connector.isConfigured(withSitemaps(List.of(), "/acme/sitemap.txt"))).isTrue();
  }
}
