package io.rivalwatch.analysis;

import io.rivalwatch.artefact.ArtefactFormat;
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
 * @param madeBy which link of the task's fallback chain made it and why; null when the analyser has no chain (the
 *     offline provider) or for results stored before chains existed
 */
public record AnalysisResult(
    AnalysisKind kind,
    String competitorId,
    String producedBy,
    String summary,
    List<Finding> findings,
    Map<String, Object> metrics,
    MadeBy madeBy) {
  static final ArtefactFormat<AnalysisResult> FORMAT = ArtefactFormat.of("analysis-result", AnalysisResult.class);

  /** A result of an analyser without a fallback chain. */
  public AnalysisResult(AnalysisKind kind, String competitorId, String producedBy, String summary,
      List<Finding> findings, Map<String, Object> metrics) {
    this(kind, competitorId, producedBy, summary, findings, metrics, null);
  }

  /** The same result, recorded as made by this link of the chain. */
  public AnalysisResult madeBy(MadeBy link) {
    return new AnalysisResult(kind, competitorId, producedBy, summary, findings, metrics, link);
  }

  /** True when a fallback model or the offline analyser made it instead of the task's own model. */
  public boolean degraded() {
    return madeBy != null && madeBy.degraded();
  }

  public AnalysisResult {
    findings = List.copyOf(findings);
    // sorted, so the same input always prints the same report
    metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
  }
}
