package io.rivalwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sentence splitting and tokenising, shared by the offline analysers and the report's "what changed". */
class SentenceSplitterAndTokenizerTest {

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
  void tokenisesContractionsPossessivesAndHyphenatedWords() {
    assertThat(Tokenizer.words("Acme's mid-market plan isn't cheap, #1 at $4.99!"))
        .containsExactly("acme", "mid-market", "plan", "isn't", "cheap", ",", "#1", "at", "4.99", "!");
  }
}
