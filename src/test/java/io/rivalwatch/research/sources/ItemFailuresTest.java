package io.rivalwatch.research.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.adapters.web.WebFetchProperties;
import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.NewsSources;
import io.rivalwatch.planning.CompetitorProfile.WebsiteSources;
import io.rivalwatch.research.FailedPages;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.testsupport.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * Items 5 and 6 of issue 12, on a real fetcher against WireMock: a failing item (an article behind a feed entry, a
 * page of a site) fails only itself, and what failed for good is remembered in the artefact store across runs.
 */
class ItemFailuresTest {

  private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");

  @TempDir Path store;

  private WireMockServer server;
  private WebFetcher fetcher;
  private MutableClock clock;
  private FailedPages failedPages;
  private ResearchProperties research;
  private int deadPort;

  @BeforeEach
  void start() throws IOException {
    server = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    server.start();
    server.stubFor(get(urlPathEqualTo("/robots.txt")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/plain").withBody("User-agent: *\nDisallow: /private/\n")));
    server.stubFor(get(urlPathEqualTo("/up.html")).willReturn(html("Up", "Acme still answers. ")));
    server.stubFor(get(urlPathEqualTo("/a1.html")).willReturn(html("Article one", "Acme ships a new release. ")));
    server.stubFor(get(urlPathEqualTo("/gone.html")).willReturn(aResponse().withStatus(404)));
    server.stubFor(get(urlPathEqualTo("/huge.html")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("<p>" + "x".repeat(80_000) + "</p>")));
    server.stubFor(get(urlPathEqualTo("/binary.html")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html").withBody("\u0001\u0002\u0003\u0004".repeat(400))));
    server.stubFor(get(urlPathEqualTo("/slow.html")).willReturn(html("Slow", "Eventually. ").withFixedDelay(3_000)));
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort(); // closed again: connections to it are refused
    }
    clock = new MutableClock(NOW);
    research = ResearchProperties.defaults();
    ArtefactJson json = new ArtefactJson(new FileArtefactStore(store));
    failedPages = new FailedPages(json, research, clock,
        new io.rivalwatch.planning.PlanningService(null, json, null, null, clock));
    fetcher = newFetcher();
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  /** A fresh fetcher, as a later run's worker has: no robots.txt rules kept, breakers closed. */
  private WebFetcher newFetcher() {
    return new WebFetcher(WebFetchProperties.defaults()
        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500))
        .withMaxResponseBytes(DataSize.ofKilobytes(64))
        .withAllowedPrivateHosts("localhost", "127.0.0.1")
        .withPerHost(2, Duration.ZERO), OutsideServices.standalone(), clock);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder html(String title, String text) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
        .withBody("<html><head><title>" + title + "</title></head><body><p>" + text.repeat(20) + "</p></body></html>");
  }

  private String url(String path) {
    return "http://localhost:" + server.port() + path;
  }

  private String dead() {
    return "http://localhost:" + deadPort + "/dead.html";
  }

  private int requests(String path) {
    return server.findAll(getRequestedFor(urlPathEqualTo(path))).size();
  }

  @Test
  void aDeadArticleLinkFailsOnlyItselfAndIsTriedAtMostTwicePerRun() {
    server.stubFor(get(urlPathEqualTo("/news.rss")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/rss+xml").withBody("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>Acme news</title>
            <item><title>Acme ships a new release today</title><link>%s</link></item>
            <item><title>Acme opens an office in Lisbon</title><link>%s</link></item>
            </channel></rss>""".formatted(url("/a1.html"), dead()))));
    NewsConnector news = new NewsConnector(fetcher, research);
    CompetitorProfile acme = new CompetitorProfile("acme", "Acme", null,
        new NewsSources(List.of(URI.create(url("/news.rss")))), null, null);
    var run = failedPages.forRun("run-1");
    List<SourceDocument> gathered = new ArrayList<>(news.gather(acme, 0, List.of(), run).documents());
    assertThat(gathered).hasSize(2);

    SourceBatch first = news.gather(acme, 1, gathered, run);
    assertThat(first.documents()).extracting(SourceDocument::title).containsExactly("Article one");
    assertThat(first.problems()).singleElement().asString().startsWith(dead() + ": ")
        .contains("connection refused").doesNotContain("trying later");
    gathered.addAll(first.documents());

    // the dead link is now the only article left: it is still only its own problem, not a job failure
    SourceBatch second = news.gather(acme, 2, gathered, run);
    assertThat(second.documents()).isEmpty();
    assertThat(second.problems()).singleElement().asString().startsWith(dead() + ": ");

    SourceBatch third = news.gather(acme, 3, gathered, run);
    assertThat(third.problems()).containsExactly(dead() + ": skipped: not reached in 2 tries in this run ("
        + second.problems().get(0).substring(dead().length() + 2) + ")");
    assertThat(news.gather(acme, 3, gathered, failedPages.forRun("run-2")).problems()).singleElement().asString()
        .as("a new run tries again").doesNotContain("skipped");
  }

  @Test
  void pagesThatFailedForGoodAreNotFetchedAgainInTheNextRunUntilTheMemoryExpires() {
    List<String> failing = List.of("/gone.html", "/huge.html", "/binary.html", "/private/secret.html");
    List<URI> pages = new ArrayList<>(List.of(URI.create(url("/up.html"))));
    failing.forEach(path -> pages.add(URI.create(url(path))));
    CompetitorProfile acme = new CompetitorProfile("acme", "Acme", new WebsiteSources(pages, List.of()), null, null,
        null);

    SourceBatch firstRun = new WebsiteConnector(fetcher, research).gather(acme, 0, List.of(), failedPages.forRun("run-1"));
    assertThat(firstRun.documents()).hasSize(1);
    assertThat(firstRun.problems()).hasSize(4).noneMatch(p -> p.contains("skipped"));

    clock.advance(Duration.ofDays(1));
    fetcher.close();
    fetcher = newFetcher();
    SourceBatch nextRun = new WebsiteConnector(fetcher, research).gather(acme, 0, List.of(), failedPages.forRun("run-2"));

    assertThat(nextRun.documents()).hasSize(1);
    String date = LocalDate.ofInstant(NOW, ZoneOffset.UTC).toString();
    assertThat(nextRun.problems()).containsExactly(
        url("/gone.html") + ": skipped: failed permanently on " + date + " (HTTP 404)",
        url("/huge.html") + ": skipped: failed permanently on " + date + " (larger than 65536 bytes)",
        url("/binary.html") + ": skipped: failed permanently on " + date + " (binary content, not text)",
        url("/private/secret.html") + ": skipped: failed permanently on " + date + " ("
            + firstRun.problems().get(3).substring(url("/private/secret.html").length() + 2) + ")");
    assertThat(requests("/gone.html")).isEqualTo(1);
    assertThat(requests("/huge.html")).isEqualTo(1);
    assertThat(requests("/binary.html")).isEqualTo(1);
    assertThat(requests("/private/secret.html")).isZero();
    assertThat(requests("/up.html")).isEqualTo(2);

    clock.advance(ResearchProperties.DEFAULT_PERMANENT_FAILURE_MEMORY);
    SourceBatch weekLater = new WebsiteConnector(fetcher, research).gather(acme, 0, List.of(), failedPages.forRun("run-3"));
    assertThat(weekLater.problems()).hasSize(4).noneMatch(p -> p.contains("skipped"));
    assertThat(requests("/gone.html")).isEqualTo(2);
  }

  @Test
  void aPageThatTimesOutIsFetchedAtMostTwiceInOneRun() {
    CompetitorProfile acme = new CompetitorProfile("acme", "Acme", new WebsiteSources(
        List.of(URI.create(url("/up.html")), URI.create(url("/slow.html"))), List.of()), null, null, null);
    WebsiteConnector website = new WebsiteConnector(fetcher, research);
    var run = failedPages.forRun("run-1");

    List<SourceDocument> gathered = new ArrayList<>(website.gather(acme, 0, List.of(), run).documents());
    for (int round = 1; round <= 3; round++) {
      SourceBatch batch = website.gather(acme, round, gathered, run);
      gathered.addAll(batch.documents());
      assertThat(batch.problems()).singleElement().asString().startsWith(url("/slow.html") + ": ");
    }

    assertThat(requests("/slow.html")).isEqualTo(2);
  }
}
