package io.rivalwatch.research.sources;

import io.rivalwatch.text.Sha256;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.web.WebFetchProperties;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.SocialSources;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.sample.SampleSite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HackerNewsConnectorTest extends SampleSiteTestBase {

  private final HackerNewsConnector connector = new HackerNewsConnector(fetcher, site.researchProperties());

  private static CompetitorProfile searching(String query) {
    return new CompetitorProfile("acme", "Acme Analytics", null, null, new SocialSources(query), null);
  }

  @Test
  void roundZeroReadsTheFirstPageOfStories() {
    SourceBatch batch = connector.gather(searching("Acme Analytics"), 0, List.of());

    assertThat(batch.problems()).isEmpty();
    assertThat(batch.documents())
        .extracting(SourceDocument::url)
        .containsExactly(
            site.baseUrl() + "/press/acme-series-d.html",
            "https://news.ycombinator.com/item?id=45120377",
            "https://blog.example/bi-benchmark",
            "https://status.example/acme/incidents/8812");
    SourceDocument askHn = batch.documents().get(1);
    assertThat(askHn.kind()).isEqualTo(SourceKind.SOCIAL);
    assertThat(askHn.title()).isEqualTo("Ask HN: Has anyone replaced their BI stack with Acme Analytics?");
    assertThat(askHn.publishedAt()).isEqualTo(Instant.parse("2025-09-05T18:02:44Z"));
    assertThat(askHn.text())
        .startsWith("Ask HN: Has anyone replaced their BI stack with Acme Analytics? We are a 3,000-person retailer")
        .contains("Acme's sales team")
        .endsWith("at $89 per user per month? (156 points, 98 comments)")
        .doesNotContain("<p>", "&#x27;");
    assertThat(askHn.contentHash()).isEqualTo(Sha256.hex(askHn.text()));
    assertThat(askHn.links()).containsExactly("https://news.ycombinator.com/item?id=45120377");
    SourceDocument linkPost = batch.documents().get(0);
    assertThat(linkPost.text()).isEqualTo("Acme Analytics raises $120M Series D. (214 points, 131 comments)");
    assertThat(linkPost.links())
        .containsExactly(site.baseUrl() + "/press/acme-series-d.html", "https://news.ycombinator.com/item?id=45210011");
    site.wireMock()
        .verify(
            getRequestedFor(urlPathEqualTo("/hn/api/v1/search"))
                .withQueryParam("query", equalTo("Acme Analytics"))
                .withQueryParam("tags", equalTo("story"))
                .withQueryParam("page", equalTo("0"))
                .withHeader("User-Agent", equalTo(WebFetchProperties.DEFAULT_USER_AGENT)));
  }

  @Test
  void eachRoundReadsTheNextPageUntilThereAreNoMore() {
    CompetitorProfile acme = searching("Acme Analytics");
    List<SourceDocument> gathered = new ArrayList<>(connector.gather(acme, 0, List.of()).documents());

    SourceBatch round1 = connector.gather(acme, 1, gathered);
    gathered.addAll(round1.documents());
    SourceBatch round2 = connector.gather(acme, 2, gathered);

    assertThat(round1.documents())
        .extracting(SourceDocument::title)
        .containsExactly(
            "Acme Analytics and Northwind Cloud partner on private deployments",
            "Tell HN: Acme Analytics renewal went up 35%",
            "Acme Analytics is hiring engineers in Dublin and Austin");
    assertThat(round2.documents()).isEmpty();
    assertThat(round2.problems()).isEmpty();
    site.wireMock()
        .verify(1, getRequestedFor(urlPathEqualTo("/hn/api/v1/search")).withQueryParam("page", equalTo("1")));
  }

  @Test
  void storiesAlreadyGatheredAreNotAddedAgain() {
    CompetitorProfile acme = searching("Acme Analytics");
    List<SourceDocument> round0 = connector.gather(acme, 0, List.of()).documents();

    SourceBatch again = connector.gather(acme, 0, round0);

    assertThat(again.documents()).isEmpty();
  }

  @Test
  void aQueryWithNoResultsGivesAnEmptyBatch() {
    assertThat(connector.gather(searching("Nobody Corp"), 0, List.of()).documents()).isEmpty();
  }

  @Test
  void throttlingOrAnOutageMakesTheSourceUnavailable() {
    site.wireMock()
        .stubFor(
            get(urlPathEqualTo("/hn/api/v1/search"))
                .atPriority(0)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

    assertThatThrownBy(() -> connector.gather(searching("Acme Analytics"), 0, List.of()))
        .isInstanceOf(OutsideServiceException.class)
        .hasMessageContaining("HTTP 429");
  }

  @Test
  void aRejectedSearchIsAProblem() {
    site.wireMock()
        .stubFor(get(urlPathEqualTo("/hn/api/v1/search")).atPriority(0).willReturn(aResponse().withStatus(400)));

    SourceBatch batch = connector.gather(searching("Acme Analytics"), 0, List.of());

    assertThat(batch.documents()).isEmpty();
    assertThat(batch.problems()).singleElement().asString().endsWith(": HTTP 400");
  }

  @Test
  void encodesTheQuery() {
    assertThat(connector.searchUrl("Acme & Co / \"BI\"", 3))
        .isEqualTo(site.hackerNewsUrl() + "/search?query=Acme%20%26%20Co%20%2F%20%22BI%22&tags=story&page=3");
  }

  @Test
  void isConfiguredOnlyWithAQuery() {
    assertThat(connector.isConfigured(searching("Acme"))).isTrue();
    assertThat(connector.isConfigured(searching(" "))).isFalse();
    assertThat(connector.isConfigured(new CompetitorProfile("x", "X", null, null, null, null))).isFalse();
  }
}
