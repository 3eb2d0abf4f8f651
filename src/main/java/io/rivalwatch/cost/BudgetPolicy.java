package io.rivalwatch.cost;

import io.rivalwatch.artefact.ArtefactFormat;
import java.util.List;

/**
 * The budget of one run as it was frozen at its first check, so every worker (and a retry after a redeploy with
 * other settings) applies the same limits to the same run.
 *
 * @param limitUsd what the run may spend on models; null means no budget
 * @param cheaperModelAt share spent from which analyses use the cheaper model
 * @param skipOptionalAt share spent from which optional analyses are skipped
 * @param optionalAnalyses analyses that are skipped from {@code skipOptionalAt}
 */
public record BudgetPolicy(Double limitUsd, double cheaperModelAt, double skipOptionalAt,
    List<String> optionalAnalyses) {
  static final ArtefactFormat<BudgetPolicy> FORMAT = ArtefactFormat.of("budget-policy", BudgetPolicy.class);

  public BudgetPolicy {
    optionalAnalyses = optionalAnalyses == null ? List.of() : List.copyOf(optionalAnalyses);
  }

  public static BudgetPolicy none() {
    return new BudgetPolicy(null, CostProperties.DEFAULT_CHEAPER_MODEL_AT, CostProperties.DEFAULT_SKIP_OPTIONAL_AT,
        List.of());
  }

  public boolean limited() {
    return limitUsd != null;
  }

  public boolean optional(String task) {
    return optionalAnalyses.contains(task);
  }

  /** The step a run is at when it has spent this much (not counting a stop already taken). */
  public BudgetStep stepAt(double spentUsd) {
    if (!limited()) {
      return BudgetStep.NORMAL;
    }
    double share = spentUsd / limitUsd;
    if (share >= 1) {
      return BudgetStep.STOPPED;
    }
    if (share >= skipOptionalAt) {
      return BudgetStep.SKIP_OPTIONAL;
    }
    return share >= cheaperModelAt ? BudgetStep.CHEAPER_MODEL : BudgetStep.NORMAL;
  }
}
