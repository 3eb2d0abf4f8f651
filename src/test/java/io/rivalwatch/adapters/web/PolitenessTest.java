package io.rivalwatch.adapters.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.research.FetchedPage;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-host limits, measured where they matter: at the server, from the arrival times WireMock records (to the
 * millisecond). The fetcher spaces the moments it starts sending; a request that then takes longer to reach the server
 * than the one before (a thread not scheduled at once on a busy machine) arrives that much closer to the next one,
 * hence a tolerance of a fifth of the gap. Without the limits the requests arrive a few milliseconds apart.
 */
class PolitenessTest {

  private static final Duration GAP = Duration.ofMillis(250);
  private static final Duration TOLERANCE = GAP.dividedBy(5);

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().http2PlainDisabled(true).containerThreads(20));
    server.start();
    server.stubFor(get(urlPathMatching("/page-.*")).willReturn(aResponse()
        .withHeader("Content-Type", "text/html; charset=utf-8").withBody("<html><body><p>a page</p></body></html>")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static WebFetchProperties properties(int maxConcurrent, Duration minGap) {
    return WebFetchProperties.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
        .withAllowedPrivateHosts("localhost", "127.0.0.1").withPerHost(maxConcurrent, minGap);
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  /**
   * One fetch through another host name before measuring, so that loading classes and opening the first connection
   * do not delay one measured request more than the others.
   */
  private void warmUp(WebFetcher fetcher) throws Exception {
    fetcher.fetch("http://127.0.0.1:" + server.port() + "/page-warm-up", WebFetcher.HTML);
  }

  /** Fetches the pages from this many threads at once; every fetch must succeed. */
  private static void fetchAll(WebFetcher fetcher, List<String> urls, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<FetchedPage>> pages = new ArrayList<>();
      for (String url : urls) {
        pages.add(pool.submit(() -> fetcher.fetch(url, WebFetcher.HTML)));
      }
      for (Future<FetchedPage> page : pages) {
        assertThat(page.get().status()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Arrival times in milliseconds, in order, of the requests whose Host header starts with this name. */
  private List<Long> arrivals(String hostName) {
    return server.getAllServeEvents().stream()
        .map(event -> event.getRequest())
        .filter(request -> request.getHeader("Host").startsWith(hostName + ":"))
        .map(LoggedRequest::getLoggedDate)
        .map(java.util.Date::getTime)
        .sorted()
        .toList();
  }

  private static List<Duration> gaps(List<Long> arrivals) {
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < arrivals.size(); i++) {
      gaps.add(Duration.ofMillis(arrivals.get(i) - arrivals.get(i - 1)));
    }
    return gaps;
  }

  @Test
  void requestsToOneHostStartAtLeastTheGapApartWhateverTheThreads() throws Exception {
    Duration gap = GAP;
    try (WebFetcher fetcher = new WebFetcher(properties(4, gap))) {
      warmUp(fetcher);
      fetchAll(fetcher, List.of(url("/page-1"), url("/page-2"), url("/page-3"), url("/page-4"), url("/page-5")), 3);
    }

    List<Long> arrivals = arrivals("localhost");
    System.out.println("gaps between request arrivals at the server, min-gap " + gap.toMillis() + " ms: "
        + gaps(arrivals).stream().map(Duration::toMillis).toList());
    assertThat(arrivals).as("robots.txt and five pages").hasSize(6);
    assertThat(gaps(arrivals)).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(gap.minus(TOLERANCE)));
  }

  @Test
  void aHostMayHaveAGapOfItsOwn() throws Exception {
    Duration gap = GAP;
    WebFetchProperties properties =
        properties(4, Duration.ZERO).withPerHost(new WebFetchProperties.PerHost(4, Duration.ZERO,
            Map.of("127.0.0.1", gap)));
    try (WebFetcher fetcher = new WebFetcher(properties)) {
      fetcher.fetch(url("/page-warm-up"), WebFetcher.HTML);
      String slow = "http://127.0.0.1:" + server.port();
      fetchAll(fetcher, List.of(slow + "/page-1", slow + "/page-2", slow + "/page-3", url("/page-4"), url("/page-5"),
          url("/page-6"), url("/page-7")), 4);
    }

    assertThat(gaps(arrivals("127.0.0.1"))).hasSize(3)
        .allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(gap.minus(TOLERANCE)));
    List<Long> other = arrivals("localhost");
    assertThat(gaps(other)).as("localhost keeps the default of no gap").hasSize(5)
        .anySatisfy(g -> assertThat(g).isLessThan(gap.minus(TOLERANCE)));
  }

  @Test
  void aCrawlDelayLongerThanTheGapWins() throws Exception {
    server.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withHeader("Content-Type", "text/plain")
        .withBody("User-agent: rivalwatch\nCrawl-delay: 0.4\nDisallow: /private/\n")));
    try (WebFetcher fetcher = new WebFetcher(properties(2, Duration.ofMillis(10)))) {
      warmUp(fetcher);
      fetchAll(fetcher, List.of(url("/page-1"), url("/page-2"), url("/page-3")), 2);
    }

    assertThat(gaps(arrivals("localhost"))).hasSize(3)
        .allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(Duration.ofMillis(400).minus(TOLERANCE)));
  }

  @Test
  void neverMoreThanTheCapOfRequestsInFlightToOneHost() throws Exception {
    Duration delay = Duration.ofMillis(400);
    server.stubFor(get(urlPathMatching("/slow-.*")).willReturn(aResponse().withFixedDelay((int) delay.toMillis())
        .withHeader("Content-Type", "text/html").withBody("<p>slow</p>")));
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      urls.add(url("/slow-" + i));
    }

    long started = System.nanoTime();
    try (WebFetcher fetcher = new WebFetcher(properties(2, Duration.ZERO))) {
      fetchAll(fetcher, urls, 6);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // each request is in flight at the server from its arrival for at least the stub's delay
    List<Long> arrivals = server.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getUrl().startsWith("/slow-"))
        .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
    int maxInFlight = 0;
    for (long t : arrivals) {
      int inFlight = (int) arrivals.stream().filter(s -> s <= t && t < s + delay.toMillis()).count();
      maxInFlight = Math.max(maxInFlight, inFlight);
    }
    System.out.println("requests in flight at the server at most: " + maxInFlight + " (cap 2); six took " + took.toMillis()
        + " ms");
    assertThat(arrivals).hasSize(6);
    assertThat(maxInFlight).isEqualTo(2);
    assertThat(took).as("six 400 ms requests, two at a time").isGreaterThanOrEqualTo(delay.multipliedBy(3));
  }

  @Test
  void aTurnThatWouldComeLaterThanTheReadTimeoutFailsTransientlyAtOnce() throws Exception {
    WebFetchProperties properties = properties(2, Duration.ofSeconds(5)).withTimeouts(Duration.ofSeconds(1),
        Duration.ofSeconds(1));
    try (WebFetcher fetcher = new WebFetcher(properties)) {
      long started = System.nanoTime();
      // robots.txt took the host's turn; the page's would come 5 s later
      assertThatThrownBy(() -> fetcher.fetch(url("/page-1"), WebFetcher.HTML))
          .isInstanceOfSatisfying(TransientFetchException.class, e -> assertThat(e.reason())
              .isEqualTo("no turn at " + server.baseUrl() + " within 1 s: requests to it start at least 5 s apart "
                  + "and others came first"));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/page-1")))).isEmpty();
  }
}
