package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import io.rivalwatch.research.SourceKind;
import java.util.List;

/**
 * One sentence of one gathered document, with its tokens.
 *
 * @param docIndex index of its document in {@link Corpus#documents()}
 * @param position order within the document (the title, if used, is 0)
 * @param url the document's URL, for citing
 * @param kind the document's source kind (may be null if research did not say)
 * @param text the sentence as written (cleaned)
 * @param tokens lower-case tokens, see {@link Tokenizer}
 * @param fromTitle whether it is the document's title rather than a sentence of its text
 */
record Sentence(
    int docIndex,
    int position,
    String url,
    SourceKind kind,
    String text,
    List<String> tokens,
    int[] starts,
    int[] ends,
    boolean fromTitle) {

  /** The text of tokens {@code from} (inclusive) to {@code to} (exclusive) as written. */
  String span(int from, int to) {
    return text.substring(starts[from], ends[to - 1]);
  }

  int wordCount() {
    int n = 0;
    for (String t : tokens) {
      if (!Tokenizer.isClauseMark(t)) {
        n++;
      }
    }
    return n;
  }

  /** Document order, then position: the deterministic tie-breaker used everywhere. */
  static int compareByPlace(Sentence a, Sentence b) {
    int c = Integer.compare(a.docIndex, b.docIndex);
    return c != 0 ? c : Integer.compare(a.position, b.position);
  }
}
