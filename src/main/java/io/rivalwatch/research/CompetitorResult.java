package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactFormat;

/**
 * What the competitor-research process returns for one competitor (built by the call activity's output mapping).
 *
 * @param research the last sufficiency decision: sufficient or skip (null if research never finished)
 * @param researchNote why, in a sentence
 * @param sentiment "done: ...", "failed: ..." or "skipped: budget ..." (null when not analysed)
 * @param strategy same, for strategic patterns
 * @param positioning same, for competitive positioning
 */
public record CompetitorResult(
    String competitorId,
    String research,
    String researchNote,
    String sentiment,
    String strategy,
    String positioning) {
  static final ArtefactFormat<CompetitorResult> FORMAT = ArtefactFormat.of("competitor-result", CompetitorResult.class);

  public boolean skipped() {
    return !SufficiencyVerdict.SUFFICIENT.equals(research);
  }

  /** True when at least one analysis of the competitor finished. */
  public boolean analysed() {
    return !skipped() && (isDone(sentiment) || isDone(strategy) || isDone(positioning));
  }

  /**
   * True when all three analyses finished, or those that did not were left out on purpose to keep the run within
   * its budget (and at least one finished): a budget is not a failure.
   */
  public boolean complete() {
    return analysed() && doneOrLeftOut(sentiment) && doneOrLeftOut(strategy) && doneOrLeftOut(positioning);
  }

  public static boolean isDone(String status) {
    return status != null && status.startsWith("done");
  }

  /** True for an analysis the run's budget left out ("skipped: budget ..."). */
  public static boolean isSkippedForBudget(String status) {
    return status != null && status.startsWith("skipped: budget");
  }

  private static boolean doneOrLeftOut(String status) {
    return isDone(status) || isSkippedForBudget(status);
  }
}
