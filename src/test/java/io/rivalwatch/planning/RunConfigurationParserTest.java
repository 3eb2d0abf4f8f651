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
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].name: missing"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[0].website.pages[0]: 'htp//acme.example'"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[1].id: 'acme' is used by an earlier competitor"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[1].webiste: unknown field"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[2].id: missing"))
            .anySatisfy(p -> assertThat(p).startsWith("competitors[2].market.secCik: '1234'"))
            .allSatisfy(p -> assertThat(p).contains("Fix:")))
        .hasMessageContaining("broken.yaml");
  }

  @Test
  void aCompetitorNeedsAtLeastOneSource() {
    assertThatThrownBy(() -> parser.parse("t", "competitors:\n  - id: acme\n    name: Acme\n"))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
            .containsExactly("competitors[0]: no sources. Fix: configure at least one of website, news, social, market"));
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
}
