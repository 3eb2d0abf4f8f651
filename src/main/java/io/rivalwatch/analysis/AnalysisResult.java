package io.rivalwatch.analysis;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one analysis of one competitor, stored as an artefact and read by synthesis.
 *
 * @param kind which analysis
 * @param competitorId configuration id of the competitor
 * @param producedBy who produced it, printed in the report: a model id, or the offline analyser's label
 * @param summary two or three sentences
 * @param findings the claims, each with its sources
 * @param metrics numbers worth printing, for example {"score": 0.31, "documents": 12}. The report's summary table
 *     reads "score" (sentiment, -1 to 1), "segmentCounts" (positioning: segment to count) and "pricePoints"
 *     (positioning: a list, most telling first); every analyser should fill these where it can
 */
public record AnalysisResult(
    AnalysisKind kind,
    String competitorId,
    String producedBy,
    String summary,
    List<Finding> findings,
    Map<String, Object> metrics) {

  public AnalysisResult {
    findings = List.copyOf(findings);
    // sorted, so the same input always prints the same report
    metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
  }
}
