package io.rivalwatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.function.Predicate;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MarkdownTextTest {

  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
  private static final String SOURCE = "https://acme.example/pricing";
  private static final Predicate<String> GATHERED = Set.of(SOURCE)::contains;

  @Test
  void escapesExactlyAsTheTwoPatternsItReplaced() {
    for (String text : java.util.List.of("", "plain", "  lead", "a\r\n\u2028b\n\nc", "\n\n- item", "12. not a list",
        "*bold* _it_ `code` [x](y) <b> &amp; | ~ # \\", "\uD83D\uDE00 *", "1) one", "=== under", "\r\n\u2029+ plus")) {
      String flat = text.replaceAll("[\\r\\n\\u2028\\u2029]+", " ").stripLeading();
      String before = flat.replaceAll("([\\\\`*_\\[\\]<>&|~#])", "\\\\$1");
      var start = java.util.regex.Pattern.compile("^([-+=]|\\d{1,9}(?=[.)]))").matcher(before);
      if (start.find()) {
        before = start.group(1).matches("\\d+") ? start.group(1) + "\\" + before.substring(start.end()) : "\\" + before;
      }
      assertThat(MarkdownText.escape(text)).as(text).isEqualTo(before);
    }
    assertThat(MarkdownText.escape("a *b*\n\nc")).isEqualTo("a \\*b\\* c");
  }

  private static String html(String markdown) {
    return HTML.render(PARSER.parse(markdown));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[Verify your account](https://evil.example)",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
      "[x](//evil.example/login)",
      "[x][1]\n\n[1]: https://evil.example",
      "see <https://evil.example> now",
      "![](https://track.example/p.gif)",
      "<script>alert(1)</script>",
      "<a href=\"https://evil.example\">click</a>",
      "# Heading at line start",
      "1. ordered",
      "- bullet",
      "> quoted",
      "    indented code",
      "| a | b |",
      "&lt;script&gt; &#91;x&#93;(https://evil.example)",
      "`code` *em* _em_ ~~del~~ \\[x\\](https://evil.example)"})
  void anEscapedValueRendersAsTheTextItWasWithNoLinkImageHeadingOrHtml(String hostile) {
    String markdown = "- " + MarkdownText.escape(hostile);
    String html = html(markdown);

    assertThat(MarkdownText.destinations(markdown)).isEmpty();
    assertThat(html).doesNotContain("<a ", "<img", "<script", "<h1", "<ol", "<blockquote", "<pre", "<em");
    assertThat(html).startsWith("<ul>\n<li>").endsWith("</li>\n</ul>\n");
    // the reader sees exactly the characters the page had (line breaks flattened, leading space dropped)
    String shown = org.springframework.web.util.HtmlUtils.htmlUnescape(
        html.replace("<ul>\n<li>", "").replace("</li>\n</ul>\n", ""));
    assertThat(shown).isEqualTo(hostile.replaceAll("\n+", " ").stripLeading());
  }

  @Test
  void aTitleWithScriptAndLinkSyntaxComesOutAsLiteralTextNotMangled() {
    String title = "Pricing <script>alert(1)</script> [Verify your account](https://evil.example)";
    String line = "1. " + MarkdownText.link(title, SOURCE);

    assertThat(MarkdownText.destinations(line)).containsExactly(SOURCE);
    assertThat(html(line)).contains("href=\"" + SOURCE + "\">Pricing &lt;script&gt;alert(1)&lt;/script&gt; "
        + "[Verify your account](https://evil.example)</a>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"javascript:alert(1)", "data:text/html,x", "//evil.example", "/relative", "ftp://x.example",
      "https://x.example/a b", "https://x.example/<x>"})
  void theWriterMakesLinksOnlyToHttpUrls(String url) {
    assertThat(MarkdownText.link("t", url)).isEqualTo("t");
    assertThat(MarkdownText.isWebUrl(url)).isFalse();
  }

  @Test
  void aUrlWithParenthesesStaysOneLinkToTheSameDocument() {
    String line = MarkdownText.link("t", "https://acme.example/a_(b)");
    assertThat(MarkdownText.destinations(line)).containsExactly("https://acme.example/a_%28b%29");
  }

  @Test
  void restrictLinksKeepsGatheredSourcesAndTurnsEveryOtherLinkIntoTextAndDropsImages() {
    String markdown = """
        Keep [1](https://acme.example/pricing). Drop [Verify your account](https://evil.example),
        [d](data:text/html,x), [p](//evil.example), [r][ref], <https://evil.example/auto>,
        ![pixel](https://track.example/p.gif) and [![x](https://track.example/q.gif)](https://acme.example/pricing).
        Inline <b onclick="x()">html</b>.

        <div>block html</div>

        [ref]: https://evil.example/ref
        """;
    var document = PARSER.parse(markdown);
    int changed = MarkdownText.restrictLinks(document, GATHERED);
    String html = HTML.render(document);

    assertThat(changed).isGreaterThanOrEqualTo(9);
    assertThat(html).contains("href=\"https://acme.example/pricing\">1</a>");
    assertThat(html).contains("Verify your account", "https://evil.example/auto", "&lt;b onclick=",
        "&lt;div&gt;block html&lt;/div&gt;");
    assertThat(html.split("<a ", -1)).hasSize(3); // the citation and the link around the (removed) image
    assertThat(html).doesNotContain("evil.example\"", "<img", "track.example", "data:", "<b ", "<div>");
  }

  @Test
  void sanitizeKeepsCitationsListsAndEmphasisAndFlattensHeadingsOfModelWrittenMarkdown() {
    String summary = """
        ## Take-over
        Acme cut its prices **by 20%** [1](https://acme.example/pricing).

        - [Verify your account](https://evil.example) ![](https://track.example/p.gif)
        - <script>alert(1)</script>
        """;
    String safe = MarkdownText.sanitize(summary, GATHERED);

    assertThat(MarkdownText.destinations(safe)).containsExactly(SOURCE);
    assertThat(safe).contains("**by 20%**", "[1](https://acme.example/pricing)", "Verify your account")
        .doesNotContain("##", "evil.example", "track.example");
    String html = html(safe);
    assertThat(html).doesNotContain("<h2", "<script", "<img").contains("&lt;script&gt;", "<li>");
  }

  @Test
  void visibleTextHasLinkTextsButNotTheirDestinations() {
    assertThat(MarkdownText.visibleText("Acme [cut prices](https://acme.example/pricing) `now`"))
        .contains("Acme", "cut prices", "now").doesNotContain("acme.example");
  }
}
