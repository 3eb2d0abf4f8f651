package io.rivalwatch.research;

/**
 * What the competitor-research process returns for one competitor (built by the call activity's output mapping).
 *
 * @param research the last sufficiency decision: sufficient or skip (null if research never finished)
 * @param researchNote why, in a sentence
 * @param sentiment "done: ..." or "failed: ..." (null when not analysed)
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

  public boolean skipped() {
    return !SufficiencyVerdict.SUFFICIENT.equals(research);
  }

  /** True when at least one analysis of the competitor finished. */
  public boolean analysed() {
    return !skipped() && (isDone(sentiment) || isDone(strategy) || isDone(positioning));
  }

  /** True when all three analyses finished. */
  public boolean complete() {
    return !skipped() && isDone(sentiment) && isDone(strategy) && isDone(positioning);
  }

  public static boolean isDone(String status) {
    return status != null && status.startsWith("done");
  }
}
