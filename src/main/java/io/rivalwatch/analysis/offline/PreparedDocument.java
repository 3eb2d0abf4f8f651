package io.rivalwatch.analysis.offline;

import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.util.List;

/**
 * A gathered document after cleaning and sentence splitting.
 *
 * @param index position in {@link Corpus#documents()}
 * @param source the document as research gathered it
 * @param title cleaned title (never null, may be empty)
 * @param text cleaned and capped text (never null)
 * @param sentences its sentences, without those already seen in an earlier document
 */
record PreparedDocument(int index, SourceDocument source, String title, String text, List<Sentence> sentences) {

  String url() {
    return source.url();
  }

  SourceKind kind() {
    return source.kind();
  }
}
