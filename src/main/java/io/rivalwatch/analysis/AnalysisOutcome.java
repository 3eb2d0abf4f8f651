package io.rivalwatch.analysis;

/**
 * One finished analysis of one competitor in a run.
 *
 * @param result what the report prints
 * @param provenance whether the analyser ran in this run or an earlier result was reused, and why
 * @param budgetNote how the run's budget changed it, e.g. "with amazon.nova-lite-v1:0 (budget 62 % spent)"; null
 *     when it did not
 */
public record AnalysisOutcome(AnalysisResult result, AnalysisProvenance provenance, String budgetNote) {

  public AnalysisOutcome(AnalysisResult result, AnalysisProvenance provenance) {
    this(result, provenance, null);
  }
}
