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
 * @param changes lines for "since the last run", each citing where it comes from
 * @param analysisLinks where each finished analysis can be read in full
 */
record CompetitorSection(
    String competitorId,
    String name,
    String researchNote,
    List<SourceDocument> documents,
    Map<AnalysisKind, AnalysisResult> analyses,
    Map<AnalysisKind, String> failedAnalyses,
    List<String> changes,
    Map<AnalysisKind, String> analysisLinks) {}
