package io.rivalwatch.adapters.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.rivalwatch.research.ResearchProperties;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WebFetcherTest {

  private WireMockServer server;
  private WebFetcher fetcher;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    fetcher = new WebFetcher(properties());
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.stop();
  }

  private static ResearchProperties properties() {
    return ResearchProperties.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  private String url(String path) {
    return server.baseUrl() + path;
  }

  @Test
  void readsHtmlAndSendsTheConfiguredUserAgent() throws Exception {
    server.stubFor(
        get("/page")
            .willReturn(aResponse().withHeader("Content-Type", "text/html; charset=utf-8").withBody("<p>Grüße</p>")));

    FetchedPage page = fetcher.fetch(url("/page"), WebFetcher.HTML);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).isEqualTo("text/html");
    assertThat(page.body()).isEqualTo("<p>Grüße</p>");
    assertThat(page.uri().toString()).isEqualTo(url("/page"));
    assertThat(page.fetchedAt()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
        10, java.time.temporal.ChronoUnit.SECONDS));
    server.verify(
        getRequestedFor(urlEqualTo("/page"))
            .withHeader("User-Agent", equalTo(ResearchProperties.DEFAULT_USER_AGENT))
            .withHeader("Accept", equalTo("application/xhtml+xml, text/html")));
  }

  @Test
  void takesTheCharacterSetFromTheContentTypeHeader() throws Exception {
    byte[] latin1 = "<html><body><p>Café crème à Zürich</p></body></html>".getBytes(StandardCharsets.ISO_8859_1);
    server.stubFor(
        get("/latin1")
            .willReturn(aResponse().withHeader("Content-Type", "text/html; charset=ISO-8859-1").withBody(latin1)));

    assertThat(fetcher.fetch(url("/latin1"), WebFetcher.HTML).body()).contains("Café crème à Zürich");
  }

  @Test
  void takesTheCharacterSetFromAMetaTagWhenTheHeaderHasNone() throws Exception {
    byte[] meta =
        "<html><head><meta charset=\"iso-8859-1\"><title>Preise</title></head><body>Größe: 5 €</body></html>"
            .replace("€", "EUR")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] httpEquiv =
        ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head>"
                + "<body>“Quoted” Größe</body></html>")
            .getBytes(java.nio.charset.Charset.forName("windows-1252"));
    server.stubFor(get("/meta").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody(meta)));
    server.stubFor(
        get("/http-equiv").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody(httpEquiv)));

    assertThat(fetcher.fetch(url("/meta"), WebFetcher.HTML).body()).contains("Größe: 5 EUR");
    assertThat(fetcher.fetch(url("/http-equiv"), WebFetcher.HTML).body()).contains("“Quoted” Größe");
  }

  @Test
  void takesTheCharacterSetFromAnXmlDeclarationAndDefaultsToUtf8() throws Exception {
    byte[] feed =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Café</title></channel></rss>"
            .getBytes(StandardCharsets.ISO_8859_1);
    server.stubFor(
        get("/feed").willReturn(aResponse().withHeader("Content-Type", "application/rss+xml").withBody(feed)));
    server.stubFor(
        get("/plain")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"name\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8))));

    assertThat(fetcher.fetch(url("/feed"), WebFetcher.FEEDS).body()).contains("<title>Café</title>");
    assertThat(fetcher.fetch(url("/plain"), WebFetcher.JSON).body()).isEqualTo("{\"name\":\"Zoë\"}");
  }

  @Test
  void refusesABodyLargerThanTheCapWhetherDeclaredOrStreamed() {
    WebFetcher small = new WebFetcher(properties().withMaxResponseBytes(DataSize.ofBytes(1024)));
    String big = "<p>" + "x".repeat(5000) + "</p>";
    server.stubFor(
        get("/declared").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody(big)));
    server.stubFor(
        get("/streamed")
            .willReturn(
                aResponse().withHeader("Content-Type", "text/html").withBody(big).withChunkedDribbleDelay(5, 100)));
    server.stubFor(
        get("/fits").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("x".repeat(1024))));

    try (small) {
      assertThatThrownBy(() -> small.fetch(url("/declared"), WebFetcher.HTML))
          .isInstanceOf(PermanentFetchException.class)
          .hasMessage(url("/declared") + ": larger than 1024 bytes");
      assertThatThrownBy(() -> small.fetch(url("/streamed"), WebFetcher.HTML))
          .isInstanceOf(PermanentFetchException.class)
          .hasMessageEndingWith(": larger than 1024 bytes");
      assertThat(small.fetch(url("/fits"), WebFetcher.HTML).body()).hasSize(1024);
    } catch (FetchException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void refusesAContentTypeTheCallerDoesNotAccept() {
    server.stubFor(get("/image").willReturn(aResponse().withHeader("Content-Type", "image/png").withBody("PNG")));
    server.stubFor(get("/untyped").willReturn(aResponse().withBody("what am I")));

    assertThatThrownBy(() -> fetcher.fetch(url("/image"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessage(url("/image") + ": unexpected content type image/png");
    assertThatThrownBy(() -> fetcher.fetch(url("/untyped"), WebFetcher.JSON))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessageEndingWith(": no content type");
  }

  @Test
  void classifiesHttpErrors() {
    server.stubFor(get("/gone").willReturn(aResponse().withStatus(404)));
    server.stubFor(get("/forbidden").willReturn(aResponse().withStatus(403)));
    server.stubFor(get("/down").willReturn(aResponse().withStatus(503)));
    server.stubFor(get("/busy").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

    assertThatThrownBy(() -> fetcher.fetch(url("/gone"), WebFetcher.HTML))
        .isInstanceOfSatisfying(
            PermanentFetchException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(url("/gone") + ": HTTP 404");
              assertThat(e.isTransient()).isFalse();
            });
    assertThatThrownBy(() -> fetcher.fetch(url("/forbidden"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessageEndingWith(": HTTP 403");
    assertThatThrownBy(() -> fetcher.fetch(url("/down"), WebFetcher.HTML))
        .isInstanceOfSatisfying(
            TransientFetchException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("HTTP 503");
              assertThat(e.retryAfter()).isEmpty();
            });
    assertThatThrownBy(() -> fetcher.fetch(url("/busy"), WebFetcher.HTML))
        .isInstanceOfSatisfying(
            TransientFetchException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("HTTP 429");
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
            });
  }

  @Test
  void readsRetryAfterGivenAsAnHttpDate() {
    java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2025-11-20T10:00:00Z"), ZoneOffset.UTC);
    server.stubFor(
        get("/busy")
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "Thu, 20 Nov 2025 10:01:30 GMT")));

    try (WebFetcher clocked = new WebFetcher(properties(), clock)) {
      assertThatThrownBy(() -> clocked.fetch(url("/busy"), WebFetcher.HTML))
          .isInstanceOfSatisfying(
              TransientFetchException.class,
              e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(90)));
    }
  }

  @Test
  void aSlowServerIsATransientTimeout() {
    server.stubFor(
        get("/slow")
            .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("late").withFixedDelay(3000)));

    try (WebFetcher impatient =
        new WebFetcher(properties().withTimeouts(Duration.ofMillis(500), Duration.ofMillis(300)))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> impatient.fetch(url("/slow"), WebFetcher.HTML))
          .isInstanceOfSatisfying(
              TransientFetchException.class, e -> assertThat(e.reason()).isEqualTo("timed out"));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
    }
  }

  @Test
  void refusedAndResetConnectionsAreTransient() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    server.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> fetcher.fetch("http://localhost:" + closedPort + "/", WebFetcher.HTML))
        .isInstanceOfSatisfying(
            TransientFetchException.class, e -> assertThat(e.reason()).isEqualTo("connection refused"));
    assertThatThrownBy(() -> fetcher.fetch(url("/reset"), WebFetcher.HTML))
        .isInstanceOf(TransientFetchException.class);
  }

  @Test
  void followsRedirectsAndReportsTheFinalAddress() throws Exception {
    server.stubFor(get("/old").willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
    server.stubFor(
        get("/new").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<p>moved</p>")));

    FetchedPage page = fetcher.fetch(url("/old"), WebFetcher.HTML);

    assertThat(page.uri().toString()).isEqualTo(url("/new"));
    assertThat(page.body()).isEqualTo("<p>moved</p>");
    server.verify(getRequestedFor(urlEqualTo("/new")).withHeader("User-Agent", equalTo(ResearchProperties.DEFAULT_USER_AGENT)));
  }

  @Test
  void malformedAddressesArePermanent() {
    assertThatThrownBy(() -> fetcher.fetch("not a url", WebFetcher.HTML))
        .isInstanceOfSatisfying(
            PermanentFetchException.class, e -> assertThat(e.problem()).isEqualTo("not a url: malformed URL"));
    assertThatThrownBy(() -> fetcher.fetch("ftp://files.example/x", WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessageEndingWith("malformed URL");
    assertThatThrownBy(() -> fetcher.fetch("/relative/only", WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class);
  }
}
