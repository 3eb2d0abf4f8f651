package io.rivalwatch.synthesis;

import io.rivalwatch.synthesis.DocumentComparison.DocumentStatus;
import java.util.List;
import java.util.Map;

/**
 * What a competitor's section says about the baseline: the last delivered report of the run's watch list.
 *
 * @param previousRun that report's run, or null when there is none or it did not cover the competitor
 * @param documents each of this run's documents' status against that run, by address (empty without one)
 * @param gone how many of that run's documents were not read this time
 * @param lines "What changed since the last delivered report", one line each, citing where each comes from
 */
record SinceLastRun(String previousRun, Map<String, DocumentStatus> documents, int gone, List<String> lines) {

  SinceLastRun {
    documents = Map.copyOf(documents);
    lines = List.copyOf(lines);
  }

  /** Nothing to compare with; {@code lines} say why (no delivered report yet, or not in it). */
  static SinceLastRun firstRun(List<String> lines) {
    return new SinceLastRun(null, Map.of(), 0, lines);
  }

  boolean hasPrevious() {
    return previousRun != null;
  }

  long count(DocumentStatus status) {
    return documents.values().stream().filter(status::equals).count();
  }
}
