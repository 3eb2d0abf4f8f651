package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import java.util.Set;
import java.util.TreeSet;

/** Words that carry no theme of their own (see {@code analysis/stopwords.txt}). */
final class Stopwords {

  private final Set<String> words;

  private Stopwords(Set<String> words) {
    this.words = Set.copyOf(words);
  }

  static Stopwords load() {
    Set<String> words = new TreeSet<>();
    for (String[] row : ResourceTable.rows("stopwords.txt", 1)) {
      words.add(row[0]);
    }
    return new Stopwords(words);
  }

  boolean contains(String token) {
    return words.contains(token);
  }

  /** A token that can be part of a key phrase: a word of two or more letters, not a stopword. */
  boolean isContent(String token) {
    return token.length() >= 2 && Tokenizer.isWord(token) && !Tokenizer.isClauseMark(token) && !words.contains(token);
  }
}
