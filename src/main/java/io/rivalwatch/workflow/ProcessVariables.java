package io.rivalwatch.workflow;

/**
 * The catalogue of process variable names that Java code writes or reads by name: the outputs workers return and
 * what the progress tracker reads from finished jobs. Inputs a worker reads are its {@code @VariablesAsType} record's
 * fields or its {@code @Variable} parameters' names, which {@code ElementTemplatesTest} checks against the templates.
 * Variables hold references and small facts only; documents live in the artefact store
 * ({@code artefact.ArtefactKeys}).
 */
public final class ProcessVariables {

  // data retention (bpmn/data-retention.bpmn)
  /** The time retention measures ages against: the engine's time when the retention task was reached. */
  public static final String RETENTION_AS_OF = "retentionAsOf";
  /** Whether the retention job only lists what would go. */
  public static final String DRY_RUN = "dryRun";
  /** Written by the retention job: the key of its record, and how many artefacts went. */
  public static final String RETENTION_RECORD = "retentionRecord";
  public static final String RETENTION_DELETED = "retentionDeleted";

  // the run, and the competitor of a competitor-research instance
  public static final String RUN_ID = "runId";
  public static final String COMPETITOR_ID = "competitorId";
  /** Written by the plan job. */
  public static final String COMPETITOR_COUNT = "competitorCount";
  public static final String COMPETITOR_IDS = "competitorIds";

  // research, written by the gather and sufficiency jobs
  public static final String WEBSITE_STATUS = "websiteStatus";
  public static final String NEWS_STATUS = "newsStatus";
  public static final String SOCIAL_STATUS = "socialStatus";
  public static final String MARKET_STATUS = "marketStatus";
  public static final String RESEARCH_DECISION = "researchDecision";
  public static final String RESEARCH_ROUND = "researchRound";
  public static final String RESEARCH_NOTE = "researchNote";

  // synthesis, written by the write-report and quality-check jobs
  public static final String REPORT_REVISION = "reportRevision";
  public static final String REPORT_REF = "reportRef";
  public static final String REPORT_URL = "reportUrl";
  public static final String REPORT_SUMMARY = "reportSummary";
  /** What changed since the last delivered report, bounded, for the review form. */
  public static final String REPORT_CHANGES = "reportChanges";
  public static final String BUDGET_STATUS = "budgetStatus";
  public static final String QUALITY_DECISION = "qualityDecision";
  public static final String QUALITY_FINDINGS = "qualityFindings";
  public static final String QUALITY_ATTEMPT = "qualityAttempt";

  // review: the decision comes from the review form
  public static final String REVIEW_DECISION = "reviewDecision";
  public static final String REVIEWER_REMINDED = "reviewerReminded";
  public static final String REVIEW_ESCALATED = "reviewEscalated";

  // distribution, one status per channel
  public static final String EMAIL_DELIVERY = "emailDelivery";
  public static final String SLACK_DELIVERY = "slackDelivery";
  public static final String DASHBOARD_DELIVERY = "dashboardDelivery";

  // outcome
  public static final String RUN_OUTCOME = "runOutcome";
  public static final String OPERATORS_NOTIFIED = "operatorsNotified";

  // the start of a run
  /** The run's watch list, by name. */
  public static final String WATCH_LIST = "watchList";
  /** Who started the run, when a person did. */
  public static final String STARTED_BY = "startedBy";
  /** What started the run when no person did (the schedule). */
  public static final String RUN_TRIGGER = "runTrigger";
  /** A scheduled run's slot, missed slots and the run it waited for: {@code schedule.ScheduleDispatches}. */
  public static final String SCHEDULED = "scheduled";
  /**
   * Set on a run by the schedule's dispatcher when a due slot of its watch list found it still running: what was done
   * (skipped, or waiting), so Operate shows it on the run that was in the way.
   */
  public static final String SCHEDULE_OVERLAP = "scheduleOverlap";

  // the schedules' dispatcher (bpmn/watch-list-schedule.bpmn)
  /** The engine's clock when the dispatcher ran (FEEL now(), so a moved test clock counts). */
  public static final String DISPATCH_TIME = "dispatchTime";
  /** The watch lists due: a list of {watchList, slot, slots}. */
  public static final String DUE_WATCH_LISTS = "dueWatchLists";
  /** Watch lists whose schedule cannot be read, with why and the fix. */
  public static final String SCHEDULE_PROBLEMS = "scheduleProblems";
  /** One due watch list's slot (ISO-8601) and how many slots were due. */
  public static final String SLOT = "slot";
  public static final String SLOTS = "slots";
  /** started, skipped, waiting or already-dispatched. */
  public static final String DISPATCH_OUTCOME = "dispatchOutcome";
  /** What the dispatch did, in words. */
  public static final String DISPATCH_NOTE = "dispatchNote";
  /** The process instance of the run a dispatch started, or of the run that was in the way. */
  public static final String RUN_PROCESS_INSTANCE_KEY = "runProcessInstanceKey";

  private ProcessVariables() {}
}
