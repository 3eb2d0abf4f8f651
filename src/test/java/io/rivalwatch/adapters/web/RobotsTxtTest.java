package io.rivalwatch.adapters.web;

import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.research.PermanentFetchException;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.testsupport.MutableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rivalwatch.resilience.OutsideServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** robots.txt, read from a local server: what it allows, what its answers mean, and that it is read once. */
class RobotsTxtTest {

  private WireMockServer server;
  private WebFetcher fetcher;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    server.start();
    server.stubFor(get(urlPathMatching("/(?!robots\\.txt).*")).atPriority(10).willReturn(aResponse()
        .withHeader("Content-Type", "text/html; charset=utf-8").withBody("<html><body><p>a page</p></body></html>")));
    fetcher = new WebFetcher(properties());
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  private static WebFetchProperties properties() {
    return WebFetchProperties.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withAllowedPrivateHosts("localhost", "127.0.0.1").withPerHost(2, Duration.ZERO);
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  private void robotsTxt(String body) {
    server.stubFor(get(urlEqualTo("/robots.txt"))
        .willReturn(aResponse().withHeader("Content-Type", "text/plain; charset=utf-8").withBody(body)));
  }

  private int robotsRequests() {
    return server.findAll(getRequestedFor(urlEqualTo("/robots.txt"))).size();
  }

  private static String fixture(String name) {
    try (InputStream in = RobotsTxtTest.class.getResourceAsStream("/web-fixtures/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aDisallowedPathIsRefusedWithoutBeingRequestedAndTheGroupForOurProductTokenApplies() throws Exception {
    // "User-agent: *" disallows everything; the group naming rivalwatch only /private/ and /search?
    robotsTxt(fixture("robots.txt"));

    assertThatThrownBy(() -> fetcher.fetch(url("/private/plans.html"), WebFetcher.HTML))
        .isInstanceOfSatisfying(PermanentFetchException.class, e -> assertThat(e.problem()).isEqualTo(
            url("/private/plans.html") + ": robots.txt of host localhost disallows /private/plans.html for rivalwatch"));
    assertThatThrownBy(() -> fetcher.fetch(url("/search?q=acme"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessageEndingWith("disallows /search?q=acme for rivalwatch");

    assertThat(fetcher.fetch(url("/pricing.html"), WebFetcher.HTML).body()).contains("a page");
    assertThat(fetcher.fetch(url("/private/press-kit.html"), WebFetcher.HTML).status()).isEqualTo(200);
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/private/plans.html")))).isEmpty();
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/search")))).isEmpty();
  }

  @Test
  void aGroupForEveryoneAppliesWhenNoneNamesUs() {
    robotsTxt("User-agent: googlebot\nAllow: /\n\nUser-agent: *\nDisallow: /\n");

    assertThatThrownBy(() -> fetcher.fetch(url("/"), WebFetcher.HTML))
        .hasMessageEndingWith("robots.txt of host localhost disallows / for rivalwatch");
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/")))).isEmpty();
  }

  @Test
  void robotsTxtIsReadOncePerHostHoweverManyPagesAndThreadsAskAtOnce() throws Exception {
    // slow, so that every thread asks while the first read is under way
    server.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withFixedDelay(300)
        .withHeader("Content-Type", "text/plain").withBody("User-agent: *\nDisallow: /private/\n")));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<FetchedPage>> pages = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String page = url("/page-" + i + ".html");
        pages.add(threads.submit(() -> fetcher.fetch(page, WebFetcher.HTML)));
      }
      for (Future<FetchedPage> page : pages) {
        assertThat(page.get().status()).isEqualTo(200);
      }
    } finally {
      threads.shutdownNow();
    }
    for (int i = 0; i < 5; i++) {
      fetcher.fetch(url("/more-" + i + ".html"), WebFetcher.HTML);
    }
    assertThat(robotsRequests()).isEqualTo(1);

    // another host name is another host, with robots.txt of its own
    fetcher.fetch("http://127.0.0.1:" + server.port() + "/page-0.html", WebFetcher.HTML);
    assertThat(robotsRequests()).isEqualTo(2);
  }

  @Test
  void theRulesAreReadAgainOnceTheyExpire() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2025-11-20T02:00:00Z"));
    try (WebFetcher clocked = new WebFetcher(properties().withRobotsExpiry(Duration.ofHours(24)),
        OutsideServices.standalone(), clock)) {
      robotsTxt("User-agent: *\nAllow: /\n");
      clocked.fetch(url("/pricing.html"), WebFetcher.HTML);
      robotsTxt("User-agent: *\nDisallow: /pricing.html\n");

      clock.advance(Duration.ofHours(23));
      assertThat(clocked.fetch(url("/pricing.html"), WebFetcher.HTML).status()).as("rules still kept").isEqualTo(200);
      assertThat(robotsRequests()).isEqualTo(1);

      clock.advance(Duration.ofHours(2));
      assertThatThrownBy(() -> clocked.fetch(url("/pricing.html"), WebFetcher.HTML))
          .hasMessageEndingWith("disallows /pricing.html for rivalwatch");
      assertThat(robotsRequests()).isEqualTo(2);
    }
  }

  @Test
  void noRobotsTxtMeansEverythingIsAllowed() throws Exception {
    // no stub for /robots.txt: WireMock answers 404
    assertThat(fetcher.fetch(url("/anything.html"), WebFetcher.HTML).status()).isEqualTo(200);
    assertThat(fetcher.fetch(url("/else.html"), WebFetcher.HTML).status()).isEqualTo(200);
    assertThat(robotsRequests()).as("the 404 is kept too").isEqualTo(1);
  }

  @Test
  void robotsTxtAnsweringUnauthorizedOrForbiddenMeansNothingIsAllowed() {
    for (int status : new int[] {401, 403}) {
      server.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withStatus(status)));
      try (WebFetcher fresh = new WebFetcher(properties())) {
        assertThatThrownBy(() -> fresh.fetch(url("/pricing.html"), WebFetcher.HTML))
            .isInstanceOf(PermanentFetchException.class)
            .hasMessageEndingWith("robots.txt of host localhost disallows /pricing.html for rivalwatch (robots.txt "
                + "answered HTTP " + status + ", which keeps robots out of the whole host)");
      }
    }
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/pricing.html")))).isEmpty();
  }

  @Test
  void aServerErrorOnRobotsTxtMeansTryLaterAndIsNotKept() throws Exception {
    server.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withStatus(503)
        .withHeader("Retry-After", "30")));

    assertThatThrownBy(() -> fetcher.fetch(url("/pricing.html"), WebFetcher.HTML))
        .isInstanceOfSatisfying(TransientFetchException.class, e -> {
          assertThat(e.reason()).isEqualTo("robots.txt of host localhost could not be read (HTTP 503)");
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        });
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/pricing.html")))).isEmpty();

    robotsTxt("User-agent: *\nAllow: /\n");
    assertThat(fetcher.fetch(url("/pricing.html"), WebFetcher.HTML).status()).isEqualTo(200);
    assertThat(robotsRequests()).isEqualTo(2);
  }

  @Test
  void aRobotsTxtThatTimesOutIsTransient() {
    server.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withFixedDelay(2000).withBody("")));

    try (WebFetcher impatient =
        new WebFetcher(properties().withTimeouts(Duration.ofMillis(500), Duration.ofMillis(300)))) {
      assertThatThrownBy(() -> impatient.fetch(url("/pricing.html"), WebFetcher.HTML))
          .isInstanceOfSatisfying(TransientFetchException.class, e -> assertThat(e.reason())
              .isEqualTo("robots.txt of host localhost could not be read (timed out)"));
    }
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/pricing.html")))).isEmpty();
  }

  @Test
  void aRedirectToADisallowedPathIsRefusedBeforeItIsFollowed() {
    robotsTxt("User-agent: rivalwatch\nDisallow: /members/\n");
    server.stubFor(get(urlEqualTo("/offer")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "/members/offer.html")));

    assertThatThrownBy(() -> fetcher.fetch(url("/offer"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessage(url("/offer") + ": robots.txt of host localhost disallows /members/offer.html for rivalwatch");
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/members/offer.html")))).isEmpty();
  }

}
