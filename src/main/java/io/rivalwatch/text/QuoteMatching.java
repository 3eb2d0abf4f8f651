package io.rivalwatch.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * Tells whether a quote appears in a text, ignoring the differences that copying a sentence introduces but that do
 * not change its words: HTML entities, curly against straight quotes and dashes, runs of whitespace, letter case,
 * and formatting (tags, link addresses, Markdown emphasis and list marks).
 * Anything else (a changed, added or missing word) makes the quote not found: a paraphrase is not a quote.
 */
public final class QuoteMatching {

  // QUOTE_MARKS, DASHES and SPACE define the sets; normalise replaces them in one pass (QuoteMatchingTest checks
  // the pass against them character by character)
  /** Every kind of quotation mark becomes one, so "it's", "it’s" and 'it"s' (our analysers swap " for ') match. */
  static final Pattern QUOTE_MARKS = Pattern.compile("[\"'`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d"
      + "\u201e\u201f\u2032\u2033\u00ab\u00bb\u2039\u203a]");
  static final Pattern DASHES = Pattern.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]");
  static final Pattern SPACE = Pattern.compile("[\\s\u00a0\u2007\u202f\u200b]+");
  /*
   * Formatting, not words: a quote need not repeat a link's address, a tag or an emphasis mark, and the offline
   * analyser quotes text with them removed. Removed from both sides, so they can neither make nor break a match.
   */
  static final Pattern TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9-]*\\b[^<>]{0,1000}>");
  static final Pattern MD_LINK = Pattern.compile("!?\\[([^\\]\\n]{0,300})]\\([^)\\s]{0,1000}\\)");
  static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  /** An elision inside a quote or a cut at its end: each side is looked up on its own. */
  private static final Pattern ELLIPSIS = Pattern.compile("\u2026|\\.\\.\\.|\\[\\.\\.\\.]");
  /** Fragments shorter than this (after normalising) say too little to count as quoted words. */
  static final int MIN_FRAGMENT_CHARS = 12;

  private QuoteMatching() {
  }

  /** The text as compared: entities decoded, one quote mark, one dash, single spaces, lower case, trimmed. */
  public static String normalise(String text) {
    if (text == null) {
      return "";
    }
    // each pass only where its pattern can match at all (none matches without the character checked), since a
    // report normalises every cited document and every quote
    String s = text.indexOf('&') >= 0 ? Parser.unescapeEntities(text, false) : text;
    if (s.indexOf('<') >= 0) {
      s = TAG.matcher(s).replaceAll(" ");
    }
    if (s.indexOf('[') >= 0) {
      s = MD_LINK.matcher(s).replaceAll("$1");
    }
    s = MarkdownMarks.remove(s);
    if (s.contains("://") || containsIgnoringCase(s, "www.")) {
      s = URL.matcher(s).replaceAll(" ");
    }
    return marksDashesAndSpaces(s).toLowerCase(Locale.ROOT).strip();
  }

  /**
   * In one pass: every quotation mark ({@link #QUOTE_MARKS}) becomes ', every dash ({@link #DASHES}) -, and every
   * run of whitespace ({@link #SPACE}: regex {@code \s} and the no-break, figure and zero-width spaces) one space.
   * The three sets share no character, so this equals applying the three replacements one after the other.
   */
  private static String marksDashesAndSpaces(String s) {
    StringBuilder out = null;
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      char replaced;
      int next = i;
      if (isQuoteMark(c)) {
        replaced = '\'';
      } else if (isDash(c)) {
        replaced = '-';
      } else if (isSpace(c)) {
        while (next + 1 < length && isSpace(s.charAt(next + 1))) {
          next++;
        }
        replaced = ' ';
      } else {
        replaced = c;
      }
      if (out == null && (replaced != c || next != i)) {
        out = new StringBuilder(length).append(s, 0, i);
      }
      if (out != null) {
        out.append(replaced);
      }
      i = next;
    }
    return out == null ? s : out.toString();
  }

  static boolean isQuoteMark(char c) {
    return switch (c) {
      case '"', '\'', '`', '\u00b4', '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e', '\u201f',
          '\u2032', '\u2033', '\u00ab', '\u00bb', '\u2039', '\u203a' -> true;
      default -> false;
    };
  }

  static boolean isDash(char c) {
    return c >= '\u2010' && c <= '\u2015' || c == '\u2212';
  }

  static boolean isSpace(char c) {
    return switch (c) {
      case ' ', '\t', '\n', '\u000b', '\f', '\r', '\u00a0', '\u2007', '\u202f', '\u200b' -> true;
      default -> false;
    };
  }

  private static boolean containsIgnoringCase(String s, String ascii) {
    for (int i = 0; i + ascii.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, ascii, 0, ascii.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every part of the quote between elisions is found in the text, in order. The quote's own surrounding
   * quotation marks are not part of it. A quote with no words of length is never found.
   */
  public static boolean quotedIn(String quote, String text) {
    return Quote.of(quote).in(SearchText.of(text));
  }

  /**
   * A text normalised once, to look up any number of quotes in: normalising is most of the cost of a lookup, so a
   * document checked against many quotes is normalised once, not once per quote.
   */
  public static final class SearchText {

    private final String normalised;

    private SearchText(String normalised) {
      this.normalised = normalised;
    }

    /** The text, normalised as {@link #normalise} does. */
    public static SearchText of(String text) {
      return new SearchText(normalise(text));
    }
  }

  /** A quote split into the normalised fragments that must be found in order ({@link #quotedIn}). */
  public static final class Quote {

    private final List<String> fragments;

    private Quote(List<String> fragments) {
      this.fragments = fragments;
    }

    public static Quote of(String quote) {
      return new Quote(fragments(quote));
    }

    /** Whether every fragment is in the text, in order; a quote with no words of length never is. */
    public boolean in(SearchText text) {
      if (fragments.isEmpty()) {
        return false;
      }
      String haystack = text.normalised;
      int from = 0;
      for (String fragment : fragments) {
        int at = haystack.indexOf(fragment, from);
        if (at < 0) {
          return false;
        }
        from = at + fragment.length();
      }
      return true;
    }
  }

  private static List<String> fragments(String quote) {
    String q = normalise(quote);
    while (q.length() >= 2 && q.startsWith("'") && q.endsWith("'")) {
      q = q.substring(1, q.length() - 1).strip();
    }
    List<String> fragments = new ArrayList<>();
    String[] parts = ELLIPSIS.split(q);
    for (String part : parts) {
      String fragment = stripEdgeQuotes(part.strip());
      if (fragment.length() >= MIN_FRAGMENT_CHARS) {
        fragments.add(fragment);
      } else if (!fragment.isBlank() && fragments.isEmpty() && parts.length == 1) {
        fragments.add(fragment); // a short quote with no elision is still a quote: it must be found as is
      }
    }
    return fragments;
  }

  private static String stripEdgeQuotes(String part) {
    String p = part;
    if (p.startsWith("'")) {
      p = p.substring(1);
    }
    if (p.endsWith("'")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.strip();
  }
}
