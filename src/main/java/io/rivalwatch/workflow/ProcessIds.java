package io.rivalwatch.workflow;

/** The BPMN process ids of bpmn/, for code that starts or looks for their instances. */
public final class ProcessIds {

  /** The nightly run: bpmn/competitive-intelligence.bpmn. */
  public static final String COMPETITIVE_INTELLIGENCE = "competitive-intelligence";
  /** One competitor's research and analysis, called per competitor: bpmn/competitor-research.bpmn. */
  public static final String COMPETITOR_RESEARCH = "competitor-research";

  /** Retention, nightly on a timer of its own: bpmn/data-retention.bpmn. */
  public static final String DATA_RETENTION = "data-retention";

  private ProcessIds() {}
}
