package io.rivalwatch.cost;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * A run's budget in words: the report footer's and the run record's summary, and the one-line status of a process
 * variable. Reads the decisions {@link RunBudget} took from their {@link BudgetRecords}; decides nothing.
 */
@Service
public class BudgetReport {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final ModelUsageLedger ledger;
  private final RunBudget budget;
  private final BudgetRecords records;

  @Autowired
  public BudgetReport(ModelUsageLedger ledger, RunBudget budget, BudgetRecords records) {
    this.ledger = ledger;
    this.budget = budget;
    this.records = records;
  }

  /** The report of this budget, over its own records (tests, tools). */
  public BudgetReport(ModelUsageLedger ledger, RunBudget budget) {
    this(ledger, budget, budget.records());
  }

  /** The budget, what was spent, and the steps taken in words. */
  public BudgetSummary summary(String runId) {
    double spent = ledger.cost(runId).costUsd();
    BudgetPolicy policy = budget.policy(runId);
    if (!policy.limited()) {
      return BudgetSummary.none(spent);
    }
    List<BudgetEvent> events = records.events(runId);
    List<String> steps = new ArrayList<>();
    for (BudgetEvent e : events) {
      if (e.competitorId() != null) {
        continue;
      }
      if (e.is(BudgetStep.CHEAPER_MODEL)) {
        steps.add("switched analyses to " + e.modelId() + " at " + e.percentSpent() + " % of the budget ("
            + TIME.format(e.at()) + ")");
      } else if (e.is(BudgetStep.SKIP_OPTIONAL)) {
        steps.add(skippedLine(events, BudgetStep.SKIP_OPTIONAL, "skipped ", e));
      } else if (e.is(BudgetStep.STOPPED)) {
        String line = "stopped model calls at " + e.percentSpent() + " % of the budget (" + TIME.format(e.at())
            + "): " + e.reason();
        String after = skippedLine(events, BudgetStep.STOPPED, "not analysed after the stop: ", e);
        steps.add(after.isEmpty() ? line : line + "; " + after);
      }
    }
    return new BudgetSummary(policy.limitUsd(), spent, steps);
  }

  /**
   * The budget in one line for a process variable, e.g. "USD 0.0389 of 0.0400 spent (97 %): stopped model calls";
   * empty when the run has no budget.
   */
  public Optional<String> status(String runId) {
    BudgetPolicy policy = budget.policy(runId);
    if (!policy.limited()) {
      return Optional.empty();
    }
    double spent = ledger.cost(runId).costUsd();
    BudgetStep last = BudgetStep.NORMAL;
    for (BudgetStep step : BudgetStep.values()) {
      if (step != BudgetStep.NORMAL && records.reached(runId, step)) {
        last = step;
      }
    }
    String what = switch (last) {
      case NORMAL -> "within budget";
      case CHEAPER_MODEL -> "analyses on the cheaper model";
      case SKIP_OPTIONAL -> "optional analyses skipped";
      case STOPPED -> "stopped model calls";
    };
    return Optional.of(String.format(Locale.ROOT, "USD %.4f of %.4f spent (%d %%): %s", spent, policy.limitUsd(),
        RunBudget.percent(spent / policy.limitUsd()), what));
  }

  /** E.g. "skipped strategy/positioning for acme, initech at 82 % of the budget". */
  private static String skippedLine(List<BudgetEvent> events, BudgetStep step, String lead, BudgetEvent runWide) {
    Set<String> tasks = new LinkedHashSet<>();
    Set<String> competitors = new LinkedHashSet<>();
    for (BudgetEvent e : events) {
      if (e.competitorId() != null && e.is(step)) {
        tasks.add(e.task());
        competitors.add(e.competitorId());
      }
    }
    if (competitors.isEmpty()) {
      return step == BudgetStep.STOPPED ? "" : lead + "optional analyses from " + runWide.percentSpent()
          + " % of the budget (" + TIME.format(runWide.at()) + ")";
    }
    return lead + String.join("/", tasks) + " for " + String.join(", ", competitors)
        + (step == BudgetStep.STOPPED ? "" : " at " + runWide.percentSpent() + " % of the budget ("
            + TIME.format(runWide.at()) + ")");
  }
}
