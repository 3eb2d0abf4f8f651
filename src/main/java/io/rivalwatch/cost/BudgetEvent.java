package io.rivalwatch.cost;

import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;
import java.util.Locale;

/**
 * A budget step taken, kept as an artefact: run-wide the first time a step is reached
 * ({@code <run>/budget/_run/step-<step>.json}), and per analysis it changed
 * ({@code <run>/budget/<competitor>/<task>.json}: run on the cheaper model, or skipped).
 *
 * @param step the step's id ({@link BudgetStep#id()})
 * @param competitorId the competitor whose analysis it changed, or null for the run-wide record
 * @param task the analysis or task it changed ("strategy", "synthesis"...), or null for the run-wide record
 * @param modelId the cheaper model used, for {@code cheaper_model}; else null
 * @param spentUsd what the run had spent when the step was taken
 * @param limitUsd the run's budget
 * @param reason in words, for statuses and the report
 */
public record BudgetEvent(String step, String competitorId, String task, String modelId, double spentUsd,
    double limitUsd, String reason, Instant at) {
  static final ArtefactFormat<BudgetEvent> FORMAT = ArtefactFormat.of("budget-event", BudgetEvent.class);

  /** Share of the budget spent when the step was taken, in whole percent. */
  public long percentSpent() {
    return Math.round(100 * spentUsd / limitUsd);
  }

  public boolean is(BudgetStep s) {
    return s.id().equals(step);
  }

  /** "budget 62 % spent (USD 0.0124 of 0.0200)". */
  public String spentText() {
    return String.format(Locale.ROOT, "budget %d %% spent (USD %.4f of %.4f)", percentSpent(), spentUsd, limitUsd);
  }
}
