package io.rivalwatch.synthesis;

import io.rivalwatch.synthesis.DocumentComparison.DocumentStatus;
import java.util.List;
import java.util.Map;

/**
 * What a competitor's section says about the previous run that analysed it.
 *
 * @param previousRun that run, or null when none did
 * @param documents each of this run's documents' status against that run, by address (empty without one)
 * @param gone how many of that run's documents were not read this time
 * @param lines "What changed since the last run", one line each, citing where each comes from
 */
record SinceLastRun(String previousRun, Map<String, DocumentStatus> documents, int gone, List<String> lines) {

  SinceLastRun {
    documents = Map.copyOf(documents);
    lines = List.copyOf(lines);
  }

  static SinceLastRun firstRun() {
    return new SinceLastRun(null, Map.of(), 0, List.of());
  }

  boolean hasPrevious() {
    return previousRun != null;
  }

  long count(DocumentStatus status) {
    return documents.values().stream().filter(status::equals).count();
  }
}
