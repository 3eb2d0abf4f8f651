package io.rivalwatch.research.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.web.WebFetchProperties;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.research.CircuitOpenFetchException;
import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.WebsiteSources;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web fetcher's breakers are per origin (scheme, host and port): one WireMock server answers as two hosts,
 * "localhost" (failing) and "127.0.0.1" (working), and a second server is another port of "localhost". When every page of a source is refused by an open breaker, the source's batch fails with
 * CIRCUIT_OPEN, so its job waits for the trial call without spending a retry.
 */
class BreakerWebTest {

  private static final Duration OPEN = Duration.ofSeconds(60);

  private WireMockServer server;
  private OutsideServices services;
  private WebFetcher fetcher;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    server.start();
    server.stubFor(get(urlPathEqualTo("/down.html")).willReturn(aResponse().withStatus(503).withBody("maintenance")));
    server.stubFor(get(urlPathEqualTo("/gone.html")).willReturn(aResponse().withStatus(404)));
    server.stubFor(get(urlPathEqualTo("/up.html")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html; charset=utf-8")
        .withBody("<html><head><title>Up</title></head><body><p>" + "Still here and answering. ".repeat(20)
            + "</p></body></html>")));
    services = new OutsideServices(
        new ResilienceProperties(null, null, new ResilienceProperties.Breaker(5, OPEN), null),
        new SimpleMeterRegistry());
    // the test server is on this machine, under two names that are two hosts with a breaker each
    fetcher = new WebFetcher(WebFetchProperties.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withAllowedPrivateHosts("localhost", "127.0.0.1").withPerHost(2, Duration.ZERO), services, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  private String failing(String path) {
    return "http://localhost:" + server.port() + path;
  }

  private String failingService() {
    return "web:http://localhost:" + server.port();
  }

  private String working(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private void failFiveTimes() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> fetcher.fetch(failing("/down.html"), WebFetcher.HTML))
          .isInstanceOf(TransientFetchException.class).hasMessageEndingWith("HTTP 503");
    }
  }

  @Test
  void aHostFailingFiveTimesInARowIsRefusedWhileAnotherHostStillWorks() throws Exception {
    failFiveTimes();

    assertThatThrownBy(() -> fetcher.fetch(failing("/up.html"), WebFetcher.HTML))
        .isInstanceOfSatisfying(CircuitOpenFetchException.class, e -> {
          assertThat(e.isTransient()).isTrue();
          assertThat(e.refusal().service()).isEqualTo(failingService());
          assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(OPEN);
          assertThat(e.problem()).startsWith(failing("/up.html") + ": not tried (" + failingService() + ": circuit open after 5"
              + " consecutive failures; next trial in ");
        });
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/down.html")))).hasSize(5);
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/up.html")))).as("nothing sent while open").isEmpty();

    assertThat(fetcher.fetch(working("/up.html"), WebFetcher.HTML).status()).isEqualTo(200);
    assertThat(services.state("web:http://127.0.0.1:" + server.port()).orElseThrow().open()).isFalse();
    assertThat(services.state(failingService()).orElseThrow().open()).isTrue();
  }

  @Test
  void twoPortsOfOneHostHaveABreakerEach() throws Exception {
    WireMockServer otherPort = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    otherPort.start();
    try {
      otherPort.stubFor(get(urlPathEqualTo("/up.html")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "text/html; charset=utf-8")
          .withBody("<html><body><p>" + "The other port answers. ".repeat(20) + "</p></body></html>")));
      failFiveTimes();

      assertThatThrownBy(() -> fetcher.fetch(failing("/up.html"), WebFetcher.HTML))
          .isInstanceOf(CircuitOpenFetchException.class);
      String samehostOtherPort = "http://localhost:" + otherPort.port() + "/up.html";
      assertThat(fetcher.fetch(samehostOtherPort, WebFetcher.HTML).status()).isEqualTo(200);
      assertThat(otherPort.findAll(getRequestedFor(urlPathEqualTo("/up.html")))).hasSize(1);
      assertThat(services.state("web:http://localhost:" + otherPort.port()).orElseThrow().open()).isFalse();
      assertThat(WebFetcher.service(URI.create("https://Acme.example:443/a")))
          .isEqualTo("web:https://acme.example")
          .isNotEqualTo(WebFetcher.service(URI.create("http://acme.example/a")))
          .isNotEqualTo(WebFetcher.service(URI.create("https://acme.example:8443/a")));
    } finally {
      otherPort.stop();
    }
  }

  @Test
  void permanentFailuresDoNotOpenTheHostsBreaker() throws Exception {
    for (int i = 0; i < 8; i++) {
      assertThatThrownBy(() -> fetcher.fetch(failing("/gone.html"), WebFetcher.HTML))
          .isInstanceOf(FetchException.class).hasMessageEndingWith("HTTP 404");
    }

    assertThat(fetcher.fetch(failing("/up.html"), WebFetcher.HTML).status()).isEqualTo(200);
  }

  @Test
  void aSourceWhosePagesAreAllRefusedFailsWithCircuitOpenAndTheRemainingTime() {
    failFiveTimes();
    WebsiteConnector connector = new WebsiteConnector(fetcher, ResearchProperties.defaults());
    CompetitorProfile acme = new CompetitorProfile("acme", "Acme Analytics",
        new WebsiteSources(List.of(URI.create(failing("/")), URI.create(failing("/pricing.html")))), null, null,
        null);

    assertThatThrownBy(() -> connector.gather(acme, 0, List.of()))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
          assertThat(e.counted()).isFalse();
          assertThat(e.service()).isEqualTo(failingService());
          assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(OPEN));
          assertThat(e.getMessage())
              .contains(failing("/") + ": not tried (" + failingService() + ": circuit open after 5 consecutive failures")
              .contains(failing("/pricing.html") + ": not tried (");
        });
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/pricing.html")))).isEmpty();
  }

  @Test
  void theBatchWaitsForTheSoonestTrialWhenSeveralHostsAreRefused() {
    BatchCollector batch = new BatchCollector("news of acme", List.of(), Set.of(SourceKind.NEWS));
    batch.failed(refused("https://a.example/feed.xml", "web:a.example", Duration.ofSeconds(40)));
    batch.failed(refused("https://b.example/feed.xml", "web:b.example", Duration.ofSeconds(15)));
    batch.problem("https://c.example/feed.xml: not a readable RSS or Atom feed");

    assertThatThrownBy(batch::toBatch).isInstanceOfSatisfying(OutsideServiceException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
      assertThat(e.service()).isEqualTo("web:b.example");
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(15));
      assertThat(e.getMessage()).isEqualTo("web:b.example: news of acme not tried: "
          + "https://a.example/feed.xml: not tried (web:a.example: circuit open after 5 consecutive failures; next"
          + " trial in 40s); "
          + "https://b.example/feed.xml: not tried (web:b.example: circuit open after 5 consecutive failures; next"
          + " trial in 15s); "
          + "https://c.example/feed.xml: not a readable RSS or Atom feed");
    });
  }

  @Test
  void aRealFailureBesideARefusalIsTransientAndCountsAsSuch() {
    BatchCollector batch = new BatchCollector("news of acme", List.of(), Set.of(SourceKind.NEWS));
    batch.failed(refused("https://a.example/feed.xml", "web:a.example", Duration.ofSeconds(40)));
    batch.failed(new TransientFetchException("https://b.example/feed.xml", "HTTP 502", null));

    assertThatThrownBy(batch::toBatch).isInstanceOfSatisfying(OutsideServiceException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
      assertThat(e.service()).isEqualTo("web:https://b.example");
      assertThat(e.getMessage()).contains("not tried (web:a.example", "https://b.example/feed.xml: HTTP 502");
    });
  }

  @Test
  void aBatchWithDocumentsIsKeptWhateverWasRefused() throws Exception {
    failFiveTimes();
    WebsiteConnector connector = new WebsiteConnector(fetcher, ResearchProperties.defaults());
    CompetitorProfile acme = new CompetitorProfile("acme", "Acme Analytics",
        new WebsiteSources(List.of(URI.create(failing("/")), URI.create(working("/up.html")))), null, null, null);

    SourceBatch batch = connector.gather(acme, 0, List.of());

    assertThat(batch.documents()).hasSize(1);
    assertThat(batch.problems()).singleElement().asString().startsWith(failing("/") + ": not tried (" + failingService());
  }

  private static CircuitOpenFetchException refused(String address, String service, Duration remaining) {
    return new CircuitOpenFetchException(address, new OutsideServiceException(service, Kind.CIRCUIT_OPEN,
        "circuit open after 5 consecutive failures; next trial in " + remaining.toSeconds() + "s", remaining, null));
  }
}
