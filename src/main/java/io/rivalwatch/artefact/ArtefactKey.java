package io.rivalwatch.artefact;

import java.util.Objects;

/**
 * Where an artefact lives: run id / phase / competitor / name. Deterministic, so a repeated job finds the
 * result of an earlier attempt. {@code competitor} is {@link #RUN_SCOPE} for artefacts that belong to the whole run.
 */
public record ArtefactKey(String runId, String phase, String competitor, String name) {

  public static final String RUN_SCOPE = "_run";
  public static final String DASHBOARD = "dashboard";

  public ArtefactKey {
    requireSegment("runId", runId);
    requireSegment("phase", phase);
    requireSegment("competitor", competitor);
    requireSegment("name", name);
  }

  public static ArtefactKey of(String runId, String phase, String competitor, String name) {
    return new ArtefactKey(runId, phase, competitor, name);
  }

  public static ArtefactKey forRun(String runId, String phase, String name) {
    return new ArtefactKey(runId, phase, RUN_SCOPE, name);
  }

  /**
   * Artefacts of the dashboard, which spans runs: {@code dashboard/<part>/_run/<name>}. Run ids start with "run-",
   * so this never collides with a run.
   */
  public static ArtefactKey dashboard(String part, String name) {
    return new ArtefactKey(DASHBOARD, part, RUN_SCOPE, name);
  }

  /** Parses the form produced by {@link #path()}. */
  public static ArtefactKey parse(String path) {
    String[] parts = Objects.requireNonNull(path, "path").split("/");
    if (parts.length != 4) {
      throw new IllegalArgumentException("artefact path must be runId/phase/competitor/name, was '" + path + "'");
    }
    return new ArtefactKey(parts[0], parts[1], parts[2], parts[3]);
  }

  /** The relative path, also used as the process-variable reference to this artefact. */
  public String path() {
    return runId + "/" + phase + "/" + competitor + "/" + name;
  }

  @Override
  public String toString() {
    return path();
  }

  private static void requireSegment(String field, String value) {
    // "_run" is the only segment allowed to start with an underscore
    if (RUN_SCOPE.equals(value)) {
      return;
    }
    if (!isSegment(value) || value.contains("..")) {
      throw new IllegalArgumentException(
          "artefact key " + field + " '" + value + "' must be 1-128 letters, digits, '.', '_' or '-'");
    }
  }

  /**
   * {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}, tested character by character: every job builds and parses several
   * keys, and the pattern match was a few percent of a job's CPU.
   */
  static boolean isSegment(String value) {
    if (value == null || value.isEmpty() || value.length() > 128 || !isAsciiLetterOrDigit(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
