package io.rivalwatch.workflow;

/** BPMN error codes the models catch. Business outcomes, never technical failures. */
public final class ProcessErrors {

  /** The run configuration cannot be used; the run ends at once (caught by the run-failure event subprocess). */
  public static final String INVALID_CONFIGURATION = "INVALID_CONFIGURATION";

  /** One analysis of one competitor cannot be produced; a boundary event marks just that analysis as missing. */
  public static final String ANALYSIS_FAILED = "ANALYSIS_FAILED";

  /**
   * The run's budget leaves one analysis out (an optional analysis when money runs short, or any analysis once the
   * run's model calls are stopped); a boundary event marks it as skipped and the competitor goes on.
   */
  public static final String BUDGET_SPENT = "BUDGET_SPENT";

  /** One delivery channel cannot deliver; a boundary event records it and the other channels go on. */
  public static final String DELIVERY_FAILED = "DELIVERY_FAILED";

  /** The run cannot go on (for example nothing usable to report); the failure path keeps everything done so far. */
  public static final String RUN_FAILED = "RUN_FAILED";

  private ProcessErrors() {}
}
