package io.rivalwatch.research;

/** The four kinds of public source gathered for each competitor, each a separate job in the model. */
public enum SourceKind {
  WEBSITE("website"),
  NEWS("news"),
  SOCIAL("social"),
  MARKET("market");

  private final String id;

  SourceKind(String id) {
    this.id = id;
  }

  /** Lower-case name used in artefact keys, variables and job types. */
  public String id() {
    return id;
  }
}
