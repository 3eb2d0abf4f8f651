package io.rivalwatch.analysis;

/** The analyses run for each competitor, each a separate job in the model. */
public enum AnalysisKind {
  SENTIMENT("sentiment"),
  STRATEGY("strategy"),
  POSITIONING("positioning");

  private final String id;

  AnalysisKind(String id) {
    this.id = id;
  }

  /** Lower-case name used in artefact keys, variables and job types. */
  public String id() {
    return id;
  }

  /** The kind with this id ("sentiment"). */
  public static AnalysisKind ofId(String id) {
    for (AnalysisKind kind : values()) {
      if (kind.id.equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no analysis kind '" + id + "'; the kinds are sentiment, strategy, positioning");
  }
}
