package io.rivalwatch.sample;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleSiteTest {

  private static SampleSite site;
  private static HttpClient client;

  @BeforeAll
  static void start() {
    site = new SampleSite().start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    site.stop();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesFilesWithTheirContentTypesAndTheSiteAddressFilledIn() throws Exception {
    HttpResponse<String> home = get(site.baseUrl() + "/acme/");
    HttpResponse<String> feed = get(site.baseUrl() + "/acme/news.rss");
    HttpResponse<String> atom = get(site.baseUrl() + "/globex/news.atom");
    HttpResponse<String> edgar = get(site.secEdgarUrl() + "/submissions/CIK0001990001.json");

    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(home.body()).contains("<title>Acme Analytics");
    assertThat(feed.headers().firstValue("Content-Type")).contains("application/rss+xml; charset=utf-8");
    assertThat(feed.body()).contains("<link>" + site.baseUrl() + "/press/acme-series-d.html</link>").doesNotContain("{{site}}");
    assertThat(atom.headers().firstValue("Content-Type")).contains("application/atom+xml; charset=utf-8");
    assertThat(edgar.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    assertThat(edgar.body()).contains("\"name\": \"Acme Analytics, Inc.\"");
    assertThat(get(site.baseUrl() + "/acme").statusCode()).isEqualTo(301);
    assertThat(get(site.baseUrl() + "/nothing/here.html").statusCode()).isEqualTo(404);
  }

  @Test
  void answersHackerNewsSearchesByQueryAndPage() throws Exception {
    String search = site.hackerNewsUrl() + "/search?tags=story&query=Acme%20Analytics&page=";

    assertThat(get(search + "0").body()).contains("\"page\": 0").contains("Ask HN: Has anyone replaced");
    assertThat(get(search + "1").body()).contains("\"page\": 1").contains("Tell HN: Acme Analytics renewal");
    assertThat(get(search + "2").body()).contains("\"hits\":[]").contains("\"nbPages\":2");
    assertThat(get(site.hackerNewsUrl() + "/search?query=Unknown&tags=story&page=0").body())
        .contains("\"hits\":[]");
  }

  @Test
  void standsInForASlackIncomingWebhook() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(site.slackWebhookUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Report ready\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    site.wireMock().verify(postRequestedFor(urlPathEqualTo("/slack/webhook")));
    assertThat(site.wireMock().findAll(postRequestedFor(urlPathEqualTo("/slack/webhook"))))
        .singleElement()
        .satisfies(request -> assertThat(request.getBodyAsString()).isEqualTo("{\"text\":\"Report ready\"}"));
  }

  @Test
  void everySampleFileIsSmall() throws Exception {
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of(SampleSite.class.getResource("/sample-web").toURI()))) {
      assertThat(files.filter(java.nio.file.Files::isRegularFile))
          .allSatisfy(f -> assertThat(java.nio.file.Files.size(f)).as(f.toString()).isLessThan(10 * 1024));
    }
  }

  @Test
  void pagesChangeFromNightToNightAndTheCycleStartsAgain() throws Exception {
    SampleSite nights = new SampleSite().start();
    try {
      String pricing = nights.baseUrl() + "/acme/pricing.html";
      String feed = nights.baseUrl() + "/acme/news.rss";
      assertThat(get(pricing).body()).contains("$49 per user per month").doesNotContain("$129");
      nights.night(2);
      assertThat(get(pricing).body()).contains("$59 per user per month", "$89 per user", "$129")
          .doesNotContain("$49 per user");
      assertThat(get(feed).body()).contains(nights.baseUrl() + "/press/acme-outage.html", "CFO");
      assertThat(get(nights.baseUrl() + "/press/acme-outage.html").statusCode()).isEqualTo(200);
      nights.night(3);
      assertThat(get(pricing).body()).contains("$99 per user per month").doesNotContain("$89 per user");
      // night 3 keeps night 2's story, adds one and drops another from the feed
      assertThat(get(feed).body()).contains("/press/acme-outage.html", "/press/acme-tokyo-expansion.html")
          .doesNotContain("CFO");
      nights.night(4);
      assertThat(nights.nightOfCycle()).isEqualTo(1);
      assertThat(get(pricing).body()).contains("$49 per user per month");
    } finally {
      nights.stop();
    }
  }

  @Test
  void aResetServesThePagesThroughout_aRunStillFetchingNeverGetsA404() throws Exception {
    String pricing = site.baseUrl() + "/acme/pricing.html";
    site.wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/acme/pricing.html"))
        .atPriority(1).willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok("changed by a test")));
    var fetching = new java.util.concurrent.atomic.AtomicBoolean(true);
    var statuses = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
    Thread run = Thread.ofPlatform().start(() -> {
      while (fetching.get()) {
        try {
          statuses.add(get(pricing).statusCode());
        } catch (Exception e) {
          statuses.add(-1);
        }
      }
    });
    try {
      while (statuses.isEmpty()) {
        Thread.onSpinWait();
      }
      int before = statuses.size();
      for (int i = 0; i < 20; i++) {
        site.reset();
      }
      assertThat(statuses.size() - before).as("requests made while the site reset").isGreaterThan(20);
    } finally {
      fetching.set(false);
      run.join();
    }
    assertThat(statuses).containsOnly(200);
    assertThat(get(pricing).body()).contains("$49 per user per month").doesNotContain("changed by a test");
  }
}
