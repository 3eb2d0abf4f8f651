package io.rivalwatch.research.sources;

import io.rivalwatch.text.Sha256;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.MarketEndpoint;
import io.rivalwatch.planning.CompetitorProfile.MarketSources;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketEndpointConnectorTest extends SampleSiteTestBase {

  private final MarketEndpointConnector connector = new MarketEndpointConnector(fetcher);

  private static MarketEndpoint csv(String path, String title, String date, String value) {
    return new MarketEndpoint("ACME share price", URI.create(site.baseUrl() + path), "csv", null, title, date, value);
  }

  private static MarketEndpoint json(String path, String records, String title, String date, String value) {
    return new MarketEndpoint(null, URI.create(site.baseUrl() + path), "json", records, title, date, value);
  }

  private static CompetitorProfile acme(MarketEndpoint... endpoints) {
    return new CompetitorProfile("acme", "Acme Analytics", null, null, null,
        new MarketSources(null, List.of(endpoints)));
  }

  @Test
  void aCsvEndpointBecomesOneDocumentNewestRecordFirst() {
    SourceBatch batch = connector.gather(acme(csv("/markets/acme-share-price.csv", "symbol", "date", "close")), 0,
        List.of());

    assertThat(batch.problems()).isEmpty();
    SourceDocument prices = batch.documents().get(0);
    assertThat(prices.url()).isEqualTo(site.baseUrl() + "/markets/acme-share-price.csv");
    assertThat(prices.kind()).isEqualTo(SourceKind.MARKET);
    assertThat(prices.title()).isEqualTo("ACME share price");
    assertThat(prices.text()).isEqualTo("ACME share price. ACME on 2025-09-30: 43.10. ACME on 2025-09-29: 42.05."
        + " ACME on 2025-09-26: 41.20. ACME on 2025-09-25: 40.75.");
    assertThat(prices.publishedAt()).isEqualTo(Instant.parse("2025-09-30T00:00:00Z"));
    assertThat(prices.fetchedAt()).isNotNull();
    assertThat(prices.contentHash()).isEqualTo(Sha256.hex(prices.text()));
    assertThat(prices.links()).containsExactly(prices.url());
  }

  @Test
  void aJsonEndpointMapsRecordsWithPointers() {
    SourceBatch batch = connector.gather(acme(json("/markets/acme-funding.json", "/data/rounds", "round",
        "/announced", "/amount/usd")), 0, List.of());

    assertThat(batch.problems()).isEmpty();
    SourceDocument funding = batch.documents().get(0);
    assertThat(funding.title()).isEqualTo("Market data from " + site.baseUrl() + "/markets/acme-funding.json");
    assertThat(funding.text()).endsWith("Series D on 2025-09-16: $120 million. Series C on 2023-11-07: $60 million."
        + " Series B on 2022-03-15: $25 million.");
    assertThat(funding.publishedAt()).isEqualTo(Instant.parse("2025-09-16T00:00:00Z"));
  }

  @Test
  void mappingsThatFindNothingAreProblemsNamingTheField() {
    site.wireMock().stubFor(get("/markets/broken.json").willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("{\"data\": [1, 2")));

    SourceBatch batch = connector.gather(acme(
        csv("/markets/acme-share-price.csv", null, "date", "price"),
        json("/markets/acme-funding.json", "/data/missing", null, null, "/amount/usd"),
        json("/markets/acme-funding.json#again", "/data/rounds", null, null, "/amount/eur"),
        json("/markets/broken.json", null, null, null, "value"),
        csv("/markets/none.csv", null, null, "close")), 0, List.of());

    assertThat(batch.documents()).isEmpty();
    String base = site.baseUrl() + "/markets/";
    assertThat(batch.problems()).containsExactly(
        base + "acme-share-price.csv: no column 'price' in the header (columns: date, symbol, close, volume)",
        base + "acme-funding.json: nothing at the records pointer '/data/missing'",
        base + "acme-funding.json: no record has a value at '/amount/eur'",
        base + "broken.json: not readable as JSON",
        base + "none.csv: HTTP 404");
  }

  @Test
  void aRecordWithoutTheValueIsLeftOutAndNoValueAtAllIsAProblem() {
    site.wireMock().stubFor(get("/markets/sparse.csv").willReturn(aResponse()
        .withHeader("Content-Type", "text/csv").withBody("quarter,revenue\nQ1 2025,\nQ2 2025,$61 million\n")));
    site.wireMock().stubFor(get("/markets/empty.csv").willReturn(aResponse()
        .withHeader("Content-Type", "text/csv").withBody("quarter,revenue\nQ1 2025,\n")));

    SourceBatch batch = connector.gather(acme(
        new MarketEndpoint("Acme revenue", URI.create(site.baseUrl() + "/markets/sparse.csv"), "csv", null,
            "quarter", null, "revenue"),
        new MarketEndpoint("Acme revenue", URI.create(site.baseUrl() + "/markets/empty.csv"), "csv", null,
            "quarter", null, "revenue")), 0, List.of());

    assertThat(batch.documents()).singleElement()
        .satisfies(d -> assertThat(d.text()).isEqualTo("Acme revenue. Q2 2025: $61 million."));
    assertThat(batch.problems()).containsExactly(site.baseUrl() + "/markets/empty.csv: no record has a value at 'revenue'");
  }

  @Test
  void anUnreachableEndpointAloneMakesTheSourceUnavailable() {
    site.wireMock().stubFor(get("/markets/acme-share-price.csv").atPriority(1)
        .willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> connector.gather(acme(csv("/markets/acme-share-price.csv", null, "date", "close")), 0,
        List.of())).isInstanceOf(OutsideServiceException.class).hasMessageContaining("market data endpoints of acme");
  }

  @Test
  void readsInRoundZeroOnlyAndOnlyWhenConfigured() {
    assertThat(connector.gather(acme(csv("/markets/acme-share-price.csv", null, "date", "close")), 1, List.of())
        .documents()).isEmpty();
    assertThat(connector.isConfigured(new CompetitorProfile("x", "X", null, null, null, new MarketSources("0000000001"))))
        .isFalse();
    assertThat(connector.kind()).isEqualTo(SourceKind.MARKET);
  }
}
