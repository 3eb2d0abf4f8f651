package io.rivalwatch.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.markdown.MarkdownRenderer;

/**
 * The one boundary between untrusted text (pages, titles, model output, request bodies) and the Markdown report.
 * {@link #escape} makes a value literal text wherever the writer puts it; {@link #link} is the only way the writer
 * makes a link; {@link #restrictLinks} checks a parsed document so that the only links left are ones the caller
 * allows, and no image or raw HTML is left at all. Links are judged on commonmark's parsed nodes, never with
 * regular expressions: the parser is what the reader's renderer runs, so it sees reference-style links, autolinks
 * and entity tricks exactly as they will be rendered.
 */
public final class MarkdownText {

  // every character that can open inline markup: escapes, code, emphasis, links and images, HTML, entities,
  // table cells, strikethrough, headings
  private static final String INLINE = "\\`*_[]<>&|~#";
  // markers that open a block when they start the value: list items (also "1." and "1)"), setext underlines
  private static final Pattern BLOCK_START = Pattern.compile("^([-+=]|\\d{1,9}(?=[.)]))");
  private static final Parser PARSER = Parser.builder().build();
  private static final MarkdownRenderer MARKDOWN = MarkdownRenderer.builder().build();

  private MarkdownText() {}

  /**
   * The text as literal Markdown on one line: line breaks flattened, leading space dropped (it could open an
   * indented code block) and every character that could start markup escaped, so it renders as the text it was.
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    String escaped = escapeInline(lineBreaksToSpaces(text).stripLeading());
    var start = BLOCK_START.matcher(escaped);
    if (start.find()) {
      // "1." stays "1\." and "-" becomes "\-": both render as written
      escaped = start.group(1).matches("\\d+")
          ? start.group(1) + "\\" + escaped.substring(start.end())
          : "\\" + escaped;
    }
    return escaped;
  }

  /**
   * Each run of line breaks ({@code \\r}, {@code \\n}, U+2028, U+2029) as one space. A loop, as {@link
   * #escapeInline}: the report escapes every statement, quote and name it prints.
   */
  private static String lineBreaksToSpaces(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isLineBreak(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      out.append(' ');
      while (i + 1 < text.length() && isLineBreak(text.charAt(i + 1))) {
        i++;
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean isLineBreak(char c) {
    return c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029';
  }

  /** A backslash before every character of {@link #INLINE}. */
  private static String escapeInline(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (INLINE.indexOf(c) >= 0) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append('\\');
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** True for an absolute http or https URL that can stand as a link destination as it is. */
  public static boolean isWebUrl(String url) {
    if (url == null || url.isEmpty() || !url.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == 127)) {
      return false;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    return (lower.startsWith("https://") || lower.startsWith("http://")) && url.length() > lower.indexOf("//") + 2;
  }

  /**
   * A link the writer makes: {@code [text](url)} with the text escaped, or the escaped text alone when the URL is
   * not an http(s) URL (a javascript:, data: or relative address never becomes a link).
   */
  public static String link(String text, String url) {
    if (!isWebUrl(url)) {
      return escape(text);
    }
    return "[" + escape(text) + "](" + url.replace("\\", "%5C").replace("(", "%28").replace(")", "%29") + ")";
  }

  /**
   * Makes the parsed document safe against the caller's list of links: a link whose destination is not allowed
   * (or not http/https) becomes its text, an image is removed, raw HTML becomes literal text and a link reference
   * definition is dropped. Returns how many things it changed.
   */
  public static int restrictLinks(Node document, Predicate<String> allowed) {
    List<Runnable> changes = new ArrayList<>();
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        if (!(isWebUrl(link.getDestination()) && allowed.test(link.getDestination()))) {
          changes.add(() -> unwrap(link));
        }
        visitChildren(link);
      }

      @Override
      public void visit(Image image) {
        changes.add(image::unlink);
      }

      @Override
      public void visit(HtmlInline html) {
        changes.add(() -> {
          html.insertBefore(new Text(html.getLiteral()));
          html.unlink();
        });
      }

      @Override
      public void visit(HtmlBlock html) {
        changes.add(() -> {
          Paragraph paragraph = new Paragraph();
          paragraph.appendChild(new Text(html.getLiteral().strip()));
          html.insertBefore(paragraph);
          html.unlink();
        });
      }

      @Override
      public void visit(LinkReferenceDefinition definition) {
        changes.add(definition::unlink);
      }
    });
    // changed after the walk: unlinking nodes while visiting them would cut the walk short
    changes.forEach(Runnable::run);
    return changes.size();
  }

  /**
   * Model-written Markdown (paragraphs, lists, emphasis, citations) made safe for the report: links only to
   * allowed http(s) URLs, no images, no HTML, no headings (the report owns its structure); everything else is
   * rendered back with its text escaped by commonmark's own Markdown renderer.
   */
  public static String sanitize(String markdown, Predicate<String> allowed) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    Node document = PARSER.parse(markdown);
    restrictLinks(document, allowed);
    List<Heading> headings = new ArrayList<>();
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(Heading heading) {
        headings.add(heading);
      }
    });
    for (Heading heading : headings) {
      Paragraph paragraph = new Paragraph();
      for (Node child = heading.getFirstChild(); child != null; ) {
        Node next = child.getNext();
        paragraph.appendChild(child);
        child = next;
      }
      heading.insertBefore(paragraph);
      heading.unlink();
    }
    return MARKDOWN.render(document).strip();
  }

  /** The destinations of every link and image in the parsed Markdown, reference-style and autolinks included. */
  public static List<String> destinations(String markdown) {
    List<String> found = new ArrayList<>();
    PARSER.parse(markdown == null ? "" : markdown).accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        found.add(link.getDestination());
        visitChildren(link);
      }

      @Override
      public void visit(Image image) {
        found.add(image.getDestination());
        visitChildren(image);
      }
    });
    return found;
  }

  /** The text a reader sees (text and code literals, link texts but not their destinations), space-separated. */
  public static String visibleText(String markdown) {
    StringBuilder text = new StringBuilder();
    PARSER.parse(markdown == null ? "" : markdown).accept(new AbstractVisitor() {
      @Override
      public void visit(Text node) {
        text.append(node.getLiteral()).append(' ');
      }

      @Override
      public void visit(org.commonmark.node.Code node) {
        text.append(node.getLiteral()).append(' ');
      }
    });
    return text.toString();
  }

  private static void unwrap(Node link) {
    for (Node child = link.getFirstChild(); child != null; ) {
      Node next = child.getNext();
      link.insertBefore(child);
      child = next;
    }
    link.unlink();
  }
}
