package io.rivalwatch.research.sources;

import io.rivalwatch.text.Sha256;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.MastodonSource;
import io.rivalwatch.planning.CompetitorProfile.SocialSources;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.sample.SampleSite;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MastodonConnectorTest extends SampleSiteTestBase {

  private static final String TOKEN = SampleSite.MASTODON_TOKEN;

  private final MastodonConnector withToken =
      new MastodonConnector(fetcher, new MastodonProperties(URI.create(site.mastodonUrl()), TOKEN));
  private final MastodonConnector withoutToken =
      new MastodonConnector(fetcher, new MastodonProperties(URI.create(site.mastodonUrl()), null));

  private static CompetitorProfile acme(String instance, String account, String query) {
    return new CompetitorProfile("acme", "Acme Analytics", null, null,
        new SocialSources(null, new MastodonSource(instance == null ? null : URI.create(instance), account, query)),
        null);
  }

  private static String post(String id) {
    return site.mastodonUrl() + "/@acme/" + id;
  }

  @Test
  void anAccountsPublicPostsAreReadWithoutAToken() {
    SourceBatch batch = withoutToken.gather(acme(null, "acme", null), 0, List.of());

    assertThat(batch.problems()).isEmpty();
    // the followers-only post is left out
    assertThat(batch.documents()).extracting(SourceDocument::url)
        .containsExactly(post("113200000000000005"), post("113190000000000004"), post("113180000000000003"));
    SourceDocument launch = batch.documents().get(0);
    assertThat(launch.kind()).isEqualTo(SourceKind.SOCIAL);
    assertThat(launch.title()).startsWith("@acme: Ask Acme can now build a whole weekly business review").endsWith("...");
    assertThat(launch.publishedAt()).isEqualTo(Instant.parse("2025-09-22T15:04:00Z"));
    assertThat(launch.text()).startsWith("Ask Acme can now build a whole weekly business review on its own")
        .endsWith("(52 boosts, 187 favourites, 14 replies)").doesNotContain("<p>", "<a");
    assertThat(launch.links()).containsExactly(post("113200000000000005"), site.baseUrl() + "/acme/product.html");
    assertThat(launch.contentHash()).isEqualTo(Sha256.hex(launch.text()));
    // a content warning comes first and is the title
    assertThat(batch.documents().get(2).title()).isEqualTo("@acme: Service incident in the EU region");
    assertThat(batch.documents().get(2).text()).startsWith("Service incident in the EU region. Dashboards in the EU");
    assertThat(batch.documents().get(1).links()).contains(site.baseUrl() + "/press/acme-series-d.html");
    site.wireMock().verify(getRequestedFor(urlPathEqualTo("/mastodon/api/v1/accounts/lookup"))
        .withQueryParam("acct", equalTo("acme")).withHeader("Authorization", absent()));
  }

  @Test
  void laterRoundsReadThePageOlderThanTheOldestPostGathered() {
    CompetitorProfile acme = acme(null, "acme", null);
    List<SourceDocument> gathered = new ArrayList<>(withoutToken.gather(acme, 0, List.of()).documents());

    SourceBatch round1 = withoutToken.gather(acme, 1, gathered);

    assertThat(round1.documents()).isEmpty();
    assertThat(round1.problems()).isEmpty();
    site.wireMock().verify(getRequestedFor(urlPathEqualTo("/mastodon/api/v1/accounts/109000000000000001/statuses"))
        .withQueryParam("max_id", equalTo("113180000000000003")));
  }

  @Test
  void aSearchSendsTheTokenToItsInstanceAndKeepsPublicAndUnlistedPosts() {
    SourceBatch batch = withToken.gather(acme(null, null, "Acme Analytics"), 0, List.of());

    assertThat(batch.problems()).isEmpty();
    assertThat(batch.documents()).extracting(SourceDocument::url).containsExactly(
        "https://fosstodon.example/@dataeng_kim/113210000000000101",
        "https://hachyderm.example/@ops_lena/113205000000000102");
    assertThat(batch.documents().get(0).title())
        .startsWith("@dataeng_kim@fosstodon.example: Six months on Acme Analytics");
    site.wireMock().verify(getRequestedFor(urlPathEqualTo("/mastodon/api/v2/search"))
        .withQueryParam("q", equalTo("Acme Analytics")).withQueryParam("type", equalTo("statuses"))
        .withQueryParam("offset", equalTo("0"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    // never in the address, where logs and failures would show it
    assertThat(site.wireMock().findAll(anyRequestedFor(anyUrl()))).allSatisfy(r -> assertThat(r.getUrl()).doesNotContain(TOKEN));
  }

  @Test
  void aSearchWithoutATokenIsAProblemSayingWhatToConfigure() {
    SourceBatch batch = withoutToken.gather(acme(null, "acme", "Acme Analytics"), 0, List.of());

    assertThat(batch.documents()).hasSize(3);
    assertThat(batch.problems()).singleElement().asString()
        .startsWith(site.mastodonUrl() + ": searching Mastodon posts needs an access token for this instance. Fix: set "
            + "rivalwatch.research.mastodon.access-token");
    site.wireMock().verify(0, getRequestedFor(urlPathEqualTo("/mastodon/api/v2/search")));
  }

  @Test
  void theTokenIsNeverSentToAnotherInstance() {
    // the same server under another host name: to the connector, an instance the token does not belong to
    String other = site.mastodonUrl().replace("localhost", "127.0.0.1");

    SourceBatch batch = withToken.gather(acme(other, "acme", "Acme Analytics"), 0, List.of());

    assertThat(batch.documents()).hasSize(3);
    assertThat(batch.problems()).singleElement().asString().contains("needs an access token for this instance");
    site.wireMock().verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching(".*")));
  }

  @Test
  void aRefusedTokenIsAProblemThatNamesTheSettingButNotTheToken() {
    MastodonConnector wrong = new MastodonConnector(fetcher,
        new MastodonProperties(URI.create(site.mastodonUrl()), "revoked-token-0000"));

    SourceBatch batch = wrong.gather(acme(null, "acme", "Acme Analytics"), 0, List.of());

    assertThat(batch.documents()).hasSize(3);
    assertThat(batch.problems()).hasSize(2).allSatisfy(p -> assertThat(p).doesNotContain("revoked-token-0000"));
    assertThat(batch.problems().get(0)).endsWith(": HTTP 401");
    assertThat(batch.problems().get(1)).contains("the instance refused the access token")
        .contains("rivalwatch.research.mastodon.access-token");
  }

  @Test
  void anUnknownAccountIsAProblemAndAnUnreachableInstanceMakesTheSourceUnavailable() {
    SourceBatch unknown = withoutToken.gather(acme(null, "nobody", null), 0, List.of());
    assertThat(unknown.documents()).isEmpty();
    assertThat(unknown.problems()).singleElement().asString().endsWith("acct=nobody: HTTP 404");

    site.wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/mastodon/.*"))
        .atPriority(0).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
    assertThatThrownBy(() -> withToken.gather(acme(null, "acme", "Acme Analytics"), 0, List.of()))
        .isInstanceOf(OutsideServiceException.class)
        .hasMessageContaining("Mastodon posts about acme")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void theTokenAppearsInNoDocumentProblemExceptionLogLineOrDescription() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    root.setLevel(Level.ALL);
    List<String> seen = new ArrayList<>();
    try {
      CompetitorProfile acme = acme(null, "acme", "Acme Analytics");
      for (int round = 0; round < 3; round++) {
        SourceBatch batch = withToken.gather(acme, round, List.of());
        batch.documents().forEach(d -> seen.add(d.toString()));
        seen.addAll(batch.problems());
      }
      site.wireMock().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/mastodon/.*"))
          .atPriority(0).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(502)));
      try {
        withToken.gather(acme, 0, List.of());
      } catch (OutsideServiceException e) {
        seen.add(e.toString());
        seen.add(ThrowableProxyUtil.asString(new ch.qos.logback.classic.spi.ThrowableProxy(e)));
      }
    } finally {
      root.detachAppender(logged);
      root.setLevel(level);
    }
    for (ILoggingEvent event : logged.list) {
      if (!event.getLoggerName().contains("wiremock")) { // the stand-in instance is meant to receive the token
        seen.add(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
          seen.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
      }
    }
    // the capture works: the breakers log every call at debug level
    assertThat(logged.list).isNotEmpty();
    seen.add(new MastodonProperties(URI.create(site.mastodonUrl()), TOKEN).toString());

    assertThat(seen).hasSizeGreaterThan(6).noneSatisfy(line -> assertThat(line).contains(TOKEN));
    site.wireMock().verify(getRequestedFor(urlPathEqualTo("/mastodon/api/v2/search"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void isConfiguredOnlyWithAMastodonSource() {
    assertThat(withToken.isConfigured(acme(null, "acme", null))).isTrue();
    assertThat(withToken.isConfigured(new CompetitorProfile("x", "X", null, null, new SocialSources("X"), null)))
        .isFalse();
    assertThat(withToken.kind()).isEqualTo(SourceKind.SOCIAL);
  }
}
