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
 */
public record RunSettings(
    int extraResearchRounds,
    int minUsableDocuments,
    int reportAttempts,
    int maxSectionWords,
    List<String> emailRecipients) {

  public RunSettings {
    emailRecipients = emailRecipients == null ? List.of() : List.copyOf(emailRecipients);
  }
}
