package io.rivalwatch.synthesis;

import io.rivalwatch.text.MarkdownText;
import java.util.List;
import java.util.function.Predicate;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.springframework.web.util.HtmlUtils;

/** Renders the Markdown report as a self-contained HTML page (for the browser, the e-mail and the dashboard). */
final class ReportRenderer {

  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  // raw HTML in gathered text must not reach the reader's browser
  private static final HtmlRenderer HTML =
      HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true).build();

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:2rem auto;\
      padding:0 1rem;line-height:1.5;color:#1d2327}
      table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccd0d4;padding:.35rem .6rem;\
      text-align:left;vertical-align:top}th{background:#f0f2f4}
      blockquote{border-left:4px solid #d4a017;margin:1rem 0;padding:.2rem 1rem;background:#fff8e5}
      h2{border-bottom:1px solid #e2e4e7;padding-bottom:.2rem;margin-top:2.5rem}a{color:#0a58ca}""";

  /**
   * @param allowedLinks the link destinations the report may keep (its gathered sources and the application's own
   *     links); any other link becomes its text and every image is removed, judged on the parsed document
   */
  static String toHtml(String markdown, String title, Predicate<String> allowedLinks) {
    var document = PARSER.parse(markdown);
    MarkdownText.restrictLinks(document, allowedLinks);
    String body = HTML.render(document);
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + HtmlUtils.htmlEscape(title) + "</title><style>" + STYLE + "</style></head><body>\n"
        + body + "</body></html>\n";
  }
}
