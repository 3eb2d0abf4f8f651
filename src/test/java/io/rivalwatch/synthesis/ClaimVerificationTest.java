package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimVerificationTest {

  private static final String PRICING = "https://acme.example/pricing";
  private static final String NEWS = "https://acme.example/news";
  private static final SourceDocument PRICING_PAGE = document(PRICING, "Acme pricing",
      "The Team plan costs $49 per user per month. Enterprise customers get a dedicated success manager.");
  private static final SourceDocument NEWS_PAGE = document(NEWS, "Acme raises Series C",
      "Acme Analytics has raised $80 million in a Series C round led by Example Ventures.");
  private static final Map<String, SourceDocument> DOCUMENTS = Map.of(PRICING, PRICING_PAGE, NEWS, NEWS_PAGE);
  private static final String MODEL = "anthropic.claude-test";

  @Test
  void aCitedDocumentIsNormalisedOnceForAllTheQuotesThatCiteIt() {
    ClaimVerification.Sources sources = ClaimVerification.Sources.of(List.of(PRICING_PAGE, NEWS_PAGE));

    assertThat(sources.get(PRICING)).isSameAs(sources.get(PRICING));
    assertThat(sources.get("https://acme.example/not-gathered")).isNull();
    assertThat(ClaimVerification.foundInCited("The Team plan costs $49", List.of(NEWS, PRICING), sources)).isTrue();
    assertThat(ClaimVerification.foundInCited("The Team plan costs $49", List.of(NEWS), sources)).isFalse();
  }

  @Test
  void anExactQuoteFromTheCitedDocumentIsVerified() {
    assertThat(verdict("The Team plan costs $49 per user per month.", PRICING))
        .isEqualTo(ClaimVerification.Verdict.VERIFIED);
  }

  @Test
  void aQuoteDifferingOnlyInWhitespaceCaseQuotesAndEntitiesIsVerified() {
    assertThat(verdict("\u201cthe  TEAM plan costs $49\nper user per month\u201d", PRICING))
        .isEqualTo(ClaimVerification.Verdict.VERIFIED);
    assertThat(verdict("Acme Analytics has raised $80&nbsp;million", NEWS))
        .isEqualTo(ClaimVerification.Verdict.VERIFIED);
  }

  @Test
  void aParaphraseIsUnverified() {
    assertThat(verdict("Team seats are priced at forty-nine dollars monthly", PRICING))
        .isEqualTo(ClaimVerification.Verdict.UNVERIFIED);
  }

  @Test
  void anInventedQuoteIsUnverified() {
    assertThat(verdict("Acme is the undisputed market leader in Asia", PRICING))
        .isEqualTo(ClaimVerification.Verdict.UNVERIFIED);
  }

  @Test
  void aQuoteCitingTheWrongDocumentIsUnverified() {
    // the words are gathered, but in the news item, not in the pricing page the finding cites
    assertThat(verdict("Acme Analytics has raised $80 million", PRICING))
        .isEqualTo(ClaimVerification.Verdict.UNVERIFIED);
  }

  @Test
  void aModelFindingWithoutAQuoteIsUnverifiedAnOfflineFigureIsNoQuote() {
    Finding figure = new Finding("tone-trend", "Tone rose by 0.2", "", List.of(PRICING), 0.2);
    assertThat(ClaimVerification.verify(figure, false, DOCUMENTS)).isEqualTo(ClaimVerification.Verdict.UNVERIFIED);
    assertThat(ClaimVerification.verify(figure, true, DOCUMENTS)).isEqualTo(ClaimVerification.Verdict.NOT_A_QUOTE);
  }

  @Test
  void everyMarkedQuoteOfAnOfflineFindingMustBeFoundAndTitlesCount() {
    Finding both = new Finding("tagline", "s", "title: \"Acme pricing\"; first sentence: \"The Team plan costs "
        + "$49 per user\u2026\"", List.of(PRICING), null);
    Finding oneInvented = new Finding("pricing", "s", "\"The Team plan costs $49 per user per month.\" | "
        + "\"Enterprise plans are free\"", List.of(PRICING), null);
    assertThat(ClaimVerification.verify(both, true, DOCUMENTS)).isEqualTo(ClaimVerification.Verdict.VERIFIED);
    assertThat(ClaimVerification.verify(oneInvented, true, DOCUMENTS))
        .isEqualTo(ClaimVerification.Verdict.UNVERIFIED);
  }

  @Test
  void checkDropsTheUnverifiedFindingsAndCountsThem() {
    AnalysisResult result = new AnalysisResult(AnalysisKind.POSITIONING, "acme", MODEL, "Acme sells to teams.",
        List.of(finding("Enterprise customers get a dedicated success manager.", PRICING),
            finding("Acme gives enterprises their own helper", PRICING),
            finding("Acme has 10,000 customers", NEWS)), Map.of());

    ClaimVerification.Checked checked = ClaimVerification.check(result, List.of(PRICING_PAGE, NEWS_PAGE));

    assertThat(checked.verified()).isEqualTo(1);
    assertThat(checked.dropped()).isEqualTo(2);
    assertThat(checked.shown().findings()).extracting(Finding::evidence)
        .containsExactly("Enterprise customers get a dedicated success manager.");
    assertThat(checked.shown().summary()).isEqualTo("Acme sells to teams.");
  }

  private static ClaimVerification.Verdict verdict(String evidence, String cited) {
    return ClaimVerification.verify(finding(evidence, cited), false, DOCUMENTS);
  }

  private static Finding finding(String evidence, String url) {
    return new Finding("claim", "A statement.", evidence, List.of(url), null);
  }

  private static SourceDocument document(String url, String title, String text) {
    return new SourceDocument(url, title, SourceKind.WEBSITE, Instant.parse("2026-11-20T00:00:00Z"), null, "hash",
        text, List.of());
  }
}
