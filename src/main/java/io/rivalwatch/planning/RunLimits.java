package io.rivalwatch.planning;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Caps that no request or watch list can exceed ({@code rivalwatch.limits.*}); see docs/watch-lists-and-limits.md.
 *
 * @param runBudgetUsd the most one run may spend on language models, in US dollars: a watch list's
 *     {@code settings.budgetUsd} or a request's {@code budgetUsd} may lower it, never raise it; a run that asks for no
 *     budget gets {@code rivalwatch.cost.run-budget-usd} capped by it. Null: no cap
 * @param competitorsPerRun the most competitors one watch list may name (checked at planning)
 * @param concurrentRuns the most runs in flight when {@code POST /api/runs} starts another
 * @param runStartsPerMinute the most runs {@code POST /api/runs} starts in a minute
 */
@ConfigurationProperties("rivalwatch.limits")
public record RunLimits(Double runBudgetUsd, Integer competitorsPerRun, Integer concurrentRuns,
    Integer runStartsPerMinute) {

  public static final String PREFIX = "rivalwatch.limits";
  public static final String RUN_BUDGET = PREFIX + ".run-budget-usd";
  public static final String COMPETITORS = PREFIX + ".competitors-per-run";
  public static final String CONCURRENT_RUNS = PREFIX + ".concurrent-runs";
  public static final String STARTS_PER_MINUTE = PREFIX + ".run-starts-per-minute";

  public RunLimits {
    competitorsPerRun = competitorsPerRun == null ? 50 : competitorsPerRun;
    concurrentRuns = concurrentRuns == null ? 5 : concurrentRuns;
    runStartsPerMinute = runStartsPerMinute == null ? 10 : runStartsPerMinute;
    if (runBudgetUsd != null && !(runBudgetUsd > 0)) {
      throw new IllegalArgumentException(RUN_BUDGET + " must be above 0, was " + runBudgetUsd
          + ". Fix: set the most one run may spend in US dollars, e.g. 25.00, or leave it empty for no cap");
    }
    if (competitorsPerRun < 1 || concurrentRuns < 1 || runStartsPerMinute < 1) {
      throw new IllegalArgumentException(COMPETITORS + ", " + CONCURRENT_RUNS + " and " + STARTS_PER_MINUTE
          + " must be at least 1. Fix: e.g. 50, 5 and 10");
    }
  }

  /** No budget cap, and the default counts. */
  public static RunLimits defaults() {
    return new RunLimits(null, null, null, null);
  }

  /** {@code budgetUsd} within the budget cap: the cap where none was asked for, the lower of both otherwise. */
  public Double capBudget(Double budgetUsd) {
    if (runBudgetUsd == null) {
      return budgetUsd;
    }
    return budgetUsd == null ? runBudgetUsd : Math.min(budgetUsd, runBudgetUsd);
  }

  /**
   * Why a budget asked for is refused, if it is: above the cap, or not an amount.
   *
   * @param field where it was asked for ({@code budgetUsd} of the request, or {@code settings.budgetUsd})
   */
  public java.util.Optional<String> budgetProblem(String field, Double budgetUsd) {
    if (budgetUsd == null) {
      return java.util.Optional.empty();
    }
    if (!(budgetUsd > 0) || budgetUsd.isInfinite()) {
      return java.util.Optional.of(field + ": " + budgetUsd + " is not an amount of US dollars above 0. Fix: ask for a"
          + " budget such as 2.50, or leave it out");
    }
    if (runBudgetUsd != null && budgetUsd > runBudgetUsd) {
      return java.util.Optional.of(field + ": USD " + budgetUsd + " is above the budget cap of USD " + runBudgetUsd
          + " per run (set by " + RUN_BUDGET + " on the server). Fix: ask for at most " + runBudgetUsd
          + ", or leave it out to get the cap; only the operator can raise the cap");
    }
    return java.util.Optional.empty();
  }
}
