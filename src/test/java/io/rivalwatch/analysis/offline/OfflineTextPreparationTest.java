package io.rivalwatch.analysis.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.text.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineTextPreparationTest {

  @Test
  void removesHtmlScriptsEntitiesMarkdownAndUrls() {
    String cleaned = TextCleaner.clean(
        "<html><head><style>p { color: red }</style><script>var x = '<p>';</script></head>"
            + "<body><h1>Fast &amp; secure</h1><p>Read the [docs](https://acme.example/docs) at "
            + "https://acme.example/x?y=1 &ndash; it&#39;s <b>free</b>.</p><!-- hidden --></body></html>");

    assertThat(cleaned).isEqualTo("Fast & secure\nRead the docs at - it's free .");
  }

  @Test
  void cleansSpacesAndLineBreaksInOnePassExactlyAsTheFourPatternsDid() {
    for (String text : List.of("", "plain words", " lead and trail ", "a\tb\nc\u0000d\u200Be\u00ADf\u007F",
        "tag \uDB40\uDC01 end", "lone \uD800 surrogates \uDC00", "\u202Eright\u0085\r\nnext",
        "emoji \uD83D\uDE00\u2060 joined", "one  \u00A0\u2003 two\u3000three", "line \n next \n\n \n last",
        "\n\n\nstart", "end \t\n", "x\u2028y \u2029 z", "a \u200B\n\u200B b")) {
      assertThat(TextCleaner.spacesAndLines(text)).as(text).isEqualTo(fourPatterns(text));
    }
    assertThat(TextCleaner.spacesAndLines("a\u200Bb \n \n c\t\td")).isEqualTo("a b\nc d");
    assertThat(TextCleaner.clean("zero\u200Bwidth \r\n\r\n  next")).isEqualTo("zero width\nnext");
  }

  /** What the cleaner did before its one-pass replacement. */
  private static String fourPatterns(String s) {
    s = java.util.regex.Pattern.compile("[\\p{Cc}&&[^\\n]]|[\\p{Cf}]").matcher(s).replaceAll(" ");
    s = java.util.regex.Pattern.compile("[ \\t\\x0B\\f\\u00A0\\u2000-\\u200A\\u202F\\u205F\\u3000]+").matcher(s)
        .replaceAll(" ");
    s = java.util.regex.Pattern.compile(" *\\n *").matcher(s).replaceAll("\n");
    return java.util.regex.Pattern.compile("\\n{2,}").matcher(s).replaceAll("\n");
  }

  @Test
  void capsVeryLongTextAndCopesWithNull() {
    String cleaned = TextCleaner.clean("All good here. ".repeat(10_000));

    assertThat(cleaned.length()).isLessThanOrEqualTo(TextCleaner.TEXT_LIMIT);
    assertThat(TextCleaner.clean(null)).isEmpty();
    assertThat(TextCleaner.cleanTitle("<b>Acme</b>\n| Home")).isEqualTo("Acme | Home");
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
