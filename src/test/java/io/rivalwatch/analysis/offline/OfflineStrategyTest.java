package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import static io.rivalwatch.analysis.offline.OfflineFixtures.NEUTRAL;
import static io.rivalwatch.analysis.offline.OfflineFixtures.doc;
import static io.rivalwatch.analysis.offline.OfflineFixtures.input;
import static io.rivalwatch.analysis.offline.OfflineSentimentTest.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfflineStrategyTest {

  private final OfflineAnalyser analyser = new OfflineAnalyser();
  private final StrategySignals signals = StrategySignals.load();

  private Set<StrategyPattern> patternsIn(String text) {
    Tokenizer.Tokens t = Tokenizer.tokenize(text);
    Sentence s = new Sentence(0, 1, "https://x.example/", SourceKind.NEWS, text, t.words(), t.starts(), t.ends(),
        false);
    return signals.detect(List.of(s)).keySet();
  }

  @Test
  void aPartnershipSentenceYieldsThePartnershipPatternWithItsUrlAndPartner() {
    AnalysisResult result = analyser.analyse(AnalysisKind.STRATEGY, input(
        doc(SourceKind.NEWS, "https://news.example/partner", "Acme news",
            "Acme announced a strategic partnership with Globex Cloud on Tuesday." + NEUTRAL),
        doc(SourceKind.WEBSITE, "https://acme.example/about", "About Acme",
            "We build software for finance teams." + NEUTRAL)));

    Finding partnership = finding(result, "partnership");
    assertThat(partnership.sourceUrls()).containsExactly("https://news.example/partner");
    assertThat(partnership.statement()).contains("partnerships and integrations").contains("Globex Cloud")
        .contains("1 sentence in 1 document");
    assertThat(partnership.evidence()).contains("strategic partnership with Globex Cloud");
    assertThat(partnership.score()).isEqualTo(1.0);
    assertThat(result.metrics().get("patterns")).isEqualTo(List.of("partnership"));
    assertThat(result.metrics().get("patternCounts")).isEqualTo(Map.of("partnership", 1));
  }

  @Test
  void detectsEachPatternFromItsCues() {
    assertThat(patternsIn("Acme launched Acme Flow, a new workflow product.")).contains(StrategyPattern.PRODUCT_LAUNCH);
    assertThat(patternsIn("Acme will raise prices for its Team tier next month."))
        .contains(StrategyPattern.PRICING_CHANGE);
    assertThat(patternsIn("Acme expands into Brazil and Mexico.")).contains(StrategyPattern.EXPANSION);
    assertThat(patternsIn("The company is hiring 300 engineers this year.")).contains(StrategyPattern.HIRING);
    assertThat(patternsIn("Acme cut 10% of its workforce in layoffs.")).contains(StrategyPattern.HIRING);
    assertThat(patternsIn("Acme raised $50 million in a Series B round.")).contains(StrategyPattern.FUNDING_FINANCE);
    assertThat(patternsIn("Acme agreed to acquire Initech for an undisclosed sum."))
        .contains(StrategyPattern.FUNDING_FINANCE);
    assertThat(patternsIn("Total revenue for the fiscal year was up 30%.")).contains(StrategyPattern.FUNDING_FINANCE);
    assertThat(patternsIn("Acme bets on generative AI and AI-powered agents.")).contains(StrategyPattern.AI_TECHNOLOGY);
    assertThat(patternsIn("Acme was selected by Globex to run its claims process."))
        .contains(StrategyPattern.CUSTOMER_WINS);
  }

  @Test
  void weakCuesNeedContextAndNegatedCuesDoNotCount() {
    assertThat(patternsIn("The release notes are short.")).doesNotContain(StrategyPattern.PRODUCT_LAUNCH);
    assertThat(patternsIn("The release adds a new reporting feature.")).contains(StrategyPattern.PRODUCT_LAUNCH);
    assertThat(patternsIn("The price is listed on the website.")).doesNotContain(StrategyPattern.PRICING_CHANGE);
    assertThat(patternsIn("Acme has no plans to expand into Europe.")).doesNotContain(StrategyPattern.EXPANSION);
    assertThat(patternsIn("Acme plans to expand into Europe.")).contains(StrategyPattern.EXPANSION);
  }

  @Test
  void strengthCountsSupportingSentencesAndDocumentsAndDetailsComeFromTheText() {
    AnalysisResult result = analyser.analyse(AnalysisKind.STRATEGY, input(
        doc(SourceKind.NEWS, "https://news.example/a", "Acme raises $40 million",
            "Acme raised $40 million in a Series B round led by Example Capital." + NEUTRAL),
        doc(SourceKind.MARKET, "https://sec.example/10q", "Form 10-Q",
            "Revenue grew 35% to $12.5 million in the quarter. Net loss narrowed to $2.1 million." + NEUTRAL)));

    Finding funding = finding(result, "funding-finance");
    assertThat(funding.score()).isEqualTo(4.0);
    assertThat(funding.statement()).contains("4 sentences in 2 documents (1 news, 1 market)")
        .contains("$40 million").contains("Series B round").contains("Revenue grew 35%");
    assertThat(funding.sourceUrls()).containsExactlyInAnyOrder("https://news.example/a", "https://sec.example/10q");
  }

  @Test
  void recurringThemesComeFromPhrasesSharedAcrossDocuments() {
    AnalysisResult result = analyser.analyse(AnalysisKind.STRATEGY, input(
        doc(SourceKind.NEWS, "https://news.example/1", "Acme and claims automation",
            "Insurers use Acme for claims automation. Claims automation cuts handling time." + NEUTRAL),
        doc(SourceKind.WEBSITE, "https://acme.example/", "Acme",
            "Acme brings claims automation to every insurer. Handling time drops by half." + NEUTRAL),
        doc(SourceKind.SOCIAL, "https://social.example/p", "Post",
            "Our claims automation pilot with Acme went well. Weather was nice today." + NEUTRAL)));

    List<Finding> themes = result.findings().stream().filter(f -> f.category().equals("theme")).toList();
    assertThat(themes).isNotEmpty();
    assertThat(themes.get(0).statement()).startsWith("Recurring theme \"claims automation\": 5 mentions in 3 of 3");
    assertThat(themes.get(0).sourceUrls()).hasSize(3);
    assertThat(themes).noneMatch(f -> f.statement().contains("\"Acme\""));
    assertThat((List<?>) result.metrics().get("themes")).first().isEqualTo("claims automation");
    assertThat(result.summary()).contains("\"claims automation\"");
  }

  @Test
  void summaryNamesTheStrongestPatternsWithTheirCounts() {
    AnalysisResult result = analyser.analyse(AnalysisKind.STRATEGY,
        new io.rivalwatch.analysis.AnalysisInput("acme", "Acme", OfflineFixtures.acme(), List.of()));

    assertThat(result.summary()).startsWith("Offline cue analysis of 6 documents (")
        .contains("strongest first: funding, acquisitions and financial results (6 sentences)");
    assertThat(result.summary().split("(?<=[.!?\"])\\s+(?=[A-Z])")).hasSizeBetween(2, 3);
    assertThat((Integer) result.metrics().get("patternsDetected")).isGreaterThanOrEqualTo(5);
  }

  @Test
  void mentionsAPatternThatMemoryAlsoRecorded() {
    MemoryEntry earlier = new MemoryEntry("run-1/strategy/acme", "competitors/acme", "run-1", "analysis", "acme",
        "done", "Strategy: finds 2 strategic patterns for Acme, strongest first: partnerships and integrations (3 "
            + "sentences).", Instant.parse("2025-05-31T02:00:00Z"));
    AnalysisResult result = analyser.analyse(AnalysisKind.STRATEGY, input(
        List.of(new MemoryHit(earlier, 0.7)),
        doc(SourceKind.NEWS, "https://news.example/partner", "Acme news",
            "Acme announced a strategic partnership with Globex Cloud on Tuesday." + NEUTRAL)));

    Finding note = finding(result, "recurring-pattern");
    assertThat(note.statement()).startsWith("Partnerships and integrations also appear in the memory of run-1 (recorded 2025-05-31)")
        .contains("1 supporting sentence");
    assertThat(note.sourceUrls()).containsExactly("https://news.example/partner");
  }

  @Test
  void notPossibleWithoutAnyCueOrRecurringPhrase() {
    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.STRATEGY, input(
        doc(SourceKind.NEWS, "https://news.example/weather", "Weather",
            "It rained in the morning and the streets were wet. By noon the sun came out over the river. "
                + "Children played in the park until the evening bells rang. Later the wind turned cold and "
                + "grey clouds rolled over the hills before the night fell."))))
        .isInstanceOf(AnalysisNotPossibleException.class)
        .hasMessageContaining("none of the 4 sentences in the 1 document gathered for Acme")
        .hasMessageContaining("strategy needs at least one such signal");
  }
}
