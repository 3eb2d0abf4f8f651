package io.rivalwatch.text;

/**
 * Whitespace as the regular expression {@code \s} means it ({@code [ \t\n\x0B\f\r]}), handled in one pass over the
 * characters. The report and the offline analyser flatten and count words of every finding, quote and section;
 * {@code replaceAll("\\s+", " ")} and {@code split("\\s+")} did the same with a pattern search, a noticeable part of
 * a job's CPU. Each method gives exactly what the pattern form it names gives (SpacesTest compares them).
 */
public final class Spaces {

  private Spaces() {}

  /** {@code [ \t\n\x0B\f\r]}: what {@code \s} matches without Unicode character classes. */
  public static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /** Each run of whitespace as one space: {@code text.replaceAll("\\s+", " ")}. */
  public static String collapse(String text) {
    return collapse(text, "");
  }

  /**
   * Each run of whitespace or of the characters in {@code alsoSpaces} as one space: {@code
   * text.replaceAll("[\\s" + alsoSpaces + "]+", " ")} (for characters with no meaning inside a character class).
   */
  public static String collapse(String text, String alsoSpaces) {
    StringBuilder out = null;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!isSpace(c) && alsoSpaces.indexOf(c) < 0) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      int end = i + 1;
      while (end < length && (isSpace(text.charAt(end)) || alsoSpaces.indexOf(text.charAt(end)) >= 0)) {
        end++;
      }
      if (out == null) {
        if (end == i + 1 && c == ' ') {
          continue; // a single space stays as it is
        }
        out = new StringBuilder(length).append(text, 0, i);
      }
      out.append(' ');
      i = end - 1;
    }
    return out == null ? text : out.toString();
  }

  /**
   * The words of a text that neither starts nor ends with whitespace, such as a trimmed one: {@code text.isEmpty() ? 0
   * : text.split("\\s+").length}.
   */
  public static int words(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = isSpace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
