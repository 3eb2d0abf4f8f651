package io.rivalwatch.analysis.offline;

import io.rivalwatch.research.SourceKind;
import io.rivalwatch.text.Spaces;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small wording and number helpers shared by the three analyses. */
final class Texts {

  /** Longest quotation of a source sentence in a statement or evidence. */
  static final int QUOTE_LIMIT = 220;

  private Texts() {}

  /** The sentence in double quotes, cut at a word boundary with an ellipsis if longer than {@code max}. */
  static String quote(String sentence, int max) {
    return "\"" + shorten(sentence, max) + "\"";
  }

  static String quote(String sentence) {
    return quote(sentence, QUOTE_LIMIT);
  }

  static String shorten(String text, int max) {
    String s = Spaces.collapse(text).strip().replace('"', '\'');
    if (s.length() <= max) {
      return s;
    }
    int cut = s.lastIndexOf(' ', max - 1);
    if (cut < max / 2) {
      cut = max - 1;
    }
    return s.substring(0, cut).stripTrailing() + "\u2026";
  }

  /** Appends a full stop unless the text already ends with one, also inside a closing quote. */
  static String endSentence(String text) {
    String s = text.stripTrailing();
    String core = s.endsWith("\"") ? s.substring(0, s.length() - 1) : s;
    if (core.endsWith(".") || core.endsWith("!") || core.endsWith("?") || core.endsWith("\u2026")) {
      return s;
    }
    return s + ".";
  }

  /** Rounds to {@code digits} decimals; never returns -0.0. */
  static double round(double value, int digits) {
    double factor = Math.pow(10, digits);
    double r = Math.round(value * factor) / factor;
    return r == 0 ? 0.0 : r;
  }

  /** A score with its sign and two decimals: "+0.42", "-0.10", "0.00". */
  static String signed(double score) {
    double r = round(score, 2);
    return r == 0 ? "0.00" : String.format(Locale.ROOT, "%+.2f", r);
  }

  static String count(long n, String singular) {
    return count(n, singular, singular + "s");
  }

  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** "a", "a and b", "a, b and c". */
  static String listing(Collection<String> items) {
    List<String> list = new ArrayList<>(items);
    if (list.isEmpty()) {
      return "";
    }
    if (list.size() == 1) {
      return list.get(0);
    }
    return String.join(", ", list.subList(0, list.size() - 1)) + " and " + list.get(list.size() - 1);
  }

  /** Each item in double quotes, then {@link #listing}. */
  static String quotedListing(Collection<String> items) {
    List<String> quoted = new ArrayList<>();
    for (String item : items) {
      quoted.add("\"" + item + "\"");
    }
    return listing(quoted);
  }

  static String kindName(SourceKind kind) {
    return kind == null ? "unspecified source" : kind.id();
  }

  /** How many of the documents come from each kind, in kind order: "2 news, 1 website". */
  static String kindBreakdown(Collection<PreparedDocument> documents) {
    Map<SourceKind, Integer> counts = new EnumMap<>(SourceKind.class);
    int unknown = 0;
    for (PreparedDocument d : documents) {
      if (d.kind() == null) {
        unknown++;
      } else {
        counts.merge(d.kind(), 1, Integer::sum);
      }
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((k, n) -> parts.add(n + " " + k.id()));
    if (unknown > 0) {
      parts.add(unknown + " unspecified");
    }
    return String.join(", ", parts);
  }

  /** Distinct URLs in the given order, at most {@code limit}. */
  static List<String> urls(Collection<String> urls, int limit) {
    List<String> out = new ArrayList<>(new LinkedHashSet<>(urls));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
  }

  /** Upper-cases the first letter. */
  static String capitalise(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
