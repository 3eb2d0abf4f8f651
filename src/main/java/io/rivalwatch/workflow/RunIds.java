package io.rivalwatch.workflow;

/**
 * A run's id names its artefacts and memory entries. Whoever starts a run may choose it (variable {@code runId});
 * otherwise it is derived from the process instance key, which is stable across retries and unique in a cluster.
 * (An embedded engine restarts its keys from the same value, so the local run always chooses one.)
 */
public final class RunIds {

  private RunIds() {}

  public static String of(long processInstanceKey) {
    return "run-" + processInstanceKey;
  }

  /** The requested id if there is one, else the one derived from the process instance key. */
  public static String resolve(String requested, long processInstanceKey) {
    return requested == null || requested.isBlank() ? of(processInstanceKey) : requested.strip();
  }
}
