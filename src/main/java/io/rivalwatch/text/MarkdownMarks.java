package io.rivalwatch.text;

/**
 * Markdown's block markers and emphasis marks, removed: what {@code text.replaceAll(PATTERN, "")} gives, in one pass
 * over the characters. The offline analyser cleans every document with it and the report's claim check normalises
 * every cited document; the pattern tried its four alternatives at every position, several percent of a job's CPU.
 * MarkdownMarksTest compares the two on many texts.
 */
public final class MarkdownMarks {

  /**
   * The pattern this equals: at a line's start up to three whitespace characters, a heading, quote, bullet or number
   * marker and the whitespace after it; anywhere {@code **}, {@code __} or a backtick.
   */
  public static final String PATTERN = "(?m)^\\s{0,3}(?:#{1,6}|>|[*+-]|\\d{1,3}[.)])\\s+|\\*\\*|__|`";

  private MarkdownMarks() {}

  public static String remove(String text) {
    StringBuilder out = null;
    int length = text.length();
    int kept = 0; // text before this index is in out (or, while out is null, unchanged)
    int i = 0;
    while (i < length) {
      int end = markerEnd(text, i);
      if (end < 0) {
        char c = text.charAt(i);
        if ((c == '*' || c == '_') && i + 1 < length && text.charAt(i + 1) == c) {
          end = i + 2;
        } else if (c == '`') {
          end = i + 1;
        }
      }
      if (end < 0) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(length);
      }
      out.append(text, kept, i);
      kept = end;
      i = end;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, kept, length).toString();
  }

  /** Where a block marker starting at {@code i} ends, with the whitespace after it; -1 when none starts there. */
  private static int markerEnd(String text, int i) {
    if (!isLineStart(text, i)) {
      return -1;
    }
    int length = text.length();
    int p = i;
    while (p < length && p - i < 3 && Spaces.isSpace(text.charAt(p))) {
      p++;
    }
    if (p >= length) {
      return -1;
    }
    char c = text.charAt(p);
    if (c == '#') {
      int hashes = 0;
      while (p < length && text.charAt(p) == '#') {
        p++;
        hashes++;
      }
      if (hashes > 6) {
        return -1;
      }
    } else if (c == '>' || c == '*' || c == '+' || c == '-') {
      p++;
    } else if (isDigit(c)) {
      int digits = 0;
      while (p < length && isDigit(text.charAt(p))) {
        p++;
        digits++;
      }
      if (digits > 3 || p >= length || (text.charAt(p) != '.' && text.charAt(p) != ')')) {
        return -1;
      }
      p++;
    } else {
      return -1;
    }
    int spaces = p;
    while (p < length && Spaces.isSpace(text.charAt(p))) {
      p++;
    }
    return p > spaces ? p : -1;
  }

  /**
   * Where {@code ^} matches in multiline mode: the text's start, or after a line terminator (not between a carriage
   * return and its line feed), never at the text's end.
   */
  private static boolean isLineStart(String text, int i) {
    if (i >= text.length()) {
      return false;
    }
    if (i == 0) {
      return true;
    }
    char before = text.charAt(i - 1);
    if (before == '\r') {
      return text.charAt(i) != '\n';
    }
    return before == '\n' || before == '\u0085' || before == '\u2028' || before == '\u2029';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
