package io.rivalwatch.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits cleaned text into sentences. Lines are first re-joined where a line break falls inside a sentence (the
 * line has no closing punctuation and the next starts in lower case, as in hard-wrapped filings); each line is
 * then cut after . ! ? … (and the CJK stops) when what follows starts a new sentence, except after common
 * abbreviations, initials and decimal numbers. Overlong pieces (menus, tables) are cut at ; or at a space.
 */
public final class SentenceSplitter {

  public static final int MAX_SENTENCE = 400;

  private static final Set<String> ABBREVIATIONS = Set.of(
      "inc", "ltd", "co", "corp", "llc", "plc", "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "etc",
      "e.g", "i.e", "u.s", "u.k", "e.u", "no", "nos", "fig", "approx", "jan", "feb", "mar", "apr", "jun", "jul",
      "aug", "sep", "sept", "oct", "nov", "dec", "est", "dept", "gen", "gov", "rep", "sen", "ave", "vol");

  private SentenceSplitter() {}

  public static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return sentences;
    }
    for (String line : joinWrappedLines(text.split("\n"))) {
      splitLine(line, sentences);
    }
    return sentences;
  }

  private static List<String> joinWrappedLines(String[] lines) {
    List<String> joined = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (current.length() > 0 && !endsSentence(current) && Character.isLowerCase(line.charAt(0))) {
        current.append(' ').append(line);
      } else {
        if (current.length() > 0) {
          joined.add(current.toString());
        }
        current.setLength(0);
        current.append(line);
      }
    }
    if (current.length() > 0) {
      joined.add(current.toString());
    }
    return joined;
  }

  private static boolean endsSentence(CharSequence s) {
    char last = s.charAt(s.length() - 1);
    return isTerminator(last) || last == ':' || last == '"' || last == '\u201D' || last == ')';
  }

  private static boolean isTerminator(char c) {
    return c == '.' || c == '!' || c == '?' || c == '\u2026' || c == '\u3002' || c == '\uFF01' || c == '\uFF1F';
  }

  private static boolean isCjkStop(char c) {
    return c == '\u3002' || c == '\uFF01' || c == '\uFF1F';
  }

  private static void splitLine(String line, List<String> out) {
    int start = 0;
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (!isTerminator(c)) {
        continue;
      }
      int end = i + 1;
      while (end < n && (isTerminator(line.charAt(end)) || isCloser(line.charAt(end)))) {
        end++;
      }
      boolean boundary;
      if (isCjkStop(c)) {
        boundary = true;
      } else if (end >= n) {
        boundary = true;
      } else if (!Character.isWhitespace(line.charAt(end))) {
        boundary = false;
      } else {
        int next = end;
        while (next < n && Character.isWhitespace(line.charAt(next))) {
          next++;
        }
        boundary = next < n && startsSentence(line.charAt(next)) && !(c == '.' && isAbbreviation(line, i));
      }
      if (boundary) {
        addPiece(line.substring(start, end), out);
        start = end;
        i = end - 1;
      }
    }
    if (start < n) {
      addPiece(line.substring(start), out);
    }
  }

  private static boolean isCloser(char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201D' || c == '\u00BB';
  }

  private static boolean startsSentence(char c) {
    return Character.isUpperCase(c) || Character.isDigit(c) || Character.isLetter(c) && !Character.isLowerCase(c)
        || "\"'(\u201C\u00AB$\u20AC\u00A3#[".indexOf(c) >= 0;
  }

  /** The word before the period at {@code dot} is an abbreviation or an initial. */
  private static boolean isAbbreviation(String line, int dot) {
    int b = dot;
    while (b > 0 && !Character.isWhitespace(line.charAt(b - 1)) && line.charAt(b - 1) != '(') {
      b--;
    }
    String word = line.substring(b, dot).toLowerCase(Locale.ROOT);
    if (word.isEmpty()) {
      return false;
    }
    if (word.length() == 1 && Character.isLetter(word.charAt(0))) {
      return true;
    }
    return ABBREVIATIONS.contains(word) || word.matches("(?:\\p{L}\\.)+\\p{L}");
  }

  private static void addPiece(String piece, List<String> out) {
    String s = piece.strip();
    while (s.length() > MAX_SENTENCE) {
      int cut = s.lastIndexOf("; ", MAX_SENTENCE);
      if (cut < MAX_SENTENCE / 2) {
        cut = s.lastIndexOf(' ', MAX_SENTENCE);
      }
      if (cut < MAX_SENTENCE / 2) {
        cut = MAX_SENTENCE;
      }
      out.add(s.substring(0, cut + (s.charAt(cut) == ';' ? 1 : 0)).strip());
      s = s.substring(cut + (s.charAt(cut) == ';' ? 1 : 0)).strip();
    }
    if (!s.isEmpty()) {
      out.add(s);
    }
  }
}
