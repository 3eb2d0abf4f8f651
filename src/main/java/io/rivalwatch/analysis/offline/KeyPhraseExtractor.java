package io.rivalwatch.analysis.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Recurring themes: phrases of one to three content words (no stopword, no clause mark, not the competitor's own
 * name) that come back across documents.
 *
 * <p>Weight = documents containing it x (1 + ln occurrences) x (1 + 0.5 per extra word), so a phrase found in many
 * documents beats one repeated on a single page, and a recurring two-word phrase beats its single words. A phrase
 * must occur in at least two documents (or, when there is only one document, at least three times), and
 * multi-word phrases at least twice. The best phrases are taken greedily, skipping any that contains or is
 * contained in one already taken.
 */
final class KeyPhraseExtractor {

  static final int MAX_WORDS = 3;

  private final Stopwords stopwords;

  KeyPhraseExtractor(Stopwords stopwords) {
    this.stopwords = stopwords;
  }

  /**
   * @param key the phrase in lower case
   * @param display the phrase as most often written
   * @param occurrences how often it occurs
   * @param docIndexes the documents it occurs in, most occurrences first (then document order)
   * @param example the first sentence it occurs in
   */
  record KeyPhrase(
      String key, String display, int occurrences, List<Integer> docIndexes, double weight, Sentence example) {

    int documents() {
      return docIndexes.size();
    }

    int words() {
      return key.split(" ").length;
    }
  }

  private static final class Tally {
    int occurrences;
    final Map<Integer, Integer> perDocument = new TreeMap<>();
    final Map<String, Integer> surfaces = new TreeMap<>();
    Sentence example;
  }

  List<KeyPhrase> extract(List<Sentence> sentences, Set<String> excluded, int limit) {
    Set<Integer> documents = new TreeSet<>();
    for (Sentence s : sentences) {
      documents.add(s.docIndex());
    }
    boolean singleDocument = documents.size() == 1;
    // pass 1, cheap: occurrences and document count of every n-gram (sentences come in document order, so a
    // phrase's document count grows when its last document changes)
    Map<String, int[]> counts = new HashMap<>();
    forEachPhrase(sentences, excluded, (s, a, n, key) -> {
      int[] c = counts.computeIfAbsent(key, k -> new int[] {0, 0, -1});
      c[0]++;
      if (c[2] != s.docIndex()) {
        c[1]++;
        c[2] = s.docIndex();
      }
    });
    // pass 2: full tallies only for the phrases that recur
    Map<String, Tally> tallies = new TreeMap<>();
    forEachPhrase(sentences, excluded, (s, a, n, key) -> {
      int[] c = counts.get(key);
      boolean recurring = singleDocument ? c[0] >= 3 : c[1] >= 2;
      if (!recurring || n > 1 && c[0] < 2) {
        return;
      }
      Tally t = tallies.computeIfAbsent(key, k -> new Tally());
      t.occurrences++;
      t.perDocument.merge(s.docIndex(), 1, Integer::sum);
      t.surfaces.merge(s.span(a, a + n), 1, Integer::sum);
      if (t.example == null) {
        t.example = s;
      }
    });
    List<KeyPhrase> candidates = new ArrayList<>();
    tallies.forEach((key, t) -> {
      int words = key.split(" ").length;
      int docs = t.perDocument.size();
      double weight = docs * (1 + Math.log(t.occurrences)) * (1 + 0.5 * (words - 1));
      List<Map.Entry<Integer, Integer>> perDoc = new ArrayList<>(t.perDocument.entrySet());
      perDoc.sort(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
      List<Integer> docIndexes = new ArrayList<>();
      for (Map.Entry<Integer, Integer> e : perDoc) {
        docIndexes.add(e.getKey());
      }
      candidates.add(new KeyPhrase(key, mostFrequent(t.surfaces), t.occurrences, List.copyOf(docIndexes), weight,
          t.example));
    });
    candidates.sort(Comparator.comparingDouble(KeyPhrase::weight).reversed()
        .thenComparing(Comparator.comparingInt(KeyPhrase::words).reversed())
        .thenComparing(KeyPhrase::key));
    List<KeyPhrase> chosen = new ArrayList<>();
    for (KeyPhrase c : candidates) {
      if (chosen.size() >= limit) {
        break;
      }
      boolean overlaps = false;
      for (KeyPhrase k : chosen) {
        if (containsPhrase(k.key(), c.key()) || containsPhrase(c.key(), k.key())) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        chosen.add(c);
      }
    }
    return chosen;
  }

  private interface PhraseVisitor {
    void visit(Sentence sentence, int start, int words, String key);
  }

  /** Every n-gram of one to three content words that does not cross a stopword or clause mark. */
  private void forEachPhrase(List<Sentence> sentences, Set<String> excluded, PhraseVisitor visitor) {
    for (Sentence s : sentences) {
      List<String> tokens = s.tokens();
      int i = 0;
      while (i < tokens.size()) {
        if (!isContent(tokens.get(i), excluded)) {
          i++;
          continue;
        }
        int runEnd = i;
        while (runEnd < tokens.size() && isContent(tokens.get(runEnd), excluded)) {
          runEnd++;
        }
        for (int a = i; a < runEnd; a++) {
          for (int n = 1; n <= MAX_WORDS && a + n <= runEnd; n++) {
            visitor.visit(s, a, n, String.join(" ", tokens.subList(a, a + n)));
          }
        }
        i = runEnd;
      }
    }
  }

  private boolean isContent(String token, Set<String> excluded) {
    return stopwords.isContent(token) && !excluded.contains(token);
  }

  private static boolean containsPhrase(String outer, String inner) {
    return (" " + outer + " ").contains(" " + inner + " ");
  }

  /**
   * How to print it: in lower case if it is ever written so (capitals at a sentence start or in a title say
   * nothing), else the most frequent way of writing it (then alphabetical order).
   */
  private static String mostFrequent(Map<String, Integer> surfaces) {
    for (String s : surfaces.keySet()) {
      if (s.equals(s.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    String best = null;
    int bestCount = -1;
    for (Map.Entry<String, Integer> e : surfaces.entrySet()) {
      String s = e.getKey();
      int c = e.getValue();
      boolean better = c > bestCount
          || c == bestCount && s.equals(s.toLowerCase(Locale.ROOT)) && !best.equals(best.toLowerCase(Locale.ROOT));
      if (better) {
        best = s;
        bestCount = c;
      }
    }
    return best;
  }
}
