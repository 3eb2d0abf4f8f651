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
}
