package io.rivalwatch.workflow;

/** A run's id is derived from its process instance key: stable across retries, unique per cluster. */
public final class RunIds {

  private RunIds() {}

  public static String of(long processInstanceKey) {
    return "run-" + processInstanceKey;
  }
}
