package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.research.SourceDocument;
import java.util.List;
import java.util.Map;

/**
 * Everything the report says about one analysed competitor.
 *
 * @param analyses the analyses that finished, by kind
 * @param failedAnalyses why an analysis is missing, by kind
 * @param since what changed since the last delivered report of the watch list
 * @param analysisLinks where each finished analysis can be read in full
 * @param reusedFrom for analyses reused because their documents had not changed: the run that made them
 * @param claims how many findings were verified against their sources and how many were dropped, per analysis
 */
record CompetitorSection(
    String competitorId,
    String name,
    String researchNote,
    List<SourceDocument> documents,
    Map<AnalysisKind, AnalysisResult> analyses,
    Map<AnalysisKind, String> failedAnalyses,
    SinceLastRun since,
    Map<AnalysisKind, String> analysisLinks,
    Map<AnalysisKind, String> reusedFrom,
    ClaimCount claims) {

  CompetitorSection {
    claims = claims == null ? ClaimCount.NONE : claims;
  }

  /** A section whose claims were not checked (no claim counted). */
  CompetitorSection(String competitorId, String name, String researchNote, List<SourceDocument> documents,
      Map<AnalysisKind, AnalysisResult> analyses, Map<AnalysisKind, String> failedAnalyses, SinceLastRun since,
      Map<AnalysisKind, String> analysisLinks, Map<AnalysisKind, String> reusedFrom) {
    this(competitorId, name, researchNote, documents, analyses, failedAnalyses, since, analysisLinks, reusedFrom,
        ClaimCount.NONE);
  }

  /** "What changed since the last delivered report", one line each. */
  List<String> changes() {
    return since.lines();
  }
}
