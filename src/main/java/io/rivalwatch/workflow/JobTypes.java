package io.rivalwatch.workflow;

import java.util.List;

/**
 * The catalogue of job types: every service task type in bpmn/, which worker serves it and which phase of the run it
 * belongs to. The {@code @JobWorker} annotations, {@link RunPhase}, the progress tracker and the element-template
 * test use these constants, so a type is spelled once in Java; the BPMN models and the element templates in
 * .camunda/element-templates name the same strings, and {@code ElementTemplatesTest} checks they match.
 *
 * <p>To add a job type: add the constant here (javadoc: the serving worker), put it in {@link RunPhase#ofJobType},
 * use it in the worker's {@code @JobWorker(type = ...)}, and add the element template.
 */
public final class JobTypes {

  // planning
  /** Served by {@code planning.PlanRunWorker#plan}. */
  public static final String PLAN_RUN = "rivalwatch-plan-run";

  // research (bpmn/competitor-research.bpmn, one instance per competitor)
  /** Served by {@code research.GatherSourceWorkers#gatherWebsite}. */
  public static final String GATHER_WEBSITE = "rivalwatch-gather-website";
  /** Served by {@code research.GatherSourceWorkers#gatherNews}. */
  public static final String GATHER_NEWS = "rivalwatch-gather-news";
  /** Served by {@code research.GatherSourceWorkers#gatherSocial}. */
  public static final String GATHER_SOCIAL = "rivalwatch-gather-social";
  /** Served by {@code research.GatherSourceWorkers#gatherMarketData}. */
  public static final String GATHER_MARKET_DATA = "rivalwatch-gather-market-data";
  /**
   * Served by {@code research.CheckSufficiencyWorker}, for competitors started on a model version from before
   * issue 14's ADR 0033: bpmn/ no longer has this task (the round's last gathering judges the round).
   */
  public static final String CHECK_RESEARCH_SUFFICIENCY = "rivalwatch-check-research-sufficiency";
  /** Served by {@code research.RecordCompetitorResultWorker}. */
  public static final String RECORD_COMPETITOR_RESULT = "rivalwatch-record-competitor-result";

  // analysis (in the competitor's research instance)
  /** Served by {@code analysis.AnalyseCompetitorWorkers#analyseSentiment}. */
  public static final String ANALYSE_SENTIMENT = "rivalwatch-analyse-sentiment";
  /** Served by {@code analysis.AnalyseCompetitorWorkers#analyseStrategy}. */
  public static final String ANALYSE_STRATEGY = "rivalwatch-analyse-strategy";
  /** Served by {@code analysis.AnalyseCompetitorWorkers#analysePositioning}. */
  public static final String ANALYSE_POSITIONING = "rivalwatch-analyse-positioning";

  // synthesis
  /** Served by {@code synthesis.WriteReportWorker}. */
  public static final String WRITE_REPORT = "rivalwatch-write-report";
  /** Served by {@code synthesis.CheckReportQualityWorker}. */
  public static final String CHECK_REPORT_QUALITY = "rivalwatch-check-report-quality";

  // review
  /**
   * The review task as a job-based user task (the embedded engine; see {@link JobBasedUserTasks}): completed by a
   * person through Tasklist on a cluster, by the tests' reviewer or the local run's review page here.
   */
  public static final String REVIEW_USER_TASK = "io.camunda.zeebe:userTask";
  /** Served by {@code review.ReviewTimingWorkers#remind}. */
  public static final String REMIND_REVIEWER = "rivalwatch-remind-reviewer";
  /** Served by {@code review.ReviewTimingWorkers#escalate}. */
  public static final String ESCALATE_REVIEW = "rivalwatch-escalate-review";
  /** Served by {@code review.ReviewTimingWorkers#recordWait}. */
  public static final String RECORD_REVIEW_WAIT = "rivalwatch-record-review-wait";
  /**
   * Served by {@code review.ReviewTimingWorkers#recordReviewer}: the review's completing task listener on a cluster
   * (not a service task: it has no element template, and the embedded engine strips it with the Camunda user task).
   */
  public static final String RECORD_REVIEWER = "rivalwatch-record-reviewer";

  // distribution
  /** Served by {@code distribution.DeliverReportWorkers#email}. */
  public static final String DELIVER_EMAIL = "rivalwatch-deliver-email";
  /** Served by {@code distribution.DeliverReportWorkers#slack}. */
  public static final String DELIVER_SLACK = "rivalwatch-deliver-slack";
  /** Served by {@code distribution.DeliverReportWorkers#dashboard}. */
  public static final String PUBLISH_DASHBOARD = "rivalwatch-publish-dashboard";

  // outcome
  /** Served by {@code outcome.RunOutcomeWorkers#recordOutcome}. */
  public static final String RECORD_RUN_OUTCOME = "rivalwatch-record-run-outcome";
  /** Served by {@code outcome.RunOutcomeWorkers#recordFailure}. */
  public static final String RECORD_RUN_FAILURE = "rivalwatch-record-run-failure";
  /** Served by {@code outcome.RunOutcomeWorkers#notifyOperators}. */
  public static final String NOTIFY_OPERATORS = "rivalwatch-notify-operators";

  // data retention (bpmn/data-retention.bpmn, its own process: no run, no phase)
  /** Served by {@code retention.ApplyRetentionWorker#apply}. */
  public static final String APPLY_RETENTION = "rivalwatch-apply-retention";
  // the watch lists' schedules (bpmn/watch-list-schedule.bpmn): not part of any run
  /** Served by {@code schedule.WatchListScheduleWorkers#findDue}. */
  public static final String FIND_DUE_WATCH_LISTS = "rivalwatch-find-due-watch-lists";
  /** Served by {@code schedule.WatchListScheduleWorkers#startScheduledRun}. */
  public static final String START_SCHEDULED_RUN = "rivalwatch-start-scheduled-run";

  // How often jobs run: the shape of the models, for what the progress API expects. JobTypesShapeTest checks these
  // groups against the gateways of bpmn/.

  /** One research round of one competitor: the four gathers in parallel (the last to finish judges the round). */
  public static final List<String> RESEARCH_ROUND = List.of(GATHER_WEBSITE, GATHER_NEWS, GATHER_SOCIAL,
      GATHER_MARKET_DATA);
  /** The analyses of one competitor, in parallel. */
  public static final List<String> ANALYSES = List.of(ANALYSE_SENTIMENT, ANALYSE_STRATEGY, ANALYSE_POSITIONING);
  /** One report revision: written, then checked. */
  public static final List<String> REPORT_REVISION = List.of(WRITE_REPORT, CHECK_REPORT_QUALITY);
  /** The delivery channels of an approved report, in parallel. */
  public static final List<String> DELIVERIES = List.of(DELIVER_EMAIL, DELIVER_SLACK, PUBLISH_DASHBOARD);

  private JobTypes() {}
}
