package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactFormat;
import java.util.List;

/**
 * The stored result of gathering one source kind for one competitor in one round.
 *
 * @param failure why the source gave nothing when it failed for good (retries used up), else null
 */
public record GatheredSource(
    SourceKind kind, int round, List<SourceDocument> documents, List<String> problems, String failure) {
  static final ArtefactFormat<GatheredSource> FORMAT = ArtefactFormat.of("gathered-source", GatheredSource.class);

  public GatheredSource {
    documents = documents == null ? List.of() : List.copyOf(documents);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  /** Short status for the process variable, e.g. "3 documents", "failed: HTTP 503 after 3 attempts". */
  public String status() {
    if (failure != null) {
      return "failed: " + failure;
    }
    String text = documents.size() + (documents.size() == 1 ? " document" : " documents");
    if (!problems.isEmpty()) {
      text += " (" + problems.size() + (problems.size() == 1 ? " address failed: " : " addresses failed, first: ")
          + problems.get(0) + ")";
    }
    return text;
  }
}
