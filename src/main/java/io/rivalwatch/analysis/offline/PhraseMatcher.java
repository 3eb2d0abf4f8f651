package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds word-list terms (one or more words, the last may end in * for "any word starting with") in a token list.
 * Terms are written in lower case and tokenised like the text, so "no. 1" or "e-commerce" match as written.
 *
 * @param <T> what a term stands for (a weight, a pattern, a segment name)
 */
final class PhraseMatcher<T> {

  /** One term occurrence: tokens {@code start} (inclusive) to {@code end} (exclusive). */
  record Match<T>(int start, int end, T value, String term) {

    int length() {
      return end - start;
    }

    boolean overlaps(Match<?> other) {
      return start < other.end && other.start < end;
    }
  }

  private record Term<T>(String[] pieces, boolean[] prefix, T value, String text, int order) {}

  private final Map<String, List<Term<T>>> byFirstWord = new TreeMap<>();
  private final List<Term<T>> prefixFirst = new ArrayList<>();
  private int count;

  void add(String term, T value) {
    String[] raw = term.strip().split("\\s+");
    List<String> pieces = new ArrayList<>();
    List<Boolean> prefix = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      boolean star = raw[i].endsWith("*");
      String body = star ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
      // a starred piece is one word prefix, kept as written ("ai-*" must not become "ai")
      List<String> tokens = star ? List.of(body.toLowerCase(Locale.ROOT)) : Tokenizer.words(body);
      for (int k = 0; k < tokens.size(); k++) {
        pieces.add(tokens.get(k));
        prefix.add(star && k == tokens.size() - 1);
      }
    }
    if (pieces.isEmpty()) {
      throw new IllegalArgumentException("empty term: '" + term + "'");
    }
    boolean[] prefixes = new boolean[prefix.size()];
    for (int i = 0; i < prefixes.length; i++) {
      prefixes[i] = prefix.get(i);
    }
    Term<T> t = new Term<>(pieces.toArray(String[]::new), prefixes, value, term, count++);
    if (prefixes[0]) {
      prefixFirst.add(t);
    } else {
      byFirstWord.computeIfAbsent(t.pieces[0], k -> new ArrayList<>()).add(t);
    }
  }

  /** Every occurrence of every term, by start, then longest first, then the order the terms were added. */
  List<Match<T>> findAll(List<String> tokens) {
    List<Match<T>> matches = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      List<Term<T>> candidates = byFirstWord.get(tokens.get(i));
      if (candidates != null) {
        for (Term<T> t : candidates) {
          matchAt(t, tokens, i, matches);
        }
      }
      for (Term<T> t : prefixFirst) {
        matchAt(t, tokens, i, matches);
      }
    }
    matches.sort(Comparator.<Match<T>>comparingInt(Match::start)
        .thenComparing(Comparator.<Match<T>>comparingInt(Match::length).reversed()));
    return matches;
  }

  /** The longest match at each place, never two overlapping (earlier and longer win). */
  List<Match<T>> findLongest(List<String> tokens) {
    List<Match<T>> chosen = new ArrayList<>();
    int end = 0;
    for (Match<T> m : findAll(tokens)) {
      if (m.start() >= end) {
        chosen.add(m);
        end = m.end();
      }
    }
    return chosen;
  }

  private void matchAt(Term<T> t, List<String> tokens, int at, List<Match<T>> out) {
    if (at + t.pieces.length > tokens.size()) {
      return;
    }
    for (int k = 0; k < t.pieces.length; k++) {
      String token = tokens.get(at + k);
      boolean ok = t.prefix[k] ? token.startsWith(t.pieces[k]) : token.equals(t.pieces[k]);
      if (!ok) {
        return;
      }
    }
    out.add(new Match<>(at, at + t.pieces.length, t.value, t.text));
  }
}
