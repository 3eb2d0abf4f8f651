package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores one sentence from the lexicon.
 *
 * <p>Each sentiment term (the longest match wins, so "data breach" counts once) contributes its weight, changed by
 * what stands before it in the same clause (a clause mark , ; : ! ? ( ) ends the look-back):
 *
 * <ul>
 *   <li>a negation up to three tokens before it flips the sign and keeps 80% of the strength ("not good" is
 *       weaker than "bad"); "not only" is not a negation;
 *   <li>an intensifier or downtoner one or two tokens before it multiplies the weight ("very slow" x1.5,
 *       "slightly slow" x0.5);
 *   <li>in a sentence with "but" or "however", terms before it count 0.6 and terms after it 1.4, since the
 *       second half is what the writer stresses.
 * </ul>
 *
 * <p>The sentence score is {@code tanh(raw / 3)}: always in (-1, 1), close to linear for a single mild term
 * (one weight-1 term gives 0.32) and saturating for piles of strong terms (raw 3 gives 0.76, raw 6 gives 0.96).
 */
final class SentimentScorer {

  static final double NEGATION_FACTOR = -0.8;
  static final int NEGATION_WINDOW = 3;
  static final int MODIFIER_WINDOW = 2;
  static final double SCALE = 3.0;

  /** Sentences scoring at least this far from zero count as positive or negative. */
  static final double POLARITY_THRESHOLD = 0.05;

  private final SentimentLexicon lexicon;

  SentimentScorer(SentimentLexicon lexicon) {
    this.lexicon = lexicon;
  }

  /**
   * @param raw sum of the modified term weights
   * @param score {@code tanh(raw / 3)}
   * @param terms the contributing terms as written, each with its modified weight, in sentence order
   */
  record Scored(Sentence sentence, double raw, double score, List<Term> terms) {

    boolean positive() {
      return score >= POLARITY_THRESHOLD;
    }

    boolean negative() {
      return score <= -POLARITY_THRESHOLD;
    }

    /** Has sentiment terms at all (their weights may cancel out). */
    boolean opinionated() {
      return !terms.isEmpty();
    }
  }

  /**
   * A contributing term: as written in the sentence, its lexicon form, whether a negation flipped it and its
   * modified weight.
   */
  record Term(String surface, String lemma, boolean negated, double weight) {

    /** The lexicon form, with "not " in front if it was negated. */
    String label() {
      return negated ? "not " + lemma : lemma;
    }
  }

  Scored score(Sentence sentence) {
    List<String> tokens = sentence.tokens();
    int contrast = -1;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t.equals("but") || t.equals("however")) {
        contrast = i;
        break;
      }
    }
    double raw = 0;
    List<Term> terms = new ArrayList<>();
    for (PhraseMatcher.Match<Double> m : lexicon.terms().findLongest(tokens)) {
      double weight = m.value();
      if (weight == 0) {
        continue;
      }
      weight *= modifierBefore(tokens, m.start());
      boolean negated = negatedBefore(tokens, m.start());
      if (negated) {
        weight *= NEGATION_FACTOR;
      }
      if (contrast >= 0) {
        weight *= m.start() < contrast ? 0.6 : 1.4;
      }
      raw += weight;
      terms.add(new Term(sentence.span(m.start(), m.end()), m.term(), negated, weight));
    }
    return new Scored(sentence, raw, Math.tanh(raw / SCALE), List.copyOf(terms));
  }

  private boolean negatedBefore(List<String> tokens, int at) {
    boolean negated = false;
    for (int j = at - 1; j >= 0 && j >= at - NEGATION_WINDOW; j--) {
      String t = tokens.get(j);
      if (Tokenizer.isClauseMark(t)) {
        break;
      }
      if (lexicon.isNegation(t) && !(t.equals("not") && j + 1 < tokens.size() && tokens.get(j + 1).equals("only"))) {
        negated = !negated;
      }
    }
    return negated;
  }

  private double modifierBefore(List<String> tokens, int at) {
    for (int j = at - 1; j >= 0 && j >= at - MODIFIER_WINDOW; j--) {
      String t = tokens.get(j);
      if (Tokenizer.isClauseMark(t)) {
        break;
      }
      Double factor = lexicon.modifier(t);
      if (factor != null) {
        return factor;
      }
    }
    return 1.0;
  }
}
