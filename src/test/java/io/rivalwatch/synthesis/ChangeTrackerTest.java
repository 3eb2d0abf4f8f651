package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactKeys;
import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisProvenance;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.synthesis.DocumentComparison.DocumentStatus;
import io.rivalwatch.testsupport.StoredRuns;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "What changed since the last delivered report" from two runs' stored documents and analyses. */
class ChangeTrackerTest {

  private static final String HOME = "https://acme.example/";
  private static final String PRICING = "https://acme.example/pricing";
  private static final String CFO = "https://news.example/acme-new-cfo";
  private static final String SERIES_D = "https://news.example/acme-series-d";
  private static final String TEN_Q = "https://sec.example/acme-10q";
  private static final String EIGHT_K = "https://sec.example/acme-8k";

  private static final String PRICING_BEFORE = "Simple pricing that grows with you. The Team plan costs $49 per user "
      + "per month. The Business plan costs $89 per user per month. Enterprise customers get custom pricing.";
  private static final String PRICING_AFTER = "Simple pricing that grows with you. The Team plan costs $59 per user "
      + "per month. The Business plan costs $89 per user per month. Enterprise customers get custom pricing. "
      + "Acme launches Acme Pulse, real-time alerting for every plan.";

  @TempDir Path directory;
  private StoredRuns runs;
  private ChangeTracker tracker;

  @BeforeEach
  void setUp() {
    runs = new StoredRuns(directory);
    tracker = new ChangeTracker(runs.memory(), runs.json(), runs.research(), runs.links(), runs.baselines(),
        runs.planning());
    night("run-1",
        doc(SourceKind.WEBSITE, HOME, "Acme Analytics", "Acme Analytics is the business intelligence platform for "
            + "enterprise data teams. Customers love how fast Ask Acme answers questions. More than 1,400 "
            + "enterprises run their weekly reviews on Acme."),
        doc(SourceKind.WEBSITE, PRICING, "Pricing", PRICING_BEFORE),
        doc(SourceKind.NEWS, CFO, "Acme Analytics names a new CFO", "Acme Analytics named Jane Roe as chief "
            + "financial officer. She joins from a large software company. Analysts welcomed the appointment."),
        doc(SourceKind.MARKET, TEN_Q, "10-Q quarterly report", "Acme Analytics filed its quarterly report. Revenue "
            + "grew 35 percent year over year. The company remains unprofitable."));
  }

  @Test
  void afterAChangedPricingPage_aNewHeadlineAndFiling_andAVanishedArticle_eachIsNamedWithItsSource() {
    night("run-2",
        doc(SourceKind.WEBSITE, HOME, "Acme Analytics", runs.research().documents("run-1", "acme").get(0).text()),
        doc(SourceKind.WEBSITE, PRICING, "Pricing", PRICING_AFTER),
        doc(SourceKind.NEWS, SERIES_D, "Acme raises $120 million Series D", "Acme Analytics raised $120 million in "
            + "a Series D round led by Example Ventures. The company will hire 200 engineers. Investors praised its "
            + "strong growth and excellent retention."),
        doc(SourceKind.MARKET, TEN_Q, "10-Q quarterly report", "Acme Analytics filed its quarterly report. Revenue "
            + "grew 35 percent year over year. The company remains unprofitable."),
        doc(SourceKind.MARKET, EIGHT_K, "8-K current report", "Acme Analytics reported a new chief financial "
            + "officer. The filing lists the terms of her employment. No other changes were reported."));

    SinceLastRun since = since("run-2");

    assertThat(since.previousRun()).isEqualTo("run-1");
    assertThat(since.documents()).containsExactlyInAnyOrderEntriesOf(Map.of(
        HOME, DocumentStatus.UNCHANGED, PRICING, DocumentStatus.CHANGED, SERIES_D, DocumentStatus.NEW,
        TEN_Q, DocumentStatus.UNCHANGED, EIGHT_K, DocumentStatus.NEW));
    assertThat(since.gone()).isEqualTo(1);
    assertThat(since.lines()).containsSubsequence(
        "Compared with run run-1 of 2026-11-21, the last delivered report: 2 new, 1 changed and 2 unchanged documents; 1 document read then not found "
            + "this time.",
        "Analysed again (documents changed since run run-1: 1 changed, 2 new, 1 gone): sentiment, strategy, "
            + "positioning.",
        "New price mentioned: $59 per user/month [source](" + PRICING + ")",
        "No longer mentioned: $49 per user/month [source](" + PRICING + ") (read in run run-1)",
        "New product mentioned: Acme Pulse [source](" + PRICING + ")");
    assertThat(since.lines()).anySatisfy(line -> assertThat(line)
        .matches("Sentiment (warmer|cooler|about the same): [+-]\\d\\.\\d\\d now against [+-]\\d\\.\\d\\d in run "
            + "run-1 \\([+-]\\d\\.\\d\\d\\)\\. \\[earlier analysis\\]\\(.*run-1/analysis/acme/sentiment\\.json\\)"));
    assertThat(since.lines()).contains(
        "New headline: \"Acme raises $120 million Series D\" [source](" + SERIES_D + ")",
        "New filing: \"8-K current report\" [source](" + EIGHT_K + ")",
        "Changed since run run-1: \"Pricing\" (website) [source](" + PRICING + ")",
        "Not found this time: 1 of the documents read in run run-1, e.g. \"Acme Analytics names a new CFO\" "
            + "(`" + CFO + "`)");
    assertThat(String.join("\n", since.lines())).as("money that is not a price is not a price")
        .doesNotContain("$120 million per");
  }

  @Test
  void afterAnUnchangedNight_itSaysSoAndNamesTheReusedAnalyses() {
    List<SourceDocument> same = runs.research().documents("run-1", "acme");
    night("run-2", same.stream().map(d -> doc(d.kind(), d.url(), d.title(), d.text())).toArray(SourceDocument[]::new));

    SinceLastRun since = since("run-2");

    assertThat(since.count(DocumentStatus.UNCHANGED)).isEqualTo(4);
    assertThat(since.lines()).containsSubsequence(
        "Compared with run run-1 of 2026-11-21, the last delivered report: 0 new, 0 changed and 4 unchanged documents.",
        "Not analysed again, documents unchanged: sentiment, strategy, positioning (results of run run-1).",
        "No new or changed documents since run run-1: every address read then was read again, with the same text.");
    assertThat(since.lines()).noneMatch(line -> line.startsWith("New ") || line.startsWith("No longer"));
    assertThat(since.lines()).anySatisfy(line -> assertThat(line).startsWith("Sentiment about the same: "));
  }

  @Test
  void aPriceThatVanishedWithItsPage_isNamedButNotCited_forThatAddressWasNotGatheredThisTime() {
    List<SourceDocument> kept = runs.research().documents("run-1", "acme").stream()
        .filter(d -> !d.url().equals(CFO)).map(d -> doc(d.kind(), d.url(), d.title(), d.text())).toList();
    // run-1 read a promotion page too; it is gone the night after
    runs.nextNight();
    runs.plan("run-1b", null, "acme", "Acme Analytics");
    List<SourceDocument> withPromotion = new java.util.ArrayList<>(kept);
    withPromotion.add(doc(SourceKind.WEBSITE, "https://acme.example/starter", "Starter", "Meet the Starter plan. "
        + "The Starter plan costs $19 per month for teams of three. It includes every dashboard feature."));
    runs.gathered("run-1b", "acme", withPromotion.toArray(SourceDocument[]::new));
    runs.analyseAll("run-1b", "acme");
    runs.delivered("run-1b");
    night("run-2", kept.toArray(SourceDocument[]::new));

    assertThat(since("run-2").lines())
        .contains("No longer mentioned: $19 per month (read in run run-1b)")
        .contains("Not found this time: 1 of the documents read in run run-1b, e.g. \"Starter\" "
            + "(`https://acme.example/starter`)");
  }

  @Test
  void theFirstRunHasNothingToCompare() {
    assertThat(since("run-1")).isEqualTo(SinceLastRun.firstRun(List.of("No report of watch list nightly has been "
        + "delivered yet: nothing earlier to compare with.")));
  }

  private SinceLastRun since(String runId) {
    Map<AnalysisKind, AnalysisResult> now = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, AnalysisProvenance> provenance = new EnumMap<>(AnalysisKind.class);
    for (AnalysisKind kind : AnalysisKind.values()) {
      now.put(kind, runs.json().require(ArtefactKeys.analysis(runId, "acme", kind.id()), AnalysisResult.class));
      provenance.put(kind, runs.reuse().provenance(runId, "acme", kind).orElseThrow());
    }
    return tracker.since(runId, "acme", "Acme Analytics", now, provenance, runs.research().documents(runId, "acme"));
  }

  private void night(String runId, SourceDocument... documents) {
    runs.nextNight();
    runs.plan(runId, null, "acme", "Acme Analytics");
    runs.gathered(runId, "acme", documents);
    runs.analyseAll(runId, "acme");
    // each night's report was approved and delivered: the next night compares with it
    runs.delivered(runId);
  }

  private SourceDocument doc(SourceKind kind, String url, String title, String text) {
    return runs.document(kind, url, title, text);
  }
}
