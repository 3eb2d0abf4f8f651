package io.rivalwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MarkdownMarksTest {

  private static final Pattern PATTERN = Pattern.compile(MarkdownMarks.PATTERN);

  @Test
  void removesMarkersAndEmphasisAsThePatternDoes() {
    assertThat(MarkdownMarks.remove("# Title\n\n- **bold** item\n  2. `code` and __under__\n>quote"))
        .isEqualTo("Title\nbold item\ncode and under\n>quote"); // a marker's leading whitespace takes a blank line
    assertThat(MarkdownMarks.remove("plain text stays the same object")).isEqualTo("plain text stays the same object");
  }

  /** Random texts over the characters the pattern looks at, each compared with what the pattern gives. */
  @Test
  void givesWhatThePatternGivesOnManyTexts() {
    String[] alphabet = {" ", "\t", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\f", "#", ">", "*", "+", "-",
        "_", "`", "1", "2", "0", ".", ")", "a", "B", "\uD83D\uDE00"};
    Random random = new Random(14);
    for (int n = 0; n < 30_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(24);
      for (int i = 0; i < length; i++) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String s = text.toString();
      assertThat(MarkdownMarks.remove(s)).as("[%s]", s).isEqualTo(PATTERN.matcher(s).replaceAll(""));
    }
  }
}
