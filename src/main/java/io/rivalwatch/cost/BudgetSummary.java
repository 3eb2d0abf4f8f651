package io.rivalwatch.cost;

import java.util.List;

/**
 * A run's budget for the report footer and the run record.
 *
 * @param limitUsd the budget, or null when the run had none
 * @param spentUsd what the run spent on models, as recorded
 * @param steps the degradation steps taken, in words and in order, e.g. "switched analyses to amazon.nova-micro-v1:0
 *     at 61 % of the budget (02:14 UTC)"; empty when none was needed
 */
public record BudgetSummary(Double limitUsd, double spentUsd, List<String> steps) {

  public BudgetSummary {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public static BudgetSummary none(double spentUsd) {
    return new BudgetSummary(null, spentUsd, List.of());
  }

  public boolean limited() {
    return limitUsd != null;
  }
}
