package io.rivalwatch.cost;

/**
 * How far a run has degraded to stay within its budget. Each step includes the ones before it: once stopped, no
 * model is called at all.
 */
public enum BudgetStep {
  /** Within budget: every analysis on its configured model. */
  NORMAL("normal"),
  /** Analyses use the cheaper model. */
  CHEAPER_MODEL("cheaper_model"),
  /** Optional analyses are skipped; essential ones still run, on the cheaper model. */
  SKIP_OPTIONAL("skip_optional"),
  /** The budget is spent (or the next call would overspend it): no more model calls in this run. */
  STOPPED("stopped");

  private final String id;

  BudgetStep(String id) {
    this.id = id;
  }

  /** The name in artefacts and the {@code step} tag of {@code rivalwatch.budget.steps}. */
  public String id() {
    return id;
  }

  public boolean atLeast(BudgetStep other) {
    return compareTo(other) >= 0;
  }
}
