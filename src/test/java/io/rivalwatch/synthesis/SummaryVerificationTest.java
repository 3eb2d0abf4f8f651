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

  @Test
  void theWritersNoteOnAFallbackStaysFirst_andIsNotAClaim() {
    String summary = "_Written by the fallback model us.amazon.nova-pro-v1:0 because anthropic.claude was unavailable"
        + " (ServiceUnavailableException)._\n\nAcme charges \"$49 per user per month\" [1](" + PRICING + ").";

    SummaryVerification.Checked checked = SummaryVerification.check(summary, DOCUMENTS);

    assertThat(checked.shown()).startsWith("_Written by the fallback model us.amazon.nova-pro-v1:0 because ")
        .endsWith("[1](" + PRICING + ").");
    assertThat(checked.claims()).isEqualTo(new SummaryClaims(1, 0));
    // not in the middle, and not with a payload in markup
    assertThat(SummaryVerification.check("Acme \"$49 per user per month\" [1](" + PRICING + ").\n\n"
        + "_Written by the fallback model x because y._", DOCUMENTS).claims()).isEqualTo(new SummaryClaims(1, 1));
    assertThat(SummaryVerification.check("_Written by the fallback model x because [Mallory](https://evil.example)"
        + " is the best._", DOCUMENTS).shown()).isEmpty();
  }

  private static SourceDocument document(String url, String title, String text) {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    return new SourceDocument(url, title, SourceKind.WEBSITE, now, now, Integer.toHexString(text.hashCode()), text,
        List.of());
  }
}
