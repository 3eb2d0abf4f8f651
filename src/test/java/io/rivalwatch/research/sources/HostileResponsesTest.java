package io.rivalwatch.research.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.web.WebFetchProperties;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.WebsiteSources;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A competitor's website at its worst, read through the real fetcher and connector: a huge page, a binary one, an
 * empty one, a PDF, malformed HTML and a page in an undeclared encoding. Nothing crashes; the readable pages become
 * documents with their text intact and every other page is a problem line that says why.
 */
class HostileResponsesTest {

  private WireMockServer server;
  private WebFetcher fetcher;

  @BeforeEach
  void start() throws IOException {
    server = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    server.start();
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
    serve("/huge.html", "text/html; charset=utf-8", ("<p>" + "endless ".repeat(400_000) + "</p>").getBytes(), true);
    serve("/binary.html", "text/html", png, false);
    serve("/empty.html", "text/html", new byte[0], false);
    serve("/report.pdf", "application/pdf", "%PDF-1.7\n...".getBytes(), false);
    serve("/broken.html", "text/html", fixture("malformed.html"), false);
    serve("/tarifs.html", "text/html", fixture("latin1-no-charset.html"), false);
    fetcher = new WebFetcher(WebFetchProperties.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
        .withAllowedPrivateHosts("localhost").withPerHost(2, Duration.ZERO));
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  private void serve(String path, String contentType, byte[] body, boolean chunked) {
    var response = aResponse().withHeader("Content-Type", contentType).withBody(body);
    server.stubFor(get(path).willReturn(chunked ? response.withChunkedDribbleDelay(20, 200) : response));
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = HostileResponsesTest.class.getResourceAsStream("/web-fixtures/" + name)) {
      return in.readAllBytes();
    }
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  @Test
  void readablePagesBecomeDocumentsAndTheRestAreProblemsThatSayWhy() {
    List<URI> pages = Stream.of("/huge.html", "/binary.html", "/empty.html", "/report.pdf", "/broken.html",
        "/tarifs.html").map(p -> URI.create(url(p))).toList();
    CompetitorProfile hostile =
        new CompetitorProfile("hostile", "Hostile Pages Inc", new WebsiteSources(pages), null, null, null);

    SourceBatch batch = new WebsiteConnector(fetcher, ResearchProperties.defaults()).gather(hostile, 0, List.of());

    assertThat(batch.documents()).extracting(SourceDocument::url)
        .containsExactly(url("/broken.html"), url("/tarifs.html"));
    SourceDocument broken = batch.documents().get(0);
    assertThat(broken.text()).contains("Starter plan: 49 dollars a month", "Team plan", "Enterprise")
        .doesNotContain("not text");
    SourceDocument tarifs = batch.documents().get(1);
    assertThat(tarifs.title()).isEqualTo("Tarifs - Café crème");
    assertThat(tarifs.text()).contains("Le café crème coûte 3 EUR à Zürich");
    assertThat(batch.problems()).containsExactly(
        url("/huge.html") + ": larger than 2097152 bytes",
        url("/binary.html") + ": binary content labelled text/html",
        url("/empty.html") + ": empty body",
        url("/report.pdf") + ": unexpected content type application/pdf");
  }
}
