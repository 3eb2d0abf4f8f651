package io.rivalwatch.planning;

import java.util.List;

/**
 * Settings of one run, read from the run configuration beside the competitor list.
 *
 * @param extraResearchRounds how many times research may go back for more before a competitor is judged
 * @param minUsableDocuments documents a competitor needs for its research to count as sufficient
 * @param reportAttempts how many drafts the quality check may send back before the report goes to review anyway
 * @param maxSectionWords the longest a competitor's section of the report may be
 * @param emailRecipients who gets the approved report by e-mail
 * @param minCompleteShare the share of competitors (0 to 1) that must have all three analyses for the run to
 *     report; below it the run takes its failure path
 */
public record RunSettings(
    int extraResearchRounds,
    int minUsableDocuments,
    int reportAttempts,
    int maxSectionWords,
    List<String> emailRecipients,
    double minCompleteShare) {

  public static final double DEFAULT_MIN_COMPLETE_SHARE = 0.5;

  public RunSettings {
    emailRecipients = emailRecipients == null ? List.of() : List.copyOf(emailRecipients);
  }

  /** Settings with the default share of complete competitors. */
  public RunSettings(int extraResearchRounds, int minUsableDocuments, int reportAttempts, int maxSectionWords,
      List<String> emailRecipients) {
    this(extraResearchRounds, minUsableDocuments, reportAttempts, maxSectionWords, emailRecipients,
        DEFAULT_MIN_COMPLETE_SHARE);
  }
}
