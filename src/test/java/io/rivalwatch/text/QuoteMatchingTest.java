package io.rivalwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuoteMatchingTest {

  private static final String PAGE = "Acme Analytics today announced  its Enterprise plan.\n"
      + "\u201cWe\u2019re the fastest-growing platform in Europe,\u201d said the CEO \u2014 a claim Acme repeats "
      + "often. Prices start at $49 per user &amp; month.";

  @Test
  void anExactQuoteIsFound() {
    assertThat(QuoteMatching.quotedIn("Acme Analytics today announced its Enterprise plan.", PAGE)).isTrue();
  }

  @Test
  void whitespaceCaseCurlyQuotesDashesAndEntitiesDoNotMatter() {
    assertThat(QuoteMatching.quotedIn("ACME analytics   today\tannounced", PAGE)).isTrue();
    assertThat(QuoteMatching.quotedIn("\"We're the fastest-growing platform in Europe,\" said the CEO - a claim",
        PAGE)).isTrue();
    assertThat(QuoteMatching.quotedIn("Prices start at $49 per user & month", PAGE)).isTrue();
    assertThat(QuoteMatching.quotedIn("Prices start at $49 per user &#38; month", PAGE)).isTrue();
  }

  @Test
  void linkAddressesTagsAndEmphasisAreFormattingNotWords() {
    String filing = "Website: https://acme.example/ir Most recent filings: **S-1** filed [2025-10-20](https://sec.example/1).";
    assertThat(QuoteMatching.quotedIn("Website: Most recent filings: S-1 filed 2025-10-20.", filing)).isTrue();
    assertThat(QuoteMatching.quotedIn("Most recent filings: <b>S-1</b> filed", filing)).isTrue();
    assertThat(QuoteMatching.quotedIn("Most recent filings: S-2 filed", filing)).isFalse();
  }

  @Test
  void anElidedOrCutQuoteMatchesPartByPartInOrder() {
    assertThat(QuoteMatching.quotedIn("Acme Analytics today announced\u2026 Prices start at $49", PAGE)).isTrue();
    assertThat(QuoteMatching.quotedIn("Prices start at $49 ... Acme Analytics today announced", PAGE)).isFalse();
  }

  @Test
  void aParaphraseIsNotAQuote() {
    assertThat(QuoteMatching.quotedIn("Acme launched an enterprise tier today", PAGE)).isFalse();
    assertThat(QuoteMatching.quotedIn("Acme Analytics announced its Enterprise plan.", PAGE)).isFalse();
  }

  @Test
  void anInventedOrEmptyQuoteIsNotFound() {
    assertThat(QuoteMatching.quotedIn("Acme is the market leader in Asia", PAGE)).isFalse();
    assertThat(QuoteMatching.quotedIn("", PAGE)).isFalse();
    assertThat(QuoteMatching.quotedIn("\u2026", PAGE)).isFalse();
    assertThat(QuoteMatching.quotedIn("Acme", null)).isFalse();
  }

  @Test
  void aTextNormalisedOnceAnswersEveryQuoteAsTheOneShotLookupDoes() {
    QuoteMatching.SearchText page = QuoteMatching.SearchText.of(PAGE);
    for (String quote : List.of("Acme Analytics today announced\u2026 Prices start at $49",
        "Prices start at $49 ... Acme Analytics today announced", "Acme is the market leader in Asia", "",
        "Acme launched an enterprise tier today")) {
      assertThat(QuoteMatching.Quote.of(quote).in(page)).as(quote).isEqualTo(QuoteMatching.quotedIn(quote, PAGE));
    }
    assertThat(QuoteMatching.Quote.of("Acme Analytics today announced").in(page)).isTrue();
  }
}
