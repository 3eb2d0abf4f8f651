package io.rivalwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.text.MarkdownSentences.Sentence;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownSentencesTest {

  @Test
  void sentencesEndAfterAStopNotInsideQuotesLinksOrAbbreviations() {
    List<Sentence> sentences = MarkdownSentences.of("**Acme** sells to banks, e.g. \"large banks. And insurers\" "
        + "[1](https://a.example/x). Globex cut prices [2](https://g.example/p?a=1.5). J. Smith left Initech!");

    assertThat(sentences).extracting(Sentence::text).containsExactly(
        // a link's text (the citation number) is not the sentence's text
        "Acme sells to banks, e.g. \"large banks. And insurers\" .",
        "Globex cut prices .",
        "J. Smith left Initech!");
    assertThat(sentences.get(0).links()).containsExactly("https://a.example/x");
    assertThat(sentences.get(1).links()).containsExactly("https://g.example/p?a=1.5");
    assertThat(sentences.get(2).links()).isEmpty();
  }

  @Test
  void aCitationAfterTheFullStopBelongsToTheSentenceBeforeIt() {
    List<Sentence> sentences = MarkdownSentences.of(
        "Acme leads \"in retail analytics\". [1](https://a.example/) [2](https://b.example/) Globex follows.");

    assertThat(sentences).hasSize(2);
    assertThat(sentences.get(0).links()).containsExactly("https://a.example/", "https://b.example/");
    assertThat(sentences.get(1).links()).isEmpty();
  }

  @Test
  void keepLeavesOutSentencesAndTheParagraphsAndListItemsTheyEmpty() {
    String markdown = """
        First kept [1](https://a.example/). Second dropped.

        Dropped alone.

        - item kept [2](https://b.example/)
        - item dropped
        """;

    String kept = MarkdownSentences.keep(markdown, s -> !s.links().isEmpty());

    assertThat(kept).contains("First kept [1](https://a.example/).", "item kept [2](https://b.example/)")
        .doesNotContain("Second dropped", "Dropped alone", "item dropped");
    assertThat(MarkdownSentences.keep(markdown, s -> false)).isEmpty();
    assertThat(MarkdownSentences.keep(markdown, s -> true)).contains("Second dropped", "Dropped alone", "item dropped");
  }
}
