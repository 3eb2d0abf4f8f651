package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import static io.rivalwatch.analysis.offline.OfflineFixtures.doc;
import static io.rivalwatch.analysis.offline.OfflineFixtures.NEUTRAL;
import static io.rivalwatch.analysis.offline.OfflineFixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineSentimentTest {

  private final SentimentScorer scorer = new SentimentScorer(SentimentLexicon.load());
  private final OfflineAnalyser analyser = new OfflineAnalyser();

  private double score(String text) {
    Tokenizer.Tokens t = Tokenizer.tokenize(text);
    return scorer.score(new Sentence(0, 1, "https://x.example/", SourceKind.NEWS, text, t.words(), t.starts(),
        t.ends(), false)).score();
  }

  @Test
  void negationFlipsTheScore() {
    assertThat(score("The new release is good.")).isPositive();
    assertThat(score("The new release is not good.")).isNegative();
    assertThat(score("The new release isn't good.")).isNegative();
    assertThat(score("The new release is never reliable.")).isNegative();
    assertThat(score("Customers report no problems with the upgrade.")).isPositive();
    assertThat(score("Setup was not difficult at all.")).isPositive();
  }

  @Test
  void negationDoesNotReachAcrossAClauseOrTooFar() {
    assertThat(score("It is not cheap, but the support is good.")).isPositive();
    assertThat(score("We did not expect that the product would be this good.")).isPositive();
  }

  @Test
  void intensifiersStrengthenAndDowntonersWeaken() {
    double plain = score("The dashboard is slow.");
    assertThat(score("The dashboard is very slow.")).isLessThan(plain);
    assertThat(score("The dashboard is slightly slow.")).isGreaterThan(plain).isNegative();
  }

  @Test
  void theClauseAfterButWeighsMore() {
    assertThat(score("The design is great but the app crashes constantly.")).isNegative();
    assertThat(score("The app crashes sometimes but the design is great.")).isPositive();
  }

  @Test
  void sentencesWithoutLexiconTermsAreNeutralAndScoresStayInRange() {
    assertThat(score("Acme is headquartered in Berlin.")).isZero();
    assertThat(score("Excellent excellent excellent outstanding superb amazing fantastic wonderful product"))
        .isLessThan(1.0).isGreaterThan(0.9);
  }

  @Test
  void overallToneFollowsTheDocumentsAndReportsCounts() {
    AnalysisResult positive = analyser.analyse(AnalysisKind.SENTIMENT, input(
        doc(SourceKind.NEWS, "https://news.example/a", "Acme wins praise",
            "Reviewers call the new Acme release excellent. Customers are happy with the reliable service. "
                + "The team shipped impressive improvements this quarter." + NEUTRAL),
        doc(SourceKind.SOCIAL, "https://social.example/b", "",
            "I love the new dashboard, it is fast and intuitive. Support was helpful and friendly. "
                + "Great work by the whole Acme team this year." + NEUTRAL)));
    AnalysisResult negative = analyser.analyse(AnalysisKind.SENTIMENT, input(
        doc(SourceKind.NEWS, "https://news.example/c", "Acme outage angers customers",
            "A long outage left customers frustrated. The company faces a lawsuit over the data breach. "
                + "Analysts warned that growth is slowing and churn is rising sharply." + NEUTRAL)));

    assertThat((Double) positive.metrics().get("score")).isGreaterThan(0.3);
    assertThat((Double) negative.metrics().get("score")).isLessThan(-0.3);
    assertThat(positive.metrics()).containsKeys(
        "score", "documents", "sentences", "positiveSentences", "negativeSentences", "kindScores");
    assertThat(positive.metrics().get("documents")).isEqualTo(2);
    assertThat((Integer) positive.metrics().get("positiveSentences")).isGreaterThanOrEqualTo(5);
    assertThat(negative.metrics().get("positiveSentences")).isEqualTo(0);
    Finding tone = finding(negative, "tone");
    assertThat(tone.statement()).contains("negative").contains("1 document").contains("sentences");
    assertThat(tone.score()).isLessThan(-0.3);
    assertThat(negative.summary()).contains("tone score of -");
  }

  @Test
  void mostPositiveAndMostNegativeStatementsAreQuotedWithTheirUrl() {
    AnalysisResult result = analyser.analyse(AnalysisKind.SENTIMENT, input(
        doc(SourceKind.NEWS, "https://news.example/good", "Acme update",
            "The Acme update is excellent and reliable. The new editor is available today for all users. "
                + "Pricing stays the same."),
        doc(SourceKind.NEWS, "https://news.example/bad", "Acme problems",
            "Users reported a terrible outage on Monday. The status page was updated twice. "
                + "The team is investigating the cause.")));

    Finding best = finding(result, "most-positive");
    Finding worst = finding(result, "most-negative");
    assertThat(best.statement()).contains("\"The Acme update is excellent and reliable.\"");
    assertThat(best.sourceUrls()).containsExactly("https://news.example/good");
    assertThat(worst.statement()).contains("terrible outage");
    assertThat(worst.sourceUrls()).containsExactly("https://news.example/bad");
    assertThat(worst.score()).isNegative();
  }

  @Test
  void tonePerSourceKindWhenTwoKindsHaveEnoughText() {
    AnalysisResult result = analyser.analyse(AnalysisKind.SENTIMENT, input(
        doc(SourceKind.WEBSITE, "https://acme.example/", "Acme",
            "Acme is the excellent, reliable platform teams love. Setup is easy and the support is outstanding. "
                + "Our customers are happy and successful with it every day." + NEUTRAL),
        doc(SourceKind.NEWS, "https://news.example/x", "Acme criticised",
            "Critics say Acme is expensive and slow. A recent outage frustrated several large customers. "
                + "The company declined to comment on the complaints." + NEUTRAL)));

    @SuppressWarnings("unchecked")
    Map<String, Object> kinds = (Map<String, Object>) result.metrics().get("kindScores");
    assertThat(kinds).containsOnlyKeys("website", "news");
    assertThat((Double) kinds.get("website")).isPositive();
    assertThat((Double) kinds.get("news")).isNegative();
    List<Finding> byKind = result.findings().stream().filter(f -> f.category().equals("tone-by-source")).toList();
    assertThat(byKind).hasSize(2);
    assertThat(byKind.get(0).statement()).startsWith("Website text reads");
    assertThat(byKind.get(0).sourceUrls()).containsExactly("https://acme.example/");
    assertThat(byKind.get(1).statement()).startsWith("News coverage reads");
    assertThat(result.summary()).contains("website is the most positive").contains("news the least");
  }

  @Test
  void noToneBySourceWithASingleKind() {
    AnalysisResult result = analyser.analyse(AnalysisKind.SENTIMENT, input(
        doc(SourceKind.NEWS, "https://news.example/1", "Acme grows",
            "Acme reported strong growth in the quarter. Revenue rose while costs stayed flat. "
                + "The company hired new staff in three offices across the region." + NEUTRAL)));

    assertThat(result.findings()).noneMatch(f -> f.category().equals("tone-by-source"));
    assertThat(((Map<?, ?>) result.metrics().get("kindScores")).keySet().toString()).isEqualTo("[news]");
  }

  @Test
  void mentionsTheToneAnEarlierRunRecordedAndCitesThisRunsSources() {
    MemoryEntry earlier = new MemoryEntry("r1/analysis/acme/sentiment", MemoryEntry.competitorNamespace("acme"),
        "run-2025-06-01", "analysis", "acme", "done",
        "Sentiment: offline lexicon scoring rates the tone as clearly positive, a tone score of +0.60.",
        Instant.parse("2025-06-01T02:10:00Z"));
    MemoryEntry otherCompetitor = new MemoryEntry("r1/analysis/globex/sentiment",
        MemoryEntry.competitorNamespace("globex"), "run-2025-06-01", "analysis", "globex", "done",
        "Sentiment: a tone score of -0.90.", Instant.parse("2025-06-01T02:10:00Z"));
    AnalysisResult result = analyser.analyse(AnalysisKind.SENTIMENT, input(
        List.of(new MemoryHit(otherCompetitor, 0.99), new MemoryHit(earlier, 0.8)),
        doc(SourceKind.NEWS, "https://news.example/outage", "Acme outage",
            "A long outage left customers frustrated. The company faces a lawsuit over the data breach. "
                + "Analysts warned that growth is slowing." + NEUTRAL)));

    Finding trend = finding(result, "tone-trend");
    assertThat(trend.statement())
        .contains("Memory from run-2025-06-01 (recorded 2025-06-01)")
        .contains("+0.60")
        .contains("lower");
    assertThat(trend.sourceUrls()).containsExactly("https://news.example/outage");
    assertThat(trend.score()).isNegative();
  }

  @Test
  void ignoresMemoryWithoutARecordedScore() {
    MemoryEntry vague = new MemoryEntry("x", "competitors/acme", "run-1", "analysis", "acme", "done",
        "Sentiment analysis was run.", null);
    AnalysisResult result = analyser.analyse(AnalysisKind.SENTIMENT, input(
        List.of(new MemoryHit(vague, 0.9)),
        doc(SourceKind.NEWS, "https://news.example/1", "Acme grows",
            "Acme reported strong growth in the quarter. Revenue rose while costs stayed flat. "
                + "The company hired new staff in three offices." + NEUTRAL)));

    assertThat(result.findings()).noneMatch(f -> f.category().equals("tone-trend"));
    assertThat((Double) result.metrics().get("score")).isBetween(-1.0, 1.0);
    assertThat((Double) result.metrics().get("score")).isCloseTo(
        finding(result, "tone").score(), within(1e-9));
  }

  static Finding finding(AnalysisResult result, String category) {
    return result.findings().stream().filter(f -> f.category().equals(category)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + category + " finding in " + result.findings()));
  }
}
