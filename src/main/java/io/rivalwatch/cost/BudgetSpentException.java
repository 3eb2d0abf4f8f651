package io.rivalwatch.cost;

/**
 * A model call, or a whole analysis, that is not made because of the run's budget. A business outcome: the
 * analysis is marked as skipped (BPMN error {@code BUDGET_SPENT}) and the run goes on with what is done.
 */
public class BudgetSpentException extends RuntimeException {

  private final BudgetEvent event;

  public BudgetSpentException(BudgetEvent event) {
    super(event.reason());
    this.event = event;
  }

  public BudgetEvent event() {
    return event;
  }

  /** The status an analysis gets, e.g. "skipped: budget 82 % spent (...); strategy is optional". */
  public String status() {
    return "skipped: " + event.reason();
  }
}
