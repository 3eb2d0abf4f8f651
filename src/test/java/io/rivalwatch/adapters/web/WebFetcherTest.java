package io.rivalwatch.adapters.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.research.PermanentFetchException;
import io.rivalwatch.research.FetchedPage;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
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

  private static WebFetchProperties properties() {
    // the test server listens on this machine; no gap between requests unless a test is about it
    return WebFetchProperties.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withAllowedPrivateHosts("localhost").withPerHost(2, Duration.ZERO);
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
            .withHeader("User-Agent", equalTo(WebFetchProperties.DEFAULT_USER_AGENT))
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

    // the first request to a host is for its robots.txt
    assertThatThrownBy(() -> fetcher.fetch("http://localhost:" + closedPort + "/", WebFetcher.HTML))
        .isInstanceOfSatisfying(TransientFetchException.class, e -> assertThat(e.reason())
            .isEqualTo("robots.txt of host localhost could not be read (connection refused)"));
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
    server.verify(getRequestedFor(urlEqualTo("/new")).withHeader("User-Agent", equalTo(WebFetchProperties.DEFAULT_USER_AGENT)));
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

  private static byte[] fixture(String name) throws java.io.IOException {
    try (java.io.InputStream in = WebFetcherTest.class.getResourceAsStream("/web-fixtures/" + name)) {
      return in.readAllBytes();
    }
  }

  private static final java.util.Map<String, String> TEST_NAMES =
      java.util.Map.of("intranet.test", "10.1.2.3", "metadata.test", "169.254.169.254");

  /**
   * A fetcher whose address guard resolves the test's own names (intranet.test is 10.1.2.3, metadata.test is
   * 169.254.169.254) and every other name as usual. Were the guard to let such a name through, the HTTP client would
   * look it up in DNS, find nothing, and send nothing: no test here can reach a private address.
   */
  private static WebFetcher withTestNames(WebFetchProperties properties) {
    return new WebFetcher(properties, io.rivalwatch.resilience.OutsideServices.standalone(),
        java.time.Clock.systemUTC(), host -> TEST_NAMES.containsKey(host)
            ? new java.net.InetAddress[] {java.net.InetAddress.getByName(TEST_NAMES.get(host))}
            : java.net.InetAddress.getAllByName(host));
  }

  @Test
  void aLoopbackServerIsRefusedUnlessConfigurationAdmitsIt() throws Exception {
    server.stubFor(get("/page").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<p>hi</p>")));

    try (WebFetcher unlisted = new WebFetcher(properties().withAllowedPrivateHosts())) {
      assertThatThrownBy(() -> unlisted.fetch(url("/page"), WebFetcher.HTML))
          .isInstanceOfSatisfying(PermanentFetchException.class, e -> assertThat(e.reason())
              .startsWith("refused: localhost resolves to ")
              .contains("a loopback address", "add localhost (or its network in CIDR) to "
                  + "rivalwatch.research.allowed-private-hosts"));
    }
    assertThat(server.getAllServeEvents()).as("not even robots.txt was asked for").isEmpty();

    try (WebFetcher byNetwork = new WebFetcher(properties().withAllowedPrivateHosts("127.0.0.0/8", "::1"))) {
      assertThat(byNetwork.fetch(url("/page"), WebFetcher.HTML).body()).isEqualTo("<p>hi</p>");
    }
    assertThat(fetcher.fetch(url("/page"), WebFetcher.HTML).body()).as("admitted by name").isEqualTo("<p>hi</p>");
  }

  @Test
  void privateAndMetadataAddressesAreRefusedAlsoWhenARedirectLeadsThere() {
    server.stubFor(get("/wiki").willReturn(aResponse().withStatus(302).withHeader("Location",
        "http://intranet.test/wiki/secrets")));
    server.stubFor(get("/image").willReturn(aResponse().withStatus(301).withHeader("Location",
        "http://metadata.test/latest/meta-data/iam/security-credentials/")));

    try (WebFetcher guarded = withTestNames(properties())) {
      assertThatThrownBy(() -> guarded.fetch("http://intranet.test/wiki", WebFetcher.HTML))
          .isInstanceOf(PermanentFetchException.class)
          .hasMessageContaining("refused: intranet.test resolves to 10.1.2.3, a private address (RFC 1918)");
      assertThatThrownBy(() -> guarded.fetch(url("/wiki"), WebFetcher.HTML))
          .isInstanceOfSatisfying(PermanentFetchException.class, e -> {
            assertThat(e.address()).isEqualTo(url("/wiki"));
            assertThat(e.reason()).startsWith("refused: intranet.test resolves to 10.1.2.3, a private address");
          });
      assertThatThrownBy(() -> guarded.fetch(url("/image"), WebFetcher.HTML))
          .isInstanceOf(PermanentFetchException.class)
          .hasMessageContaining("metadata.test resolves to 169.254.169.254, a link-local address, where cloud "
              + "metadata services answer");
    }
  }

  @Test
  void followsRedirectsUpToTheLimitAndNoFurther() throws Exception {
    server.stubFor(get("/r1").willReturn(aResponse().withStatus(301).withHeader("Location", "/r2")));
    server.stubFor(get("/r2").willReturn(aResponse().withStatus(302).withHeader("Location", url("/r3"))));
    server.stubFor(get("/r3").willReturn(aResponse().withStatus(307).withHeader("Location", "final")));
    server.stubFor(get("/final").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<p>end</p>")));
    server.stubFor(get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));

    try (WebFetcher three = new WebFetcher(properties().withMaxRedirects(3));
        WebFetcher two = new WebFetcher(properties().withMaxRedirects(2))) {
      FetchedPage page = three.fetch(url("/r1"), WebFetcher.HTML);
      assertThat(page.uri().toString()).isEqualTo(url("/final"));
      assertThat(page.body()).isEqualTo("<p>end</p>");

      server.resetRequests();
      assertThatThrownBy(() -> two.fetch(url("/r1"), WebFetcher.HTML))
          .isInstanceOf(PermanentFetchException.class)
          .hasMessage(url("/r1") + ": more than 2 redirects (the last to " + url("/final") + ")");
      assertThat(server.findAll(getRequestedFor(urlEqualTo("/final")))).isEmpty();
    }
    assertThatThrownBy(() -> fetcher.fetch(url("/loop"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessageEndingWith(": more than 5 redirects (the last to " + url("/loop") + ")");
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/loop")))).hasSize(6);
  }

  @Test
  void refusesPdfsImagesAndBinariesLabelledAsText() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
    server.stubFor(get("/report.pdf").willReturn(aResponse().withHeader("Content-Type", "application/pdf")
        .withBody("%PDF-1.7\n%...")));
    server.stubFor(get("/mislabelled-pdf").willReturn(aResponse().withHeader("Content-Type", "text/html")
        .withBody("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj")));
    server.stubFor(get("/mislabelled-png").willReturn(aResponse()
        .withHeader("Content-Type", "text/html; charset=utf-8").withBody(png)));
    server.stubFor(get("/download").willReturn(aResponse().withHeader("Content-Type", "application/octet-stream")
        .withBody(png)));

    assertThatThrownBy(() -> fetcher.fetch(url("/report.pdf"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class).hasMessageEndingWith(": unexpected content type application/pdf");
    assertThatThrownBy(() -> fetcher.fetch(url("/download"), WebFetcher.FEEDS))
        .isInstanceOf(PermanentFetchException.class)
        .hasMessageEndingWith(": unexpected content type application/octet-stream");
    assertThatThrownBy(() -> fetcher.fetch(url("/mislabelled-pdf"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class).hasMessageEndingWith(": binary content labelled text/html");
    assertThatThrownBy(() -> fetcher.fetch(url("/mislabelled-png"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class).hasMessageEndingWith(": binary content labelled text/html");
  }

  @Test
  void anEmptyBodyIsAPermanentFailureOfThatAddress() {
    server.stubFor(get("/empty").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("")));
    server.stubFor(get("/blank").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody(" \n\t ")));
    server.stubFor(get("/no-content").willReturn(aResponse().withStatus(204)));

    for (String path : new String[] {"/empty", "/blank"}) {
      assertThatThrownBy(() -> fetcher.fetch(url(path), WebFetcher.HTML))
          .isInstanceOf(PermanentFetchException.class).hasMessage(url(path) + ": empty body");
    }
    assertThatThrownBy(() -> fetcher.fetch(url("/no-content"), WebFetcher.HTML))
        .isInstanceOf(PermanentFetchException.class);
  }

  @Test
  void malformedHtmlIsReadAsItIs() throws Exception {
    byte[] malformed = fixture("malformed.html");
    server.stubFor(get("/broken").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody(malformed)));

    assertThat(fetcher.fetch(url("/broken"), WebFetcher.HTML).body())
        .isEqualTo(new String(malformed, StandardCharsets.UTF_8));
  }

  @Test
  void readsALatin1PageWithNoCharsetAnywhere() throws Exception {
    server.stubFor(get("/tarifs").willReturn(aResponse().withHeader("Content-Type", "text/html")
        .withBody(fixture("latin1-no-charset.html"))));

    assertThat(fetcher.fetch(url("/tarifs"), WebFetcher.HTML).body())
        .contains("<title>Tarifs - Café crème</title>", "coûte 3 EUR à Zürich, près de la gare");
  }

  @Test
  void readsAPageWhoseHeaderNamesTheWrongCharacterSet() throws Exception {
    server.stubFor(get("/says-utf8").willReturn(aResponse().withHeader("Content-Type", "text/html; charset=utf-8")
        .withBody(fixture("latin1-no-charset.html"))));
    server.stubFor(get("/says-latin1").willReturn(aResponse()
        .withHeader("Content-Type", "text/html; charset=iso-8859-1")
        .withBody("<p>Grüße aus Zürich – 5 €</p>".getBytes(StandardCharsets.UTF_8))));
    server.stubFor(get("/says-nonsense").willReturn(aResponse()
        .withHeader("Content-Type", "text/html; charset=utf8mb4-ish")
        .withBody("<p>Zoë</p>".getBytes(StandardCharsets.UTF_8))));

    assertThat(fetcher.fetch(url("/says-utf8"), WebFetcher.HTML).body()).contains("Café crème", "à Zürich")
        .doesNotContain("\uFFFD");
    assertThat(fetcher.fetch(url("/says-latin1"), WebFetcher.HTML).body()).isEqualTo("<p>Grüße aus Zürich – 5 €</p>");
    assertThat(fetcher.fetch(url("/says-nonsense"), WebFetcher.HTML).body()).isEqualTo("<p>Zoë</p>");
  }

  @Test
  void readsIso8859LabelsAsWindows1252AndUtf16WithItsByteOrderMark() throws Exception {
    // pages labelled ISO-8859-1 often hold Windows-1252 quotes (0x93, 0x94), as browsers know
    byte[] quotes = "<p>\u201cBest value\u201d for teams</p>".getBytes(java.nio.charset.Charset.forName("windows-1252"));
    byte[] utf16 = "\uFEFF<p>Zoë</p>".getBytes(StandardCharsets.UTF_16LE);
    server.stubFor(get("/quotes").willReturn(aResponse()
        .withHeader("Content-Type", "text/html; charset=ISO-8859-1").withBody(quotes)));
    server.stubFor(get("/utf16").willReturn(aResponse().withHeader("Content-Type", "text/html").withBody(utf16)));

    assertThat(fetcher.fetch(url("/quotes"), WebFetcher.HTML).body()).isEqualTo("<p>\u201cBest value\u201d for teams</p>");
    assertThat(fetcher.fetch(url("/utf16"), WebFetcher.HTML).body()).isEqualTo("<p>Zoë</p>");
  }

  @Test
  void sendsRequestHeadersToTheirOwnOriginOnly_neverAlongARedirectElsewhere() throws Exception {
    WebFetcher admittingBoth = new WebFetcher(WebFetchProperties.defaults()
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withAllowedPrivateHosts("localhost", "127.0.0.1").withPerHost(2, Duration.ZERO));
    String elsewhere = "http://127.0.0.1:" + server.port() + "/elsewhere";
    server.stubFor(get("/api").willReturn(aResponse().withStatus(302).withHeader("Location", "/api/v2")));
    server.stubFor(get("/api/v2").willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere)));
    server.stubFor(get("/elsewhere").willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("{}")));

    admittingBoth.fetch(java.net.URI.create(url("/api")), WebFetcher.JSON, java.util.Map.of("Authorization", "Bearer s3cret"));

    server.verify(getRequestedFor(urlEqualTo("/api")).withHeader("Authorization", equalTo("Bearer s3cret")));
    server.verify(getRequestedFor(urlEqualTo("/api/v2")).withHeader("Authorization", equalTo("Bearer s3cret")));
    server.verify(getRequestedFor(urlEqualTo("/elsewhere")).withoutHeader("Authorization"));
    admittingBoth.close();
  }
}
