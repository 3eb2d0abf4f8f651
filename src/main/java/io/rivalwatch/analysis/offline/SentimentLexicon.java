package io.rivalwatch.analysis.offline;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sentiment word lists: weighted terms ({@code analysis/sentiment-lexicon.tsv}) and the words that modify
 * them ({@code analysis/sentiment-modifiers.tsv}).
 */
final class SentimentLexicon {

  private final PhraseMatcher<Double> terms;
  private final Set<String> negations;
  private final Map<String, Double> modifiers;

  private SentimentLexicon(PhraseMatcher<Double> terms, Set<String> negations, Map<String, Double> modifiers) {
    this.terms = terms;
    this.negations = Set.copyOf(negations);
    this.modifiers = Map.copyOf(modifiers);
  }

  static SentimentLexicon load() {
    PhraseMatcher<Double> terms = new PhraseMatcher<>();
    for (String[] row : ResourceTable.rows("sentiment-lexicon.tsv", 2)) {
      double weight = Double.parseDouble(row[1]);
      if (weight < -3 || weight > 3) {
        throw new IllegalStateException("sentiment weight out of [-3, 3]: " + String.join(" ", row));
      }
      terms.add(row[0], weight);
    }
    Set<String> negations = new TreeSet<>();
    Map<String, Double> modifiers = new TreeMap<>();
    for (String[] row : ResourceTable.rows("sentiment-modifiers.tsv", 3)) {
      switch (row[0]) {
        case "negation" -> negations.add(row[1]);
        case "intensifier", "downtoner" -> modifiers.put(row[1], Double.parseDouble(row[2]));
        default -> throw new IllegalStateException("unknown modifier type: " + row[0]);
      }
    }
    return new SentimentLexicon(terms, negations, modifiers);
  }

  PhraseMatcher<Double> terms() {
    return terms;
  }

  /** "not", "never", ... and any contraction ending in n't. */
  boolean isNegation(String token) {
    return negations.contains(token) || token.endsWith("n't");
  }

  /** The multiplier of an intensifier or downtoner, or null. */
  Double modifier(String token) {
    return modifiers.get(token);
  }
}
