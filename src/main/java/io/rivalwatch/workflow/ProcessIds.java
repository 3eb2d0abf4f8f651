package io.rivalwatch.workflow;

/** The BPMN process ids of bpmn/, for code that starts or looks for their instances. */
public final class ProcessIds {

  /** The nightly run: bpmn/competitive-intelligence.bpmn. */
  public static final String COMPETITIVE_INTELLIGENCE = "competitive-intelligence";
  /** One competitor's research and analysis, called per competitor: bpmn/competitor-research.bpmn. */
  public static final String COMPETITOR_RESEARCH = "competitor-research";

  /** Retention, nightly on a timer of its own: bpmn/data-retention.bpmn. */
  public static final String DATA_RETENTION = "data-retention";
  /**
   * The schedules' dispatcher: a frequent timer that starts the runs of the watch lists that are due,
   * bpmn/watch-list-schedule.bpmn. Its instances are not runs.
   */
  public static final String WATCH_LIST_SCHEDULE = "watch-list-schedule";

  private ProcessIds() {}

  /** Whether instances of the process are (parts of) runs: the ones with a run id, progress and a run record. */
  public static boolean isRun(String bpmnProcessId) {
    return !WATCH_LIST_SCHEDULE.equals(bpmnProcessId);
  }
}
