package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunConfigurationParserTest {

  private final RunConfigurationParser parser = new RunConfigurationParser();

  private static final String VALID = """
      settings:
        extraResearchRounds: 1
        minUsableDocuments: 4
        reportAttempts: 2
        maxSectionWords: 500
        emailRecipients: [analysts@example.com]
      competitors:
        - id: acme
          name: Acme Analytics
          website:
            pages: ["https://acme.example/", "https://acme.example/pricing"]
          news:
            feeds: ["https://acme.example/news.rss"]
          social:
            hackerNewsQuery: "Acme Analytics"
          market:
            secCik: "0001990001"
        - id: globex
          name: Globex
          news:
            feeds: ["https://news.example/globex.atom"]
      """;

  @Test
  void readsSettingsAndCompetitors() {
    RunConfiguration configuration = parser.parse("test", VALID);

    assertThat(configuration.settings())
        .isEqualTo(new RunSettings(1, 4, 2, 500, List.of("analysts@example.com")));
    assertThat(configuration.competitors()).extracting(CompetitorProfile::id).containsExactly("acme", "globex");
    CompetitorProfile acme = configuration.competitor("acme");
    assertThat(acme.website().pages()).hasSize(2);
    assertThat(acme.social().hackerNewsQuery()).isEqualTo("Acme Analytics");
    assertThat(acme.market().secCik()).isEqualTo("0001990001");
    assertThat(configuration.competitor("globex").website()).isNull();
  }

  @Test
  void aRunMayHaveABudgetOfItsOwnInUsDollars() {
    assertThat(parser.parse("test", VALID).settings().budgetUsd()).isNull();
    assertThat(parser.parse("test", VALID.replace("settings:\n", "settings:\n  budgetUsd: 2.5\n"))
        .settings().budgetUsd()).isEqualTo(2.5);
    assertThatThrownBy(() -> parser.parse("test", VALID.replace("settings:\n", "settings:\n  budgetUsd: 0\n")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("settings.budgetUsd: '0' is not an amount of US dollars above 0. Fix: write what one run"
            + " may spend on language models, e.g. 2.50");
    assertThatThrownBy(() -> parser.parse("test", VALID.replace("settings:\n", "settings:\n  budgetUsd: lots\n")))
        .hasMessageContaining("settings.budgetUsd: 'lots'");
  }

  @Test
  void refreshIsIncrementalUnlessTheFileAsksForFull() {
    assertThat(parser.parse("test", VALID).settings().fullRefresh()).isFalse();
    assertThat(parser.parse("test", VALID.replace("settings:\n", "settings:\n  refresh: full\n"))
        .settings().fullRefresh()).isTrue();
    assertThat(parser.parse("test", VALID.replace("settings:\n", "settings:\n  refresh: incremental\n"))
        .settings().fullRefresh()).isFalse();
    assertThatThrownBy(() -> parser.parse("test", VALID.replace("settings:\n", "settings:\n  refresh: always\n")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("settings.refresh: 'always' is not a refresh mode. Fix: write incremental");
  }

  @Test
  void missingSettingsTakeDefaults() {
    RunConfiguration configuration = parser.parse("test", """
        competitors:
          - id: acme
            name: Acme
            social: {hackerNewsQuery: acme}
        """);

    assertThat(configuration.settings().extraResearchRounds())
        .isEqualTo(RunConfigurationParser.DEFAULT_EXTRA_RESEARCH_ROUNDS);
    assertThat(configuration.settings().emailRecipients()).isEmpty();
  }

  @Test
  void everyProblemNamesItsFieldAndTheFix() {
    String broken = """
        settings:
          reportAttempts: 0
          emailRecipients: [not-an-address]
        competitors:
          - id: acme
            website:
              pages: ["htp//acme.example"]
          - id: acme
            name: Second Acme
            webiste:
              pages: ["https://acme.example"]
          - name: No Id
            market: {secCik: "1234"}
        """;

    assertThatThrownBy(() -> parser.parse("broken.yaml", broken))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("settings.reportAttempts:").contains("Fix:"))
            .anySatisfy(p -> assertThat(p).startsWith("settings.emailRecipients[0]:"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].name (competitor 'acme'): missing"))
            .anySatisfy(p -> assertThat(p)
                .startsWith("competitors[0].website.pages[0] (competitor 'acme'): 'htp//acme.example'"))
            .anySatisfy(p -> assertThat(p)
                .startsWith("competitors[1].id (competitor 'acme'): 'acme' is used by an earlier competitor"))
            .anySatisfy(p -> assertThat(p)
                .startsWith("competitors[1].webiste (competitor 'acme'): unknown source type or field"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[2].id (competitor named 'No Id'): missing"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[2].market.secCik (competitor named 'No Id'): '1234'"))
            .allSatisfy(p -> assertThat(p).contains("Fix:")))
        .hasMessageContaining("broken.yaml");
  }

  @Test
  void aCompetitorNeedsAtLeastOneSource() {
    assertThatThrownBy(() -> parser.parse("t", "competitors:\n  - id: acme\n    name: Acme\n"))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
            .containsExactly("competitors[0] (competitor 'acme'): no sources. Fix: configure at least one of website,"
                + " news, social, market"));
  }

  @Test
  void malformedYamlSaysWhere() {
    assertThatThrownBy(() -> parser.parse("t", "competitors:\n  - id: [unclosed\n"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("not valid YAML (line");
  }

  @Test
  void noCompetitorsIsAnError() {
    assertThatThrownBy(() -> parser.parse("t", "settings: {}\ncompetitors: []\n"))
        .hasMessageContaining("competitors: at least one competitor is needed");
  }

  @Test
  void readsEverySourceType() {
    RunConfiguration configuration = parser.parse("test", """
        competitors:
          - id: acme
            name: Acme Analytics
            website:
              pages: ["https://acme.example/"]
              sitemaps: ["https://acme.example/sitemap.xml"]
            news: {feeds: ["https://acme.example/news.rss"]}
            social:
              hackerNewsQuery: Acme Analytics
              mastodon: {instance: "https://mastodon.example", account: "@acme", query: "Acme Analytics"}
            market:
              secCik: "0001990001"
              endpoints:
                - {name: ACME share price, url: "https://data.example/acme.csv", format: CSV, title: symbol,
                   date: day, value: close}
                - {url: "https://data.example/acme.json", format: json, records: /data, value: /price/close}
          - id: initech
            name: Initech
            website: {sitemaps: ["https://initech.example/sitemap_index.xml"]}
            social: {mastodon: {account: initech}}
            market:
              endpoints: [{url: "https://data.example/initech.json", format: json, value: revenue}]
        """);

    CompetitorProfile acme = configuration.competitor("acme");
    assertThat(acme.website().sitemaps()).containsExactly(java.net.URI.create("https://acme.example/sitemap.xml"));
    assertThat(acme.social().mastodon()).isEqualTo(new CompetitorProfile.MastodonSource(
        java.net.URI.create("https://mastodon.example"), "acme", "Acme Analytics"));
    assertThat(acme.market().endpoints()).containsExactly(
        new CompetitorProfile.MarketEndpoint("ACME share price", java.net.URI.create("https://data.example/acme.csv"),
            "csv", null, "symbol", "day", "close"),
        new CompetitorProfile.MarketEndpoint(null, java.net.URI.create("https://data.example/acme.json"), "json",
            "/data", null, null, "/price/close"));
    CompetitorProfile initech = configuration.competitor("initech");
    assertThat(initech.website().pages()).isEmpty();
    assertThat(initech.social().hackerNewsQuery()).isNull();
    assertThat(initech.social().mastodon().instance()).isNull();
    assertThat(initech.market().secCik()).isNull();
  }

  @Test
  void aMalformedUrlInAnySourceListNamesTheEntryTheFieldAndTheFix() {
    String broken = """
        competitors:
          - id: acme
            name: Acme
            website: {pages: ["https://acme.example/"], sitemaps: ["acme.example/sitemap.xml"]}
            news: {feeds: ["https://acme.example/news.rss", "ftp://acme.example/feed"]}
            social: {mastodon: {instance: "mastodon social", account: acme}}
            market:
              endpoints: [{url: "//data.example/x.csv", format: csv, value: close}]
        """;

    assertThatThrownBy(() -> parser.parse("broken.yaml", broken))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
            "competitors[0].website.sitemaps[0] (competitor 'acme'): 'acme.example/sitemap.xml' is not an absolute"
                + " http(s) URL. Fix: write the full address, e.g. https://www.example.com/products",
            "competitors[0].news.feeds[1] (competitor 'acme'): 'ftp://acme.example/feed' is not an absolute http(s)"
                + " URL. Fix: write the full address, e.g. https://www.example.com/products",
            "competitors[0].social.mastodon.instance (competitor 'acme'): 'mastodon social' is not an absolute"
                + " http(s) URL. Fix: write the instance's address, e.g. https://mastodon.social",
            "competitors[0].market.endpoints[0].url (competitor 'acme'): '//data.example/x.csv' is not an absolute"
                + " http(s) URL. Fix: write the endpoint's full address, e.g. https://data.example.com/acme/prices.csv"));
  }

  @Test
  void anUnknownSourceTypeIsRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> parser.parse("t", """
        competitors:
          - id: acme
            name: Acme
            twitter: {handle: acme}
            social: {reddit: acme, hackerNewsQuery: Acme}
        """))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
            "competitors[0].twitter (competitor 'acme'): unknown source type or field. Fix: remove it or use one of"
                + " the source types [market, news, social, website] (besides id and name)",
            "competitors[0].social.reddit (competitor 'acme'): unknown field. Fix: remove it or use one of"
                + " [hackerNewsQuery, mastodon]"));
  }

  @Test
  void aMissingNameOrIdIsRejectedNamingTheEntryByWhatItHas() {
    assertThatThrownBy(() -> parser.parse("t", """
        competitors:
          - id: acme
            news: {feeds: ["https://acme.example/news.rss"]}
          - name: Globex
            news: {feeds: ["https://globex.example/news.rss"]}
          - news: {feeds: ["https://initech.example/news.rss"]}
        """))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
            "competitors[0].name (competitor 'acme'): missing. Fix: add the company's name as it should appear in"
                + " the report",
            "competitors[1].id (competitor named 'Globex'): missing. Fix: add a short lower-case id such as 'acme'",
            "competitors[2].id: missing. Fix: add a short lower-case id such as 'acme'",
            "competitors[2].name: missing. Fix: add the company's name as it should appear in the report"));
  }

  @Test
  void aTokenInTheRunConfigurationIsRefusedAndPointedToTheApplicationsConfiguration() {
    assertThatThrownBy(() -> parser.parse("t", """
        competitors:
          - id: acme
            name: Acme
            social: {mastodon: {account: acme, accessToken: abc123}}
        """))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> assertThat(p)
                .startsWith("competitors[0].social.mastodon.accessToken (competitor 'acme'): a secret does not belong")
                .contains("rivalwatch.research.mastodon.access-token")
                .doesNotContain("abc123")));
  }

  @Test
  void badSourceDetailsNameTheirField() {
    assertThatThrownBy(() -> parser.parse("t", """
        competitors:
          - id: acme
            name: Acme
            website: {}
            social: {mastodon: {instance: "https://mastodon.example", account: "not an account!"}}
            market:
              endpoints:
                - {url: "https://data.example/a.xml", format: xml, value: close}
                - {url: "https://data.example/a.csv", format: csv, records: /data}
                - {url: "https://data.example/a.json", format: json, records: data, value: close}
          - id: globex
            name: Globex
            social: {mastodon: {instance: "https://mastodon.example"}}
            market: {}
        """))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].website (competitor 'acme'): no pages and no sitemaps"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].social.mastodon.account (competitor 'acme'): "
                + "'not an account!' is not a Mastodon account"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].market.endpoints[0].format (competitor 'acme'): "
                + "'xml' is not a known format. Fix: write csv or json"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].market.endpoints[1].records (competitor 'acme'): "
                + "only JSON endpoints"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].market.endpoints[1].value (competitor 'acme'): "
                + "missing"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].market.endpoints[2].records (competitor 'acme'): "
                + "'data' is not a JSON pointer"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[1].social.mastodon (competitor 'globex'): neither "
                + "account nor query"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[1].market (competitor 'globex'): no market source"))
            .allSatisfy(p -> assertThat(p).contains("Fix:")));
  }

  // ---- settings.review

  private RunConfiguration withReview(String review) {
    return parser.parse("test", VALID.replace("settings:\n", "settings:\n  review:\n" + review.indent(4)));
  }

  private String problemsOf(String review) {
    try {
      withReview(review);
    } catch (InvalidConfigurationException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected the review settings to be refused: " + review);
  }

  @Test
  void reviewTimingHasDefaults_dueAfterADayRemindedFourHoursBeforeNoEscalation() {
    ReviewTiming review = parser.parse("test", VALID).settings().review();

    assertThat(review).isEqualTo(ReviewTiming.defaults());
    assertThat(review.dueAfter()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(review.remindAfter()).isEqualTo(java.time.Duration.ofHours(20));
    assertThat(review.escalates()).isFalse();
    assertThat(review.reviewers()).isEmpty();
    // the escalation timer is in the model whatever the settings: without escalation it is set beyond any run
    assertThat(review.processVariables()).containsEntry("reviewDueAfter", "PT24H")
        .containsEntry("reviewRemindBefore", "PT4H").containsEntry("reviewRemindAfter", "PT20H")
        .containsEntry("reviewEscalateAfter", "PT87600H").containsEntry("reviewEscalation", "keep-waiting");
  }

  @Test
  void reviewTimingIsReadWithEscalation() {
    ReviewTiming review = withReview("""
        dueAfter: P1D
        remindBefore: PT2H
        reviewers: [lead@example.com]
        escalateAfter: P2DT12H
        escalationAddress: head@example.com
        onEscalation: publish-internally
        """).settings().review();

    assertThat(review.reviewers()).containsExactly("lead@example.com");
    assertThat(review.escalationAddress()).isEqualTo("head@example.com");
    assertThat(review.processVariables()).containsEntry("reviewDueAfter", "PT24H")
        .containsEntry("reviewRemindAfter", "PT22H").containsEntry("reviewEscalateAfter", "PT60H")
        .containsEntry("reviewEscalation", "publish-internally");
    assertThat(review.processVariables().toString()).as("no addresses in variables").doesNotContain("@");
  }

  @Test
  void escalationWithAnAddressOnly_waitsTheDefaultAndKeepsWaiting() {
    ReviewTiming review = withReview("escalationAddress: head@example.com\n").settings().review();

    assertThat(review.escalateAfter()).isEqualTo(java.time.Duration.ofHours(48));
    assertThat(review.onEscalation()).isEqualTo("keep-waiting");
  }

  @Test
  void escalationWithoutAnAddress_isRefusedNamingTheFieldAndTheFix() {
    assertThat(problemsOf("escalateAfter: PT48H\n"))
        .contains("settings.review.escalationAddress: missing, and escalation is on")
        .contains("Fix: add the e-mail address to tell")
        .contains("or remove escalateAfter and onEscalation to turn escalation off");
    assertThat(problemsOf("onEscalation: publish-internally\n"))
        .contains("settings.review.escalationAddress: missing");
  }

  @Test
  void badReviewSettings_nameTheirFieldAndTheFix() {
    assertThat(problemsOf("dueAfter: 24h\n"))
        .contains("settings.review.dueAfter: '24h' is not an ISO-8601 duration. Fix: write e.g. PT24H");
    assertThat(problemsOf("dueAfter: PT10S\n"))
        .contains("settings.review.dueAfter: PT10S is outside one minute to 90 days. Fix:");
    assertThat(problemsOf("dueAfter: PT2H\nremindBefore: PT3H\n"))
        .contains("settings.review.remindBefore: PT3H is not before the due date (dueAfter PT2H). Fix:");
    assertThat(problemsOf("dueAfter: PT24H\nescalateAfter: PT12H\nescalationAddress: head@example.com\n"))
        .contains("settings.review.escalateAfter: PT12H is before the due date (dueAfter PT24H). Fix:");
    assertThat(problemsOf("escalationAddress: head-of-analysis\n"))
        .contains("settings.review.escalationAddress: 'head-of-analysis' is not an e-mail address. Fix:");
    assertThat(problemsOf("escalationAddress: head@example.com\nonEscalation: publish\n"))
        .contains("settings.review.onEscalation: 'publish' is not a policy. Fix: write keep-waiting");
    assertThat(problemsOf("reviewers: [lead]\n"))
        .contains("settings.review.reviewers[0]: 'lead' is not an e-mail address. Fix:");
    assertThat(problemsOf("reviewers: lead@example.com\n"))
        .contains("settings.review.reviewers: must be a list. Fix:");
    assertThat(problemsOf("dueIn: PT2H\n"))
        .contains("settings.review.dueIn: unknown field. Fix: remove it or use one of [dueAfter, escalateAfter,");
  }
}
