package io.rivalwatch.trends;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.cost.CostProperties;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.cost.ModelPrice;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.distribution.DashboardPublisher;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.testsupport.StoredRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Three nights of the watch list "sample-list" as runs store them (frozen watch list, documents, the three analyses,
 * model calls, a report), each added to the trend dashboard as its run ends. Night 2 is rejected. What moves: Acme's
 * sentiment (+0.20, -0.35, +0.55), its price points ($49 dropped on night 2, $59 new; $99 new on night 3, with a
 * hostile one), its signals, its documents (a page changed, a new post, a page gone) and its cost.
 */
final class ThreeNights {

  static final String LIST = "sample-list";
  static final List<String> RUNS = List.of("night-1", "night-2", "night-3");
  static final String MODEL = "test-model";
  /** A competitor name and a price point as a hostile page or model could write them. */
  static final String HOSTILE_NAME = "Globex <b>Data</b> & Co's";
  static final String HOSTILE_PRICE = "<script>alert(1)</script>$1";

  final StoredRuns runs;
  final ModelUsageLedger ledger;
  final TrendDashboard dashboard;
  final WatchListNights nights;
  final List<String> published = new ArrayList<>();

  ThreeNights(Path directory) {
    runs = new StoredRuns(directory);
    CostProperties prices = new CostProperties(List.of(new ModelPrice(MODEL, 3.0, 15.0, 0, 0)));
    ledger = new ModelUsageLedger(runs.json(), runs.store(), prices);
    nights = new WatchListNights(runs.store(), runs.json(), runs.planning());
    NightReader reader = new NightReader(runs.store(), runs.json(), runs.planning(), runs.research(), ledger);
    DashboardPublisher index = new DashboardPublisher(runs.store(), runs.json(), runs.planning(), runs.clock());
    dashboard = new TrendDashboard(nights, reader, runs.store(), index);
  }

  /** Seeds and ends the three nights, a day apart. */
  ThreeNights seed() {
    night(0, "delivered", 0.20, List.of("$49 per user per month", "$89 per user per month"),
        Map.of("pricing-change", 2, "product-launch", 1), "pricing v1", true, false, 1000);
    runs.nextNight();
    night(1, "rejected", -0.35, List.of("$59 per user per month", "$89 per user per month"),
        Map.of("pricing-change", 3, "partnership", 2), "pricing v2", true, true, 3000);
    runs.nextNight();
    night(2, "delivered", 0.55, List.of("$59 per user per month", "$99 per user per month", HOSTILE_PRICE),
        Map.of("partnership", 1, "expansion", 4, "<img src=x onerror=alert(1)>", 1), "pricing v2", false, true, 2000);
    return this;
  }

  private void night(int index, String status, double sentiment, List<String> prices, Map<String, Integer> signals,
      String pricingText, boolean careersPage, boolean newPost, long inputTokens) {
    String runId = RUNS.get(index);
    runs.planFrom(LIST, runId, null, "acme", "Acme Analytics", "globex", HOSTILE_NAME);
    for (String competitor : List.of("acme", "globex")) {
      List<SourceDocument> documents = new ArrayList<>();
      documents.add(runs.document(SourceKind.WEBSITE, "https://" + competitor + ".example/", "Home", "Welcome."));
      documents.add(runs.document(SourceKind.WEBSITE, "https://" + competitor + ".example/pricing", "Pricing",
          pricingText));
      if (careersPage) {
        documents.add(runs.document(SourceKind.WEBSITE, "https://" + competitor + ".example/careers", "Careers",
            "We are hiring."));
      }
      if (newPost) {
        documents.add(runs.document(SourceKind.SOCIAL, "https://news.example/" + competitor + "/" + index, "Post",
            "A post on night " + index));
      }
      runs.gathered(runId, competitor, documents.toArray(SourceDocument[]::new));
      String url = "https://" + competitor + ".example/pricing";
      List<Finding> findings = new ArrayList<>();
      signals.forEach((kind, count) -> findings.add(new Finding(kind, "A signal.", "", List.of(url), (double) count)));
      findings.add(new Finding("theme", "A recurring phrase.", "", List.of(url), 1.0));
      store(runId, new AnalysisResult(AnalysisKind.SENTIMENT, competitor, MODEL, "Tone.",
          List.of(new Finding("tone", "Tone.", "", List.of(url), sentiment)), Map.of("score", sentiment)));
      store(runId, new AnalysisResult(AnalysisKind.STRATEGY, competitor, MODEL, "Signals.", findings,
          Map.of("patternCounts", signals)));
      store(runId, new AnalysisResult(AnalysisKind.POSITIONING, competitor, MODEL, "Prices.",
          List.of(new Finding("pricing", "Prices.", "", List.of(url), null)), Map.of("pricePoints", prices)));
      ledger.record(new ModelCall(runId, "analysis", "sentiment", competitor, MODEL, inputTokens, 500, 0, 0, 100,
          runs.clock().instant()));
    }
    ledger.record(new ModelCall(runId, "synthesis", "synthesis", null, MODEL, 4000, 1000, 0, 0, 100,
        runs.clock().instant()));
    runs.store().createIfAbsent(ArtefactKeys.reportHtml(runId, 1),
        ("<!DOCTYPE html><html><head><title>Report of " + runId + "</title></head><body><h1>Report of " + runId
            + "</h1></body></html>").getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    Instant ended = runs.clock().instant().plus(Duration.ofMinutes(20));
    published.add(dashboard.publish(runId, status, ended));
  }

  private void store(String runId, AnalysisResult result) {
    runs.json().createIfAbsent(ArtefactKeys.analysis(runId, result.competitorId(), result.kind().id()), result);
  }

  /** The list's page on disk. */
  Path page() {
    return runs.store().root().resolve(ArtefactKeys.trendDashboard(LIST).path());
  }

  String pageText() throws java.io.IOException {
    return java.nio.file.Files.readString(page(), StandardCharsets.UTF_8);
  }
}
