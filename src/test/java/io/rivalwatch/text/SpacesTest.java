package io.rivalwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpacesTest {

  private static final List<String> TEXTS = List.of("", " ", "word", " two  words ", "a\tb\nc\u000Bd\fe\rf",
      "keep\u00A0no-break\u2003em", "it's \"quoted\" | piped", "''\"|", "x \t\n y", "\uD83D\uDE00 emoji  end",
      "\u001Cfile separator\u001C");

  @Test
  void collapsesRunsOfWhitespaceAsReplaceAllDid() {
    for (String text : TEXTS) {
      assertThat(Spaces.collapse(text)).as(text).isEqualTo(text.replaceAll("\\s+", " "));
      assertThat(Spaces.collapse(text, "'\"|")).as(text).isEqualTo(text.replaceAll("[\\s'\"|]+", " "));
    }
    assertThat(Spaces.collapse("a \n\t b")).isEqualTo("a b");
    assertThat(Spaces.collapse("a 'b' | c", "'\"|")).isEqualTo("a b c");
  }

  @Test
  void countsWordsOfATrimmedTextAsSplitDid() {
    for (String text : TEXTS) {
      String trimmed = text.trim();
      assertThat(Spaces.words(trimmed)).as(text).isEqualTo(trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length);
    }
    assertThat(Spaces.words("three small\n\twords")).isEqualTo(3);
  }
}
