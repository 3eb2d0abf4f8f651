package io.rivalwatch.research.sources;

import io.rivalwatch.text.Sha256;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.web.WebFetchProperties;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.MarketSources;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.sample.SampleSite;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecEdgarConnectorTest extends SampleSiteTestBase {

  private final SecEdgarConnector connector = new SecEdgarConnector(fetcher, site.researchProperties());

  private static CompetitorProfile withCik(String cik) {
    return new CompetitorProfile("globex", "Globex Data", null, null, null, new MarketSources(cik));
  }

  @Test
  void roundZeroGivesTheCompanyProfileAndItsRecentFilings() throws Exception {
    SourceBatch batch = connector.gather(withCik("0001990002"), 0, List.of());

    assertThat(batch.problems()).isEmpty();
    assertThat(batch.documents()).hasSize(8).allMatch(d -> d.kind() == SourceKind.MARKET);
    SourceDocument profile = batch.documents().get(0);
    assertThat(profile.url()).isEqualTo(site.secEdgarUrl() + "/submissions/CIK0001990002.json");
    assertThat(profile.title()).isEqualTo("Globex Data Corp: SEC EDGAR company profile");
    assertThat(profile.publishedAt()).isNull();
    assertThat(profile.text())
        .contains("Its shares trade as GLBX on Nasdaq.")
        .contains("Industry: Services-Computer Processing & Data Preparation (SIC 7374).")
        .contains("Fiscal year ends on 31 December.")
        .contains("Most recent filings: 8-K filed 2025-09-10; 10-Q filed 2025-08-12");
    assertThat(profile.contentHash()).isEqualTo(Sha256.hex(profile.text()));

    SourceDocument restructuring = batch.documents().get(1);
    String link = site.secEdgarUrl() + "/Archives/edgar/data/1990002/000199000225000031/glbx-8k-20250910.htm";
    assertThat(restructuring.url()).isEqualTo(link);
    assertThat(restructuring.links()).containsExactly(link);
    assertThat(restructuring.title()).isEqualTo("Globex Data Corp 8-K filed 2025-09-10");
    assertThat(restructuring.publishedAt()).isEqualTo(Instant.parse("2025-09-10T20:58:33Z"));
    assertThat(restructuring.text())
        .isEqualTo(
            "Globex Data Corp filed a Form 8-K (current report) with the SEC on 2025-09-10 for the period ended"
                + " 2025-09-10. Items reported: 2.05 Costs Associated with Exit or Disposal Activities;"
                + " 7.01 Regulation FD Disclosure.");
    assertThat(batch.documents().get(2).text()).contains("Form 10-Q (quarterly report)").contains("2025-06-30");
    assertThat(profile.links()).contains(link);

    // the sample site serves every filing the documents cite
    for (SourceDocument filing : batch.documents().subList(1, 8)) {
      FetchedPage page = fetcher.fetch(filing.url(), WebFetcher.HTML);
      assertThat(page.body()).contains("Globex Data Corp");
    }
    site.wireMock()
        .verify(
            getRequestedFor(urlPathEqualTo("/sec/submissions/CIK0001990002.json"))
                .withHeader("User-Agent", equalTo(WebFetchProperties.DEFAULT_USER_AGENT)));
  }

  @Test
  void padsTheCikAndDescribesFormD() {
    SourceBatch batch = connector.gather(withCik("1990003"), 0, List.of());

    assertThat(batch.documents()).hasSize(5);
    assertThat(batch.documents().get(0).text()).contains("under CIK 0001990003").contains("It has no listed shares.");
    assertThat(batch.documents().get(1).text())
        .isEqualTo(
            "Initech Cloud, Inc. filed a Form D (notice of exempt offering of securities) with the SEC on 2025-06-02."
                + " Exemptions claimed: Rule 506(b).");
  }

  @Test
  void keepsTheTenMostRecentFilingsNewestFirst() {
    StringBuilder accession = new StringBuilder();
    StringBuilder dates = new StringBuilder();
    StringBuilder forms = new StringBuilder();
    StringBuilder documents = new StringBuilder();
    for (int i = 1; i <= 12; i++) {
      String sep = i == 1 ? "" : ",";
      accession.append(sep).append("\"0000000042-25-0000").append(String.format("%02d", i)).append('"');
      dates.append(sep).append("\"2025-01-").append(String.format("%02d", i)).append('"');
      forms.append(sep).append("\"8-K\"");
      documents.append(sep).append("\"doc").append(i).append(".htm\"");
    }
    site.wireMock()
        .stubFor(
            get("/sec/submissions/CIK0000000042.json")
                .willReturn(
                    aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"name\":\"Example Corp\",\"tickers\":[],\"filings\":{\"recent\":{"
                                + "\"accessionNumber\":[" + accession + "],\"filingDate\":[" + dates + "],"
                                + "\"form\":[" + forms + "],\"primaryDocument\":[" + documents + "]}}}")));

    SourceBatch batch = connector.gather(withCik("42"), 0, List.of());

    assertThat(batch.documents()).hasSize(11);
    assertThat(batch.documents().get(1).url())
        .isEqualTo(site.secEdgarUrl() + "/Archives/edgar/data/42/000000004225000012/doc12.htm");
    assertThat(batch.documents().get(10).title()).isEqualTo("Example Corp 8-K filed 2025-01-03");
  }

  @Test
  void linksToTheRealArchivesWhenReadingTheRealApi() {
    assertThat(
            SecEdgarConnector.filingLink(
                ResearchProperties.DEFAULT_SEC_EDGAR_URL, 1234567, "0001234567-25-000073", "example-20250628.htm"))
        .isEqualTo("https://www.sec.gov/Archives/edgar/data/1234567/000123456725000073/example-20250628.htm");
    assertThat(SecEdgarConnector.filingLink("http://localhost:9/sec", 7, "0000000007-25-000001", "x.htm"))
        .isEqualTo("http://localhost:9/sec/Archives/edgar/data/7/000000000725000001/x.htm");
  }

  @Test
  void laterRoundsHaveNothingMore() {
    assertThat(connector.gather(withCik("0001990002"), 1, List.of()).documents()).isEmpty();
    site.wireMock().verify(0, getRequestedFor(urlPathMatching("/sec/.*")));
  }

  @Test
  void anUnknownCompanyIsAProblemAndABadCikIsToo() {
    SourceBatch unknown = connector.gather(withCik("0000000001"), 0, List.of());
    SourceBatch bad = connector.gather(withCik("ACME"), 0, List.of());

    assertThat(unknown.documents()).isEmpty();
    assertThat(unknown.problems()).containsExactly(site.secEdgarUrl() + "/submissions/CIK0000000001.json: HTTP 404");
    assertThat(bad.problems()).containsExactly("SEC CIK 'ACME': not a central index key (up to 10 digits)");
  }

  @Test
  void anEdgarOutageMakesTheSourceUnavailable() {
    site.wireMock().stubFor(get(urlPathMatching("/sec/submissions/.*")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> connector.gather(withCik("0001990002"), 0, List.of()))
        .isInstanceOf(OutsideServiceException.class)
        .hasMessageContaining("SEC EDGAR data of globex");
  }

  @Test
  void isConfiguredOnlyWithACik() {
    assertThat(connector.isConfigured(withCik("0001990002"))).isTrue();
    assertThat(connector.isConfigured(withCik(""))).isFalse();
    assertThat(connector.isConfigured(new CompetitorProfile("x", "X", null, null, null, null))).isFalse();
  }
}
