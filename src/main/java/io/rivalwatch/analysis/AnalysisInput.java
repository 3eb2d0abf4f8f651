package io.rivalwatch.analysis;

import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.research.SourceDocument;
import java.util.List;

/**
 * Everything one analysis of one competitor may use.
 *
 * @param runId the run it is for (to account model usage to), or null outside a run
 * @param competitorId configuration id of the competitor
 * @param competitorName display name
 * @param documents the documents research gathered for it in this run
 * @param memory what the memory store returned for this analysis' question (earlier runs only)
 * @param cheaperModel true when the run's budget asks for the analyser's cheaper model ({@link
 *     Analyser#cheaperModel})
 */
public record AnalysisInput(
    String runId, String competitorId, String competitorName, List<SourceDocument> documents,
    List<MemoryHit> memory, boolean cheaperModel) {

  /** An input for the analyser's configured model. */
  public AnalysisInput(String runId, String competitorId, String competitorName, List<SourceDocument> documents,
      List<MemoryHit> memory) {
    this(runId, competitorId, competitorName, documents, memory, false);
  }

  public AnalysisInput {
    documents = List.copyOf(documents);
    memory = memory == null ? List.of() : List.copyOf(memory);
  }

  /** An input outside any run (tests, tools). */
  public AnalysisInput(
      String competitorId, String competitorName, List<SourceDocument> documents, List<MemoryHit> memory) {
    this(null, competitorId, competitorName, documents, memory);
  }
}
