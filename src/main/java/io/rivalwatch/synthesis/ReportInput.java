package io.rivalwatch.synthesis;

import io.rivalwatch.cost.BudgetSummary;
import io.rivalwatch.cost.RunCost;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one revision of the report is written from.
 *
 * @param producers who produced the analyses (model ids or the offline analyser's label)
 * @param executiveSummary the model-written summary, or null without one
 * @param missing one line per thing the report could not cover: skipped competitors, failed sources and analyses
 * @param revisionNotes what this revision changed and why (quality findings, reviewer comments)
 * @param compress competitor ids whose sections must be shortened to the word budget
 * @param cost model usage of the run so far, for the footer
 * @param budget the run's budget and the steps it took to stay within it, for the footer
 * @param audit the run's audit trail so far, one plain-text line per entry (who started it, earlier review decisions),
 *     for the footer
 * @param summaryClaims what the claim check found in the executive summary's sentences
 */
record ReportInput(
    String runId,
    Instant generatedAt,
    int revision,
    Set<String> producers,
    String executiveSummary,
    List<CompetitorSection> sections,
    List<String> missing,
    List<String> revisionNotes,
    Set<String> compress,
    int maxSectionWords,
    RunCost cost,
    BudgetSummary budget,
    List<String> audit,
    SummaryClaims summaryClaims) {

  ReportInput {
    // sorted, so the "Analyses by" line reads the same from a stored input as from the run (docs/rebuilding-reports.md)
    producers = producers == null ? java.util.Collections.emptySortedSet()
        : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(producers));
    audit = audit == null ? List.of() : List.copyOf(audit);
    summaryClaims = summaryClaims == null ? SummaryClaims.NONE : summaryClaims;
  }

  /** An input whose executive summary was not checked sentence by sentence. */
  ReportInput(String runId, Instant generatedAt, int revision, Set<String> producers, String executiveSummary,
      List<CompetitorSection> sections, List<String> missing, List<String> revisionNotes, Set<String> compress,
      int maxSectionWords, RunCost cost, BudgetSummary budget, List<String> audit) {
    this(runId, generatedAt, revision, producers, executiveSummary, sections, missing, revisionNotes, compress,
        maxSectionWords, cost, budget, audit, SummaryClaims.NONE);
  }

  /** An input with no audit trail to show. */
  ReportInput(String runId, Instant generatedAt, int revision, Set<String> producers, String executiveSummary,
      List<CompetitorSection> sections, List<String> missing, List<String> revisionNotes, Set<String> compress,
      int maxSectionWords, RunCost cost, BudgetSummary budget) {
    this(runId, generatedAt, revision, producers, executiveSummary, sections, missing, revisionNotes, compress,
        maxSectionWords, cost, budget, List.of());
  }

  /** An input for a run without a budget. */
  ReportInput(String runId, Instant generatedAt, int revision, Set<String> producers, String executiveSummary,
      List<CompetitorSection> sections, List<String> missing, List<String> revisionNotes, Set<String> compress,
      int maxSectionWords, RunCost cost) {
    this(runId, generatedAt, revision, producers, executiveSummary, sections, missing, revisionNotes, compress,
        maxSectionWords, cost, BudgetSummary.none(cost == null ? 0 : cost.costUsd()));
  }
}
