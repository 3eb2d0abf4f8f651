package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The executive summary keeps only sentences that quote a source they cite. */
class SummaryVerificationTest {

  private static final String PRICING = "https://acme.example/pricing";
  private static final String NEWS = "https://news.example/acme";
  private static final List<SourceDocument> DOCUMENTS = List.of(
      document(PRICING, "Acme pricing", "Acme Analytics costs $49 per user per month. Volume discounts from 50 seats."),
      document(NEWS, "Acme news", "Acme Analytics opened an office in Lisbon to serve European customers."));

  @Test
  void aSupportedSentenceIsKept_anInventedQuoteAndAnUncitedSentenceAreLeftOutAndCounted() {
    String summary = "Acme charges \"$49 per user per month\" [1](" + PRICING + "). "
        + "Acme is \"the undisputed market leader in Europe\" [2](" + NEWS + "). "
        + "Acme will dominate the market next year.";

    SummaryVerification.Checked checked = SummaryVerification.check(summary, DOCUMENTS);

    assertThat(checked.shown()).isEqualTo("Acme charges \"$49 per user per month\" [1](" + PRICING + ").");
    assertThat(checked.claims()).isEqualTo(new SummaryClaims(1, 2));
  }

  @Test
  void theQuoteMustBeInASourceTheSentenceCites_notInAnotherGatheredOne() {
    // the words are in the news page, but the sentence cites the pricing page
    String summary = "Acme \"opened an office in Lisbon\" [1](" + PRICING + ").";

    assertThat(SummaryVerification.check(summary, DOCUMENTS).claims()).isEqualTo(new SummaryClaims(0, 1));
    assertThat(SummaryVerification.check(summary, DOCUMENTS).shown()).isEmpty();
  }

  @Test
  void aCitedSentenceWithoutAQuoteOrWithATwoWordQuoteIsNotVerified() {
    String summary = "Acme opened an office in Lisbon [1](" + NEWS + ").\n\n- Acme \"Analytics opened\" [1](" + NEWS
        + ")\n- Acme serves \"European customers\" from \"an office in Lisbon\" [1](" + NEWS + ")";

    SummaryVerification.Checked checked = SummaryVerification.check(summary, DOCUMENTS);

    assertThat(checked.claims()).isEqualTo(new SummaryClaims(0, 3));
  }

  @Test
  void quotesMatchAcrossCaseWhitespaceAndCurlyQuotes_everyQuoteOfTheSentenceMustBeFound() {
    String summary = "Acme sells at \u201c$49  PER USER per month\u201d [1](" + PRICING + ").\n\n"
        + "Acme offers \"volume discounts from 50 seats\" and \"free onboarding for every customer\" [1](" + PRICING
        + ").";

    SummaryVerification.Checked checked = SummaryVerification.check(summary, DOCUMENTS);

    assertThat(checked.claims()).isEqualTo(new SummaryClaims(1, 1));
    assertThat(checked.shown()).contains("PER USER").doesNotContain("free onboarding");
  }

  private static SourceDocument document(String url, String title, String text) {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    return new SourceDocument(url, title, SourceKind.WEBSITE, now, now, Integer.toHexString(text.hashCode()), text,
        List.of());
  }
}
