package io.rivalwatch.fakes.chaos;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.fakes.chaos.FaultPlan.Injection;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import io.rivalwatch.sample.SampleSite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fault plan on the sample web: pages and feeds answer 503 without Retry-After, which the fetcher deems transient. */
class SampleSiteFaultsTest {

  private static SampleSite site;
  private static WebFetcher fetcher;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    site = new SampleSite(0).start();
    fetcher = new WebFetcher(site.webFetchProperties());
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    site.stop();
  }

  @AfterEach
  void removePlan() {
    site.faults(null);
    site.reset();
  }

  @Test
  void aFaultedPageIsATransientFetchFailureWithoutRetryAfterAndTheNextFetchSucceeds() throws Exception {
    FaultPlan plan = FaultPlan.seeded(1).rate(Service.WEB, 1.0);
    site.faults(plan);

    assertThatThrownBy(() -> fetcher.fetch(site.baseUrl() + "/acme/pricing.html", WebFetcher.HTML))
        .isInstanceOfSatisfying(TransientFetchException.class, e -> {
          assertThat(e.isTransient()).isTrue();
          assertThat(e.reason()).isEqualTo("HTTP 503");
          assertThat(e.retryAfter()).isEmpty();
        });

    plan.off();
    assertThat(fetcher.fetch(site.baseUrl() + "/acme/pricing.html", WebFetcher.HTML).body()).contains("Acme");
    assertThat(plan.ledger()).singleElement().satisfies(i -> {
      assertThat(i.service()).isEqualTo(Service.WEB);
      assertThat(i.operation()).isEqualTo("GET");
      assertThat(i.key()).isEqualTo("/acme/pricing.html");
      assertThat(i.kind()).isEqualTo(FaultKind.UNAVAILABLE);
    });
    // the faulted request reached the server and is in its journal, as on a real server
    site.wireMock().verify(2, getRequestedFor(urlPathEqualTo("/acme/pricing.html")));
  }

  @Test
  void feedsAndApisAnswer503WithoutRetryAfterButTheSlackWebhookIsNotTheWeb() throws Exception {
    FaultPlan plan = FaultPlan.seeded(2).rate(Service.WEB, 1.0).noConsecutiveCap();
    site.faults(plan);

    for (String url : new String[] {site.baseUrl() + "/acme/news.rss",
        site.secEdgarUrl() + "/submissions/CIK0001990001.json", site.hackerNewsUrl() + "/search?query=acme"}) {
      HttpResponse<String> response = get(url);
      assertThat(response.statusCode()).as(url).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).as(url).isEmpty();
    }
    HttpResponse<String> slack = http.send(HttpRequest.newBuilder(URI.create(site.slackWebhookUrl()))
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(slack.statusCode()).isEqualTo(200);
    assertThat(plan.ledger()).extracting(Injection::key).containsExactly("/acme/news.rss",
        "/sec/submissions/CIK0001990001.json", "/hn/api/v1/search?query=acme");
  }

  @Test
  void theSameSeedAndRequestsGiveTheSameFaultsThroughTheFake() throws Exception {
    List<String> first = crawl(FaultPlan.seeded(42).rate(Service.WEB, 0.3));
    List<String> second = crawl(FaultPlan.seeded(42).rate(Service.WEB, 0.3));
    List<String> other = crawl(FaultPlan.seeded(43).rate(Service.WEB, 0.3));

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(first).contains("503", "200");
  }

  /** The statuses of a fixed sequence of requests (some repeated, as retries are) under this plan. */
  private static List<String> crawl(FaultPlan plan) throws Exception {
    site.faults(plan);
    List<String> statuses = new ArrayList<>();
    String[] pages = {"/acme/", "/acme/pricing.html", "/acme/news.rss", "/globex/", "/globex/news.atom"};
    for (int i = 0; i < 60; i++) {
      statuses.add(String.valueOf(get(site.baseUrl() + pages[i % pages.length]).statusCode()));
    }
    assertThat(plan.ledger()).hasSize((int) statuses.stream().filter("503"::equals).count());
    return statuses;
  }

  @Test
  void thePlanOutlivesAResetAndWithoutOneTheSiteAnswersAsBefore() throws Exception {
    FaultPlan plan = FaultPlan.seeded(3);
    site.faults(plan);
    site.reset();
    assertThat(site.faults()).isSameAs(plan);

    site.faults(null);
    assertThat(get(site.baseUrl() + "/acme/").statusCode()).isEqualTo(200);
    assertThat(get(site.baseUrl() + "/nothing/here.html").statusCode()).isEqualTo(404);
    assertThat(plan.draws(Service.WEB)).isZero();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
