package io.rivalwatch.analysis.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineTextPreparationTest {

  @Test
  void splitsSentencesButNotAtAbbreviationsDecimalsOrInitials() {
    List<String> sentences = SentenceSplitter.split(
        "Acme Inc. raised prices to $4.99 per month. J. Smith, the CEO, said so! Is it worth it? "
            + "The U.S. market, e.g. retail, grew.");

    assertThat(sentences).containsExactly(
        "Acme Inc. raised prices to $4.99 per month.",
        "J. Smith, the CEO, said so!",
        "Is it worth it?",
        "The U.S. market, e.g. retail, grew.");
  }

  @Test
  void rejoinsHardWrappedLinesAndKeepsHeadingsApart() {
    List<String> sentences = SentenceSplitter.split(
        "Pricing for every team\nOur revenue grew because customers\nrenewed their contracts.\nNext heading");

    assertThat(sentences).containsExactly(
        "Pricing for every team", "Our revenue grew because customers renewed their contracts.", "Next heading");
  }

  @Test
  void cutsOverlongPiecesWithoutPunctuation() {
    String menu = "word ".repeat(300);

    List<String> sentences = SentenceSplitter.split(menu);

    assertThat(sentences).hasSizeGreaterThan(1);
    assertThat(sentences).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(SentenceSplitter.MAX_SENTENCE));
  }

  @Test
  void removesHtmlScriptsEntitiesMarkdownAndUrls() {
    String cleaned = TextCleaner.clean(
        "<html><head><style>p { color: red }</style><script>var x = '<p>';</script></head>"
            + "<body><h1>Fast &amp; secure</h1><p>Read the [docs](https://acme.example/docs) at "
            + "https://acme.example/x?y=1 &ndash; it&#39;s <b>free</b>.</p><!-- hidden --></body></html>");

    assertThat(cleaned).isEqualTo("Fast & secure\nRead the docs at - it's free .");
  }

  @Test
  void capsVeryLongTextAndCopesWithNull() {
    String cleaned = TextCleaner.clean("All good here. ".repeat(10_000));

    assertThat(cleaned.length()).isLessThanOrEqualTo(TextCleaner.TEXT_LIMIT);
    assertThat(TextCleaner.clean(null)).isEmpty();
    assertThat(TextCleaner.cleanTitle("<b>Acme</b>\n| Home")).isEqualTo("Acme | Home");
  }

  @Test
  void tokenisesContractionsPossessivesAndHyphenatedWords() {
    assertThat(Tokenizer.words("Acme's mid-market plan isn't cheap, #1 at $4.99!"))
        .containsExactly("acme", "mid-market", "plan", "isn't", "cheap", ",", "#1", "at", "4.99", "!");
  }

  @Test
  void phraseMatcherHandlesMultiWordTermsAndPrefixes() {
    PhraseMatcher<String> matcher = new PhraseMatcher<>();
    matcher.add("partners with", "p");
    matcher.add("unveil*", "u");
    matcher.add("ai-*", "a");

    List<PhraseMatcher.Match<String>> matches =
        matcher.findAll(Tokenizer.words("Acme unveiled an AI-powered tool and partners with Globex; aim high"));

    assertThat(matches).extracting(PhraseMatcher.Match::term).containsExactly("unveil*", "ai-*", "partners with");
  }
}
