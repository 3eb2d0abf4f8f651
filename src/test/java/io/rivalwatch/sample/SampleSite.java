package io.rivalwatch.sample;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import io.rivalwatch.adapters.web.WebFetchProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.rivalwatch.fakes.chaos.FaultPlan;
import io.rivalwatch.research.ResearchProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The public web of the local run and the tests: three fictional competitors' websites, news feeds and press
 * articles, Hacker News search answers, SEC EDGAR submissions and filings, and a Slack incoming-webhook stand-in,
 * all served by one WireMock server from {@code src/test/resources/sample-web}.
 *
 * <p>Files are served at their path under {@code sample-web} ({@code /acme/pricing.html}); a folder's
 * {@code index.html} also at the folder ({@code /acme/}). {@code {{site}}} in a file becomes {@link #baseUrl()}.
 * Files under {@code hn/} answer {@code GET /hn/api/v1/search} for the query and page they state. Files under
 * {@code sec/} are EDGAR's paths below {@link #secEdgarUrl()}. Files under {@code mastodon/} make a Mastodon instance
 * at {@link #mastodonUrl()}: {@code lookup-<acct>.json} answers the account lookup, {@code statuses-<id>.json} the
 * account's posts (an older page is empty), {@code search.json} the post search for the {@code q} it states, only
 * with {@link #MASTODON_TOKEN} as bearer token (else 401). {@code markets/} holds CSV and JSON market-data
 * endpoints; Mallory Systems ({@code hostile/} and {@link HostilePages}) is a site hostile to its readers.
 *
 * <p>Chaos: {@link #faults(FaultPlan)} installs a seeded plan that may answer any request for a page, feed or API
 * (Hacker News, EDGAR) with a 503 and no Retry-After, recorded in the plan's ledger; the Slack webhook stand-in is
 * never faulted (it is not the web), nor is {@code /robots.txt} (read once per host and kept: one fault there would
 * fail every page of the site, which the fetcher's own tests cover). The plan outlives {@link #reset()};
 * {@code faults(null)} removes it. Without a plan (the default) every answer is what the stubs say.
 */
public final class SampleSite {

  private static final String ROOT = "sample-web";
  /**
   * What changes on the sample web from one night to the next: {@code night-<n>/} holds the files that differ on
   * night n from night n-1 (a changed file, a new page); a file a night drops is left out of a feed.
   */
  private static final String NIGHTS_ROOT = "sample-web-nights";
  /** The nights the sample web knows; night 4 looks like night 1 again, and so on. */
  public static final int NIGHTS = 3;
  private static final String SITE_PLACEHOLDER = "{{site}}";
  private static final String HN_SEARCH = "/hn/api/v1/search";
  private static final String MASTODON = "/mastodon";

  /** The access token the Mastodon stand-in accepts: recognisable, so tests can show it is never stored or logged. */
  public static final String MASTODON_TOKEN = "sample-mastodon-token-5f1c0a77";

  /** What the sample site's users must admit to the address guard: it listens on this machine. */
  public static final List<String> ALLOWED_PRIVATE_HOSTS = List.of("localhost", "127.0.0.1");
  /** The least gap between requests to the site in the local run and the tests. */
  public static final java.time.Duration MIN_GAP = java.time.Duration.ofMillis(5);

  private final WireMockServer server;
  private final ObjectMapper json = new ObjectMapper();
  private volatile FaultPlan plan;
  private volatile int night = 1;

  /** A site on {@code port}, or on a free port when 0. */
  public SampleSite(int port) {
    WireMockConfiguration options = options().http2PlainDisabled(true).extensions(new Chaos());
    server = new WireMockServer(port == 0 ? options.dynamicPort() : options.port(port));
  }

  public SampleSite() {
    this(0);
  }

  public SampleSite start() {
    server.start();
    serveSampleFiles();
    return this;
  }

  public void stop() {
    server.stop();
  }

  /** "http://localhost:PORT", without a trailing slash. */
  public String baseUrl() {
    return "http://localhost:" + server.port();
  }

  public String hackerNewsUrl() {
    return baseUrl() + "/hn/api/v1";
  }

  public String secEdgarUrl() {
    return baseUrl() + "/sec";
  }

  /** The Mastodon stand-in instance, without a trailing slash. */
  public String mastodonUrl() {
    return baseUrl() + MASTODON;
  }

  public String slackWebhookUrl() {
    return baseUrl() + "/slack/webhook";
  }

  /** The server, for adding fault stubs and reading the requests it received. */
  public WireMockServer wireMock() {
    return server;
  }

  /** Research settings that point the Hacker News and EDGAR connectors at this site. */
  public ResearchProperties researchProperties() {
    return ResearchProperties.forApis(hackerNewsUrl(), secEdgarUrl());
  }

  /**
   * Web settings that admit this site's loopback address (which the address guard refuses otherwise) and keep the
   * gap between requests to it short (every sample host is this one server: the default 1 s would make the tests
   * crawl).
   */
  public WebFetchProperties webFetchProperties() {
    return WebFetchProperties.defaults()
        .withAllowedPrivateHosts(ALLOWED_PRIVATE_HOSTS.toArray(String[]::new))
        .withPerHost(WebFetchProperties.PerHost.defaults().maxConcurrent(), MIN_GAP);
  }

  /**
   * Pages, feeds and API answers may be replaced by a 503 the plan draws (service {@link FaultPlan.Service#WEB});
   * null removes the plan. The ledger's operation is the HTTP method, the request key the URL (path and query).
   */
  public SampleSite faults(FaultPlan plan) {
    this.plan = plan;
    return this;
  }

  /** The installed fault plan, or null. */
  public FaultPlan faults() {
    return plan;
  }

  /**
   * Serves the pages as they are on the given night (1, 2, 3, then 1 again): prices change, a news story appears,
   * another is dropped from its feed, so consecutive local runs see movement. Night 1 is the files of
   * {@code sample-web} as they are; the tests use it.
   */
  public SampleSite night(int night) {
    if (night < 1) {
      throw new IllegalArgumentException("sample night must be 1 or more, was " + night);
    }
    this.night = night;
    reset();
    return this;
  }

  /** The sample web's night of the cycle, 1 to {@link #NIGHTS}. */
  public int nightOfCycle() {
    return (night - 1) % NIGHTS + 1;
  }

  /**
   * Drops stubs that tests added and the requests received so far, and serves the sample files again. The files are
   * served anew before the old stubs go, so there is no moment without them: a run of the test before may still be
   * fetching, and WireMock's 404 for a page it did not find then would be remembered as a page gone for good
   * (FailedPages), skipped by every later run of that watch list in this JVM.
   */
  public void reset() {
    List<java.util.UUID> before = server.getStubMappings().stream().map(StubMapping::getId).toList();
    serveSampleFiles();
    before.forEach(server::removeStubMapping);
    server.resetRequests();
    server.resetScenarios();
  }

  /** Applied to every answer: the stub's own, unless the plan draws a fault for the request. */
  private final class Chaos implements ResponseDefinitionTransformerV2 {

    @Override
    public String getName() {
      return "sample-site-chaos";
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      FaultPlan current = plan;
      String url = event.getRequest().getUrl();
      if (current == null || url.startsWith("/slack/") || url.equals("/robots.txt")) {
        return event.getResponseDefinition();
      }
      return current.draw(FaultPlan.Service.WEB, event.getRequest().getMethod().getName(), url)
          .map(injection -> aResponse().withStatus(injection.kind().status())
              .withHeader("Content-Type", "text/plain; charset=utf-8")
              .withBody(injection.kind().message()).build())
          .orElse(event.getResponseDefinition());
    }
  }

  private void serveSampleFiles() {
    String base = baseUrl();
    Map<String, String> files = new java.util.TreeMap<>();
    forEachSampleFile(ROOT, files::put);
    // each night's changes on top of the night before's
    for (int n = 2; n <= nightOfCycle(); n++) {
      forEachSampleFile(NIGHTS_ROOT + "/night-" + n, files::put);
    }
    files.forEach(
        (path, content) -> {
          String body = content.replace(SITE_PLACEHOLDER, base);
          if (path.startsWith("hn/") && path.endsWith(".json")) {
            serveSearchResult(body);
          } else if (path.startsWith("mastodon/") && path.endsWith(".json")) {
            serveMastodon(path.substring("mastodon/".length()), body);
          } else {
            serveFile("/" + path, body);
          }
        });
    // a page past the last one, or a query nobody asked about: Algolia answers with no hits
    server.stubFor(
        get(urlPathEqualTo(HN_SEARCH))
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(
                        "{\"hits\":[],\"nbHits\":0,\"nbPages\":0,\"page\":0,\"hitsPerPage\":20,\"query\":\"\"}")));
    // the Mastodon stand-in: an unknown account, a search without the token, a later page of results
    server.stubFor(get(urlPathEqualTo(MASTODON + "/api/v1/accounts/lookup")).atPriority(10)
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"Record not found\"}")));
    server.stubFor(get(urlPathEqualTo(MASTODON + "/api/v2/search")).atPriority(10)
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"The access token is invalid\"}")));
    server.stubFor(get(urlPathEqualTo(MASTODON + "/api/v2/search")).atPriority(5)
        .withHeader("Authorization", equalTo("Bearer " + MASTODON_TOKEN))
        .willReturn(ok("application/json; charset=utf-8", "{\"accounts\":[],\"statuses\":[],\"hashtags\":[]}")));
    HostilePages.serve(server);
    server.stubFor(
        post(urlPathEqualTo("/slack/webhook"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("ok")));
  }

  private void serveFile(String path, String body) {
    String contentType = contentType(path);
    server.stubFor(get(urlPathEqualTo(path)).willReturn(ok(contentType, body)));
    if (path.endsWith("/index.html")) {
      String folder = path.substring(0, path.length() - "index.html".length());
      server.stubFor(get(urlPathEqualTo(folder)).willReturn(ok(contentType, body)));
      server.stubFor(
          get(urlPathEqualTo(folder.substring(0, folder.length() - 1)))
              .willReturn(aResponse().withStatus(301).withHeader("Location", folder)));
    }
  }

  private void serveMastodon(String name, String body) {
    if (name.startsWith("lookup-")) {
      String acct = name.substring("lookup-".length(), name.length() - ".json".length());
      server.stubFor(get(urlPathEqualTo(MASTODON + "/api/v1/accounts/lookup")).withQueryParam("acct", equalTo(acct))
          .atPriority(1).willReturn(ok("application/json; charset=utf-8", body)));
    } else if (name.startsWith("statuses-")) {
      String id = name.substring("statuses-".length(), name.length() - ".json".length());
      String path = MASTODON + "/api/v1/accounts/" + id + "/statuses";
      server.stubFor(get(urlPathEqualTo(path)).withQueryParam("max_id", absent()).atPriority(1)
          .willReturn(ok("application/json; charset=utf-8", body)));
      server.stubFor(get(urlPathEqualTo(path)).atPriority(5).willReturn(ok("application/json; charset=utf-8", "[]")));
    } else if (name.equals("search.json")) {
      String query;
      try {
        query = json.readTree(body).path("q").asText();
      } catch (IOException e) {
        throw new UncheckedIOException("sample Mastodon search result is not JSON", e);
      }
      server.stubFor(get(urlPathEqualTo(MASTODON + "/api/v2/search")).atPriority(1)
          .withQueryParam("q", equalTo(query)).withQueryParam("offset", equalTo("0"))
          .withHeader("Authorization", equalTo("Bearer " + MASTODON_TOKEN))
          .willReturn(ok("application/json; charset=utf-8", body)));
    }
  }

  private void serveSearchResult(String body) {
    JsonNode result;
    try {
      result = json.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("sample Hacker News result is not JSON", e);
    }
    String query = result.path("query").asText();
    String page = String.valueOf(result.path("page").asInt());
    int pages = result.path("nbPages").asInt();
    int hits = result.path("nbHits").asInt();
    server.stubFor(
        get(urlPathEqualTo(HN_SEARCH))
            .withQueryParam("query", equalTo(query))
            .withQueryParam("tags", equalTo("story"))
            .withQueryParam("page", equalTo(page))
            .atPriority(1)
            .willReturn(ok("application/json; charset=utf-8", body)));
    server.stubFor(
        get(urlPathEqualTo(HN_SEARCH))
            .withQueryParam("query", equalTo(query))
            .atPriority(5)
            .willReturn(
                ok(
                    "application/json; charset=utf-8",
                    "{\"hits\":[],\"nbHits\":" + hits + ",\"nbPages\":" + pages + ",\"hitsPerPage\":"
                        + result.path("hitsPerPage").asInt() + ",\"query\":" + json.valueToTree(query) + "}")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String contentType, String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", contentType)
        .withBody(body.getBytes(StandardCharsets.UTF_8));
  }

  static String contentType(String path) {
    String name = path.toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".html") || name.endsWith(".htm")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".rss")) {
      return "application/rss+xml; charset=utf-8";
    }
    if (name.endsWith(".atom")) {
      return "application/atom+xml; charset=utf-8";
    }
    if (name.endsWith(".json")) {
      return "application/json; charset=utf-8";
    }
    if (name.endsWith(".csv")) {
      return "text/csv; charset=utf-8";
    }
    if (name.endsWith(".xml")) {
      return "application/xml; charset=utf-8";
    }
    return "text/plain; charset=utf-8";
  }

  private interface SampleFileVisitor {
    void visit(String relativePath, String content) throws IOException;
  }

  private static void forEachSampleFile(String folder, SampleFileVisitor visitor) {
    URL root = SampleSite.class.getClassLoader().getResource(folder);
    if (root == null) {
      throw new IllegalStateException(folder + " is not on the class path");
    }
    try {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          visit(jar.getPath(folder), visitor);
        }
      } else {
        visit(Path.of(uri), visitor);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample site's files", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void visit(Path root, SampleFileVisitor visitor) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      visitor.visit(relative, Files.readString(file, StandardCharsets.UTF_8));
    }
  }
}
