package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.PriceExtractor;
import static io.rivalwatch.analysis.offline.OfflineFixtures.NEUTRAL;
import static io.rivalwatch.analysis.offline.OfflineFixtures.doc;
import static io.rivalwatch.analysis.offline.OfflineFixtures.input;
import static io.rivalwatch.analysis.offline.OfflineSentimentTest.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.research.SourceKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflinePositioningTest {

  private final OfflineAnalyser analyser = new OfflineAnalyser();

  private static List<String> prices(String sentence) {
    return PriceExtractor.find(sentence).stream().map(PriceExtractor.PricePoint::canonical).toList();
  }

  @Test
  void extractsPricePointsInACanonicalForm() {
    assertThat(prices("Team costs $49 per user/month.")).containsExactly("$49 per user/month");
    assertThat(prices("Pro is €29/mo.")).containsExactly("€29 per month");
    assertThat(prices("Business: $1,200 per seat per year")).containsExactly("$1,200 per seat/year");
    assertThat(prices("Plans start at 19 EUR per user, billed monthly.")).containsExactly("€19 per user/month");
    assertThat(prices("Starter is $10/user/mo, billed annually.")).containsExactly("$10 per user/month billed annually");
    assertThat(prices("Our free tier covers 3 projects.")).containsExactly("free tier");
    assertThat(prices("Enterprise: contact sales.")).containsExactly("contact sales");
    assertThat(prices("Start your 30-day free trial.")).containsExactly("30-day free trial");
  }

  @Test
  void findsFreeOffersInAnyCaseAndAmountsBesideThem() {
    assertThat(prices("TRY IT FOR FREE today.")).containsExactly("free trial");
    assertThat(prices("A Free Tier and a $9 plan.")).containsExactly("$9", "free tier");
    assertThat(prices("Nothing priced, nothing given away here.")).isEmpty();
  }

  @Test
  void moneyThatIsNotAPriceIsIgnored() {
    assertThat(prices("Acme raised $50 million from investors.")).isEmpty();
    assertThat(prices("Earnings were $0.12 per share.")).isEmpty();
    assertThat(prices("The founders bought a $300 coffee machine.")).isEmpty();
    assertThat(prices("The $300 plan includes support.")).containsExactly("$300");
  }

  @Test
  void aPricingSentenceYieldsAPricePointWithItsUrl() {
    AnalysisResult result = analyser.analyse(AnalysisKind.POSITIONING, input(
        doc(SourceKind.WEBSITE, "https://acme.example/pricing", "Pricing",
            "The Team plan costs $49 per user/month." + NEUTRAL),
        doc(SourceKind.NEWS, "https://news.example/x", "Acme news", "Acme opened a café." + NEUTRAL)));

    Finding price = result.findings().stream().filter(f -> f.category().equals("price-point")).findFirst()
        .orElseThrow();
    assertThat(price.statement()).isEqualTo(
        "Acme lists the price point \"$49 per user/month\" (1 document: 1 website).");
    assertThat(price.sourceUrls()).containsExactly("https://acme.example/pricing");
    assertThat(price.evidence()).contains("$49 per user/month");
    assertThat(result.metrics().get("pricePoints")).isEqualTo(List.of("$49 per user/month"));
    assertThat(result.summary()).contains("Price points: $49 per user/month.");
  }

  @Test
  void countsSegmentsAndValuePropositions() {
    AnalysisResult result = analyser.analyse(AnalysisKind.POSITIONING, input(
        doc(SourceKind.WEBSITE, "https://acme.example/", "Acme - Secure payments for enterprises",
            "Acme gives enterprises SOC 2 compliant payment workflows. Built for banks and insurers. "
                + "Developers get a clean API and webhooks." + NEUTRAL),
        doc(SourceKind.NEWS, "https://news.example/y", "Acme in the news",
            "Several Fortune 500 companies moved their payments to Acme. Analysts note its security focus."
                + NEUTRAL)));

    @SuppressWarnings("unchecked")
    Map<String, Object> segments = (Map<String, Object>) result.metrics().get("segmentCounts");
    assertThat(segments).containsEntry("enterprise", 3).containsEntry("developers", 1);
    assertThat(((Map<?, ?>) result.metrics().get("industryCounts")).get("financial services")).isEqualTo(1);
    assertThat(((Map<?, ?>) result.metrics().get("valuePropositionCounts")).get("security/compliance"))
        .isEqualTo(3);
    Finding enterprise = finding(result, "segment");
    assertThat(enterprise.statement()).startsWith("Acme targets enterprise: 3 sentences in 2 documents");
    assertThat(enterprise.sourceUrls()).containsExactly("https://acme.example/", "https://news.example/y");
    assertThat(result.findings()).anyMatch(f -> f.category().equals("industry")
        && f.statement().startsWith("Acme names the financial services industry"));
  }

  @Test
  void taglineComesFromTheWebsitePageNearestTheRoot() {
    AnalysisResult result = analyser.analyse(AnalysisKind.POSITIONING, input(
        doc(SourceKind.NEWS, "https://news.example/z", "Acme: the best news ever",
            "Acme is a leading vendor according to analysts." + NEUTRAL),
        doc(SourceKind.WEBSITE, "https://acme.example/blog/post-1", "Blog | Acme",
            "We write about security every week." + NEUTRAL),
        doc(SourceKind.WEBSITE, "https://acme.example/", "Acme | Payments without the paperwork",
            "Home Products Pricing Login\nAcme moves money for growing companies in minutes. " + NEUTRAL)));

    Finding tagline = finding(result, "tagline");
    assertThat(tagline.statement()).isEqualTo("Acme's website presents it as \"Payments without the paperwork\", "
        + "opening with \"Acme moves money for growing companies in minutes.\"");
    assertThat(tagline.sourceUrls()).containsExactly("https://acme.example/");
    assertThat(result.metrics().get("tagline")).isEqualTo("Payments without the paperwork");
  }

  @Test
  void differentiatorClaimsAreFoundButLookAlikesAreNot() {
    AnalysisResult result = analyser.analyse(AnalysisKind.POSITIONING, input(
        doc(SourceKind.WEBSITE, "https://acme.example/", "Acme",
            "Acme is the fastest way to reconcile invoices. In the first quarter we shipped a lot. "
                + "The only thing left is to try it. We are the #1 choice of accountants." + NEUTRAL)));

    List<Finding> claims = result.findings().stream().filter(f -> f.category().equals("differentiator")).toList();
    assertThat(claims).extracting(Finding::statement).anyMatch(s -> s.contains("(\"fastest\")"))
        .anyMatch(s -> s.contains("(\"#1\")"))
        .noneMatch(s -> s.contains("first quarter"))
        .noneMatch(s -> s.contains("The only thing"));
    assertThat(result.metrics().get("differentiatorClaims")).isEqualTo(2);
    assertThat(claims).allSatisfy(c -> assertThat(c.sourceUrls()).containsExactly("https://acme.example/"));
  }

  @Test
  void notPossibleWhenNoSentenceHasAPositioningSignal() {
    AnalysisInput input = input(doc(SourceKind.NEWS, "https://news.example/weather", "Weather report today",
        "It rained in the morning and the streets were wet. By noon the sun came out over the river. "
            + "Children played in the park until the evening bells rang in the old town. Later the wind turned "
            + "cold and grey clouds rolled over the hills before the night fell."));

    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.POSITIONING, input))
        .isInstanceOf(AnalysisNotPossibleException.class)
        .hasMessage("none of the 5 sentences in the 1 document gathered for Acme names a target segment or "
            + "industry, a value proposition, a price or a differentiating claim; positioning needs at least one "
            + "such statement.");
  }
}
