package io.rivalwatch.analysis.offline;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the sentence that best represents a set of candidates: the one whose content words recur across the
 * most documents of the corpus (a centroid score). Score = sum over its distinct content words of the number of
 * documents containing the word, divided by the square root of its content-word count (so long sentences do
 * not win by length alone); sentences of 6 to 40 words are preferred, a document's opening lines get a small
 * bonus, and ties go to document order.
 */
final class ExtractiveSummarizer {

  private final Stopwords stopwords;

  ExtractiveSummarizer(Stopwords stopwords) {
    this.stopwords = stopwords;
  }

  Optional<Sentence> mostRepresentative(Corpus corpus, List<Sentence> candidates) {
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Set<Integer>> docsOfWord = new HashMap<>();
    for (Sentence s : corpus.sentences()) {
      for (String t : s.tokens()) {
        if (stopwords.isContent(t)) {
          docsOfWord.computeIfAbsent(t, k -> new HashSet<>()).add(s.docIndex());
        }
      }
    }
    Sentence best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Sentence s : candidates) {
      double score = score(s, docsOfWord);
      if (score > bestScore || score == bestScore && Sentence.compareByPlace(s, best) < 0) {
        best = s;
        bestScore = score;
      }
    }
    return Optional.of(best);
  }

  private double score(Sentence s, Map<String, Set<Integer>> docsOfWord) {
    Set<String> words = new HashSet<>();
    for (String t : s.tokens()) {
      if (stopwords.isContent(t)) {
        words.add(t);
      }
    }
    if (words.isEmpty()) {
      return 0;
    }
    double sum = 0;
    for (String w : words) {
      Set<Integer> docs = docsOfWord.get(w);
      sum += docs == null ? 0 : docs.size();
    }
    double score = sum / Math.sqrt(words.size());
    int count = s.wordCount();
    if (count < 6 || count > 40) {
      score *= 0.5;
    }
    if (s.position() <= 2) {
      score *= 1.1;
    }
    return score;
  }
}
