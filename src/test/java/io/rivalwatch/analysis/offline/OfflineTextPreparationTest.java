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
