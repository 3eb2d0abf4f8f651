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

  @Test
  void theOnePassReplacesExactlyTheCharactersOfTheThreeSets() {
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      String one = String.valueOf(c);
      assertThat(QuoteMatching.isQuoteMark(c)).as("U+%04X", (int) c)
          .isEqualTo(QuoteMatching.QUOTE_MARKS.matcher(one).matches());
      assertThat(QuoteMatching.isDash(c)).as("U+%04X", (int) c).isEqualTo(QuoteMatching.DASHES.matcher(one).matches());
      assertThat(QuoteMatching.isSpace(c)).as("U+%04X", (int) c).isEqualTo(QuoteMatching.SPACE.matcher(one).matches());
    }
  }

  @Test
  void normalisingGivesWhatTheSevenReplacementsInTurnGive() {
    // random texts over the characters each step looks at: the passes skipped where they cannot match, and the
    // one-pass replacement of marks, dashes and spaces, change nothing
    String alphabet = "aZ09 \t\n\r\u000b\f\u00a0\u2007\u202f\u200b\u2003\"'`\u00b4\u2018\u2019\u201c\u201d\u00ab"
        + "\u2013\u2014\u2212-<>/[]()!*_#+.&;:w.W";
    String[] pieces = {"&amp;", "&#38;", "&nbsp;", "&quot;", "<b>", "</a>", "<a href=\"x\">", "[link](https://x.example/a)",
        "![img](/p.png)", "https://acme.example/p?q=1", "HTTP://X.EXAMPLE", "www.acme.example", "WwW.x", "** ", "__",
        "\n# ", "\n> ", "\n1. ", "\n - ", "...", "\u2026", "It\u2019s", "\u00c9T\u00c9", "\u0130stanbul"};
    java.util.Random random = new java.util.Random(14);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        text.append(random.nextInt(4) == 0 ? pieces[random.nextInt(pieces.length)]
            : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
      }
      String t = text.toString();
      assertThat(QuoteMatching.normalise(t)).as(t).isEqualTo(inTurn(t));
    }
  }

  /** The replacements one after the other, each over the whole text: what normalise did before issue 14. */
  private static String inTurn(String text) {
    String s = org.jsoup.parser.Parser.unescapeEntities(text, false);
    s = QuoteMatching.TAG.matcher(s).replaceAll(" ");
    s = QuoteMatching.MD_LINK.matcher(s).replaceAll("$1");
    s = s.replaceAll(MarkdownMarks.PATTERN, "");
    s = QuoteMatching.URL.matcher(s).replaceAll(" ");
    s = QuoteMatching.QUOTE_MARKS.matcher(s).replaceAll("'");
    s = QuoteMatching.DASHES.matcher(s).replaceAll("-");
    s = QuoteMatching.SPACE.matcher(s).replaceAll(" ");
    return s.toLowerCase(java.util.Locale.ROOT).strip();
  }
}
