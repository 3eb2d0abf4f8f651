package io.rivalwatch.analysis;

/**
 * One finished analysis of one competitor in a run.
 *
 * @param result what the report prints
 * @param provenance whether the analyser ran in this run or an earlier result was reused, and why
 */
public record AnalysisOutcome(AnalysisResult result, AnalysisProvenance provenance) {}
