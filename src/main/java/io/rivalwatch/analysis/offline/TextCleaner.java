package io.rivalwatch.analysis.offline;

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
  private static final Pattern MD_MARKS = Pattern.compile("(?m)^\\s{0,3}(?:#{1,6}|>|[*+-]|\\d{1,3}[.)])\\s+|\\*\\*|__|`");
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n]]|[\\p{Cf}]");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\u00A0\\u2000-\\u200A\\u202F\\u205F\\u3000]+");
  private static final Pattern LINE_EDGES = Pattern.compile(" *\\n *");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{2,}");

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
    s = MD_MARKS.matcher(s).replaceAll("");
    s = URL.matcher(s).replaceAll(" ");
    s = s.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02BC', '\'');
    s = s.replace('\u2013', '-').replace('\u2014', '-').replace('\u2011', '-').replace('\u2010', '-');
    s = CONTROL.matcher(s).replaceAll(" ");
    s = SPACES.matcher(s).replaceAll(" ");
    s = LINE_EDGES.matcher(s).replaceAll("\n");
    s = BLANK_LINES.matcher(s).replaceAll("\n").strip();
    if (s.length() > TEXT_LIMIT) {
      int cut = s.lastIndexOf(' ', TEXT_LIMIT);
      s = s.substring(0, cut > TEXT_LIMIT / 2 ? cut : TEXT_LIMIT);
    }
    return s;
  }

  /** A title: cleaned and on one line. */
  static String cleanTitle(String raw) {
    return clean(raw).replace('\n', ' ');
  }
}
