package io.rivalwatch.analysis.offline;

/** The strategic patterns the offline analyser looks for; cue terms are in {@code analysis/strategy-cues.tsv}. */
enum StrategyPattern {
  PRODUCT_LAUNCH("product-launch", "product launches"),
  PRICING_CHANGE("pricing-change", "pricing changes"),
  PARTNERSHIP("partnership", "partnerships and integrations"),
  EXPANSION("expansion", "market or geographic expansion"),
  HIRING("hiring", "hiring, leadership and workforce changes"),
  FUNDING_FINANCE("funding-finance", "funding, acquisitions and financial results"),
  AI_TECHNOLOGY("ai-technology", "AI and technology bets"),
  CUSTOMER_WINS("customer-wins", "customer wins");

  private final String id;
  private final String label;

  StrategyPattern(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** Used as finding category and metric key. */
  String id() {
    return id;
  }

  /** How the report names it. */
  String label() {
    return label;
  }

  static StrategyPattern byId(String id) {
    for (StrategyPattern p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown strategic pattern: " + id);
  }
}
