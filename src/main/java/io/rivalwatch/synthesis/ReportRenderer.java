package io.rivalwatch.synthesis;

import io.rivalwatch.text.MarkdownText;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.Text;
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
    return page(HTML.render(document), title);
  }

  /**
   * The page of a report made of parts, each part's HTML as {@link #part} made it, or {@link #toHtml} of the whole
   * Markdown when a part could not stand alone: the same bytes either way.
   *
   * @param parts each part's Markdown, in order, and its HTML made ahead or null to make it now
   */
  static String toHtml(List<Map.Entry<String, String>> parts, String title, Predicate<String> allowedLinks) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String markdown = parts.get(i).getKey();
      String next = i + 1 < parts.size() ? parts.get(i + 1).getKey() : null;
      String html = parts.get(i).getValue() != null ? parts.get(i).getValue() : part(markdown, allowedLinks);
      if (html == null || !(next == null || (markdown.endsWith("\n\n") && next.startsWith(PART_START)))) {
        StringBuilder whole = new StringBuilder();
        parts.forEach(p -> whole.append(p.getKey()));
        return toHtml(whole.toString(), title, allowedLinks);
      }
      body.append(html);
    }
    return page(body.toString(), title);
  }

  /**
   * The HTML of one part of the report (its head, a competitor's section, its tail) as it is in the whole page, or
   * null when the part does not stand alone. A part stands alone when parsed by itself it leaves no block open that
   * the next part's first line (a level-2 heading, {@link #PART_START}) would continue: a heading after it starts at
   * the top level; and when it defines no link reference, which would count in the other parts too. The caller puts
   * a part whole only where it ends with a blank line and the next begins with that heading. Commonmark renders a
   * document's top-level blocks one after the other, so the parts' HTML put together is the whole page's.
   */
  static String part(String markdown, Predicate<String> allowedLinks) {
    var document = PARSER.parse(markdown + (markdown.isEmpty() || markdown.endsWith("\n") ? "" : "\n") + PROBE);
    if (!(document.getLastChild() instanceof Heading probe && probe.getLevel() == 2
        && probe.getFirstChild() instanceof Text text && PROBE_TEXT.equals(text.getLiteral())
        && probe.getFirstChild().getNext() == null)) {
      return null;
    }
    boolean[] definesReferences = {false};
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(LinkReferenceDefinition definition) {
        definesReferences[0] = true;
      }
    });
    if (definesReferences[0]) {
      return null;
    }
    probe.unlink();
    MarkdownText.restrictLinks(document, allowedLinks);
    return HTML.render(document);
  }

  /** How every part after the report's head begins: a level-2 heading. */
  static final String PART_START = "## ";
  private static final String PROBE_TEXT = "end of part";
  private static final String PROBE = PART_START + PROBE_TEXT + "\n";

  private static String page(String body, String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + HtmlUtils.htmlEscape(title) + "</title><style>" + STYLE + "</style></head><body>\n"
        + body + "</body></html>\n";
  }
}
