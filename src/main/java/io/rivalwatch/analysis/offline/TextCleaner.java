package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.MarkdownMarks;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * Makes gathered text safe to analyse: removes HTML and Markdown leftovers, decodes entities, normalises quotes
 * and whitespace (keeping line breaks, which often separate headings and paragraphs), drops bare URLs and caps
 * the length so that one huge document cannot dominate the run or its cost.
 */
final class TextCleaner {

  /** Characters of a document's text that are looked at at all. */
  static final int RAW_LIMIT = 100_000;

  /** Characters of cleaned text kept per document. */
  static final int TEXT_LIMIT = 20_000;

  private static final Pattern SCRIPT =
      Pattern.compile("(?is)<(script|style|noscript|svg|template)\\b[^>]{0,1000}>.*?</\\1\\s*>");
  private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern BLOCK_TAG = Pattern.compile(
      "(?i)</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|nav|blockquote|main|aside|hr)"
          + "\\b[^<>]{0,1000}>");
  private static final Pattern TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9-]*\\b[^<>]{0,1000}>");
  private static final Pattern MD_LINK = Pattern.compile("!?\\[([^\\]\\n]{0,300})]\\([^)\\s]{0,1000}\\)");
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");

  private TextCleaner() {}

  static String clean(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String s = raw.length() > RAW_LIMIT ? raw.substring(0, RAW_LIMIT) : raw;
    s = s.replace("\r\n", "\n").replace('\r', '\n');
    if (s.indexOf('<') >= 0) {
      s = SCRIPT.matcher(s).replaceAll(" ");
      s = COMMENT.matcher(s).replaceAll(" ");
      s = BLOCK_TAG.matcher(s).replaceAll("\n");
      s = TAG.matcher(s).replaceAll(" ");
    }
    if (s.indexOf('&') >= 0) {
      s = Parser.unescapeEntities(s, false);
    }
    if (s.indexOf('[') >= 0) {
      s = MD_LINK.matcher(s).replaceAll("$1");
    }
    s = MarkdownMarks.remove(s);
    s = URL.matcher(s).replaceAll(" ");
    s = s.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02BC', '\'');
    s = s.replace('\u2013', '-').replace('\u2014', '-').replace('\u2011', '-').replace('\u2010', '-');
    s = spacesAndLines(s).strip();
    if (s.length() > TEXT_LIMIT) {
      int cut = s.lastIndexOf(' ', TEXT_LIMIT);
      s = s.substring(0, cut > TEXT_LIMIT / 2 ? cut : TEXT_LIMIT);
    }
    return s;
  }

  /**
   * In one pass over the code points, what four patterns did one after the other: control characters but the line
   * break, and format characters (Unicode Cc, Cf), became spaces; runs of spaces (also no-break and typographic
   * spaces: {@code [ \\t\\x0B\\f\\u00A0\\u2000-\\u200A\\u202F\\u205F\\u3000]+}) one space; spaces around a
   * line break went; runs of line breaks became one. So a run of such spaces and line breaks is one line break if it
   * holds one, else one space. The four searches were most of the cleaner's time (OfflineTextPreparationTest
   * compares the two).
   */
  static String spacesAndLines(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int length = s.length();
    int i = 0;
    while (i < length) {
      int c = s.codePointAt(i);
      if (c != '\n' && !isSpace(c)) {
        out.appendCodePoint(c);
        i += Character.charCount(c);
        continue;
      }
      boolean lineBreak = false;
      while (i < length) {
        int d = s.codePointAt(i);
        if (d == '\n') {
          lineBreak = true;
        } else if (!isSpace(d)) {
          break;
        }
        i += Character.charCount(d);
      }
      out.append(lineBreak ? '\n' : ' ');
    }
    return out.toString();
  }

  /** A space (as above), or a control (but the line break) or format character. */
  private static boolean isSpace(int c) {
    if (c == ' ' || c == '\u00A0' || (c >= '\u2000' && c <= '\u200A') || c == '\u202F' || c == '\u205F'
        || c == '\u3000') {
      return true;
    }
    int type = Character.getType(c);
    return c != '\n' && (type == Character.CONTROL || type == Character.FORMAT);
  }

  /** A title: cleaned and on one line. */
  static String cleanTitle(String raw) {
    return clean(raw).replace('\n', ' ');
  }
}
