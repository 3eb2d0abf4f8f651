package io.rivalwatch.workflow;

/**
 * Checks for the typed variable records workers read with {@code @VariablesAsType}: a record's fields are the
 * process variables it reads (the SDK fetches exactly those), so renaming one is a compile error in the worker and a
 * failure of {@code ElementTemplatesTest} against the templates.
 */
public final class JobVariables {

  private JobVariables() {}

  /**
   * A variable the job cannot do without, as {@code @Variable} (not optional) required it.
   *
   * @throws IllegalArgumentException naming the variable, so the incident in Operate says what to set
   */
  public static <T> T required(T value, String variable) {
    if (value == null) {
      throw new IllegalArgumentException("process variable '" + variable + "' is missing: set it on the process "
          + "instance (Operate: Edit variable) and retry the job");
    }
    return value;
  }
}
