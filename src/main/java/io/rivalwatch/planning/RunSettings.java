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
 * @param fullRefresh true to analyse every competitor again; false (the default, "refresh: incremental") to reuse
 *     an earlier analysis whose documents have not changed
 * @param budgetUsd what this run may spend on language models, in US dollars ({@code settings.budgetUsd}); null to
 *     use the application's {@code rivalwatch.cost.run-budget-usd} (no budget when that is unset too)
 * @param review when the review is due, who is reminded, and what happens when nobody decides
 */
public record RunSettings(
    int extraResearchRounds,
    int minUsableDocuments,
    int reportAttempts,
    int maxSectionWords,
    List<String> emailRecipients,
    double minCompleteShare,
    boolean fullRefresh,
    Double budgetUsd,
    ReviewTiming review) {

  public static final double DEFAULT_MIN_COMPLETE_SHARE = 0.5;
  /** The value of {@code settings.refresh} and of the start variable {@code refresh} that analyses everything. */
  public static final String REFRESH_FULL = "full";
  /** The default refresh: reuse analyses whose documents have not changed since they were made. */
  public static final String REFRESH_INCREMENTAL = "incremental";

  public RunSettings {
    emailRecipients = emailRecipients == null ? List.of() : List.copyOf(emailRecipients);
    // a configuration frozen before review timing existed has none: it gets the defaults
    review = review == null ? ReviewTiming.defaults() : review;
  }

  /** Settings without a budget of their own and with the default review timing. */
  public RunSettings(int extraResearchRounds, int minUsableDocuments, int reportAttempts, int maxSectionWords,
      List<String> emailRecipients, double minCompleteShare, boolean fullRefresh) {
    this(extraResearchRounds, minUsableDocuments, reportAttempts, maxSectionWords, emailRecipients,
        minCompleteShare, fullRefresh, null, null);
  }

  /** Settings with the default share of complete competitors. */
  public RunSettings(int extraResearchRounds, int minUsableDocuments, int reportAttempts, int maxSectionWords,
      List<String> emailRecipients) {
    this(extraResearchRounds, minUsableDocuments, reportAttempts, maxSectionWords, emailRecipients,
        DEFAULT_MIN_COMPLETE_SHARE, false);
  }

  /** Settings with an incremental refresh. */
  public RunSettings(int extraResearchRounds, int minUsableDocuments, int reportAttempts, int maxSectionWords,
      List<String> emailRecipients, double minCompleteShare) {
    this(extraResearchRounds, minUsableDocuments, reportAttempts, maxSectionWords, emailRecipients,
        minCompleteShare, false);
  }

  public RunSettings withFullRefresh(boolean full) {
    return new RunSettings(extraResearchRounds, minUsableDocuments, reportAttempts, maxSectionWords, emailRecipients,
        minCompleteShare, full, budgetUsd, review);
  }

  /**
   * Reads a refresh mode as written in the run configuration or the start variable.
   *
   * @return true for "full", false for "incremental", null for anything else
   */
  public static Boolean fullRefresh(String refresh) {
    if (refresh == null) {
      return null;
    }
    return switch (refresh.strip().toLowerCase(java.util.Locale.ROOT)) {
      case REFRESH_FULL -> true;
      case REFRESH_INCREMENTAL -> false;
      default -> null;
    };
  }

  /** What to write instead of a refresh mode that is not one. */
  public static String refreshFix() {
    return "Fix: write " + REFRESH_INCREMENTAL + " (the default: reuse analyses whose documents did not change) or "
        + REFRESH_FULL + " (analyse every competitor again)";
  }
}
