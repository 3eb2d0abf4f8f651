package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import java.util.List;
import java.util.Map;

/**
 * What the executive summary is written from.
 *
 * @param competitors the analysed competitors with their finished analyses and what changed since the last run
 * @param missing what the report cannot cover, one line each
 * @param qualityFindings what the quality check found wrong with the previous revision (empty on the first)
 * @param reviewerComments what the reviewer asked to change, or null
 * @param maxWords the longest the summary may be
 */
public record SummaryRequest(
    String runId,
    int revision,
    List<Competitor> competitors,
    List<String> missing,
    List<String> qualityFindings,
    String reviewerComments,
    int maxWords) {

  /** One analysed competitor. */
  public record Competitor(
      String competitorId, String name, Map<AnalysisKind, AnalysisResult> analyses, List<String> changes) {}
}
