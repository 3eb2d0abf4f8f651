package io.rivalwatch.cost;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Prices and the per-run budget ({@code rivalwatch.cost.*}).
 *
 * @param prices the price table: one entry per model id; a model without an entry is costed at 0 and the run
 *     record says its price is unknown
 * @param runBudgetUsd what one run may spend on models, in US dollars, unless its run configuration says otherwise
 *     ({@code settings.budgetUsd}); null (the default) means no budget
 * @param cheaperModelAt share of the budget spent (0 to 1) from which analyses use the cheaper model
 * @param skipOptionalAt share of the budget spent from which optional analyses are skipped
 * @param optionalAnalyses the analyses a run may do without when money runs short ("strategy", "positioning",
 *     "sentiment"); the others are essential and run, on the cheaper model, until the budget is spent
 */
@ConfigurationProperties("rivalwatch.cost")
public record CostProperties(
    List<ModelPrice> prices, Double runBudgetUsd, Double cheaperModelAt, Double skipOptionalAt,
    List<String> optionalAnalyses) {

  public static final String PREFIX = "rivalwatch.cost";
  public static final double DEFAULT_CHEAPER_MODEL_AT = 0.6;
  public static final double DEFAULT_SKIP_OPTIONAL_AT = 0.8;
  public static final List<String> DEFAULT_OPTIONAL = List.of("strategy", "positioning");
  /** The analyses there are; kept here as names so that cost does not depend on the analysis feature. */
  static final Set<String> ANALYSES = Set.of("sentiment", "strategy", "positioning");

  @ConstructorBinding
  public CostProperties {
    prices = prices == null ? List.of() : List.copyOf(prices);
    cheaperModelAt = cheaperModelAt == null ? DEFAULT_CHEAPER_MODEL_AT : cheaperModelAt;
    skipOptionalAt = skipOptionalAt == null ? DEFAULT_SKIP_OPTIONAL_AT : skipOptionalAt;
    optionalAnalyses = optionalAnalyses == null ? DEFAULT_OPTIONAL
        : optionalAnalyses.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).toList();
    if (runBudgetUsd != null && !(runBudgetUsd > 0)) {
      throw new IllegalArgumentException(PREFIX + ".run-budget-usd must be above 0, was " + runBudgetUsd
          + ". Fix: set an amount in US dollars, e.g. 2.50, or leave it out for no budget");
    }
    if (!(cheaperModelAt > 0 && cheaperModelAt <= skipOptionalAt && skipOptionalAt <= 1)) {
      throw new IllegalArgumentException(PREFIX + ".cheaper-model-at (" + cheaperModelAt + ") and " + PREFIX
          + ".skip-optional-at (" + skipOptionalAt + ") must be shares of the budget with 0 < cheaper-model-at <= "
          + "skip-optional-at <= 1. Fix: e.g. 0.6 and 0.8");
    }
    for (String analysis : optionalAnalyses) {
      if (!ANALYSES.contains(analysis)) {
        throw new IllegalArgumentException(PREFIX + ".optional-analyses names '" + analysis
            + "', which is not an analysis. Fix: list some of sentiment, strategy, positioning");
      }
    }
  }

  /** Only prices: no budget. */
  public CostProperties(List<ModelPrice> prices) {
    this(prices, null, null, null, null);
  }
}
