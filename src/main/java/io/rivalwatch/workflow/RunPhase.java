package io.rivalwatch.workflow;

import java.util.Locale;

/**
 * The phases of a run as people talk about them (progress, metrics, logs), and which phase each job type belongs
 * to. A job type outside this table belongs to no phase a person would name: {@link #OTHER}.
 */
public enum RunPhase {
  PLANNING, RESEARCH, ANALYSIS, SYNTHESIS, REVIEW, DISTRIBUTION, OUTCOME,
  /** Not a phase of a run: the schedules' dispatcher, which starts runs (its jobs are measured like the others). */
  SCHEDULE,
  OTHER;

  /** The lower-case name used in metric labels, log fields and the progress API. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunPhase ofJobType(String jobType) {
    if (jobType == null) {
      return OTHER;
    }
    return switch (jobType) {
      case JobTypes.PLAN_RUN -> PLANNING;
      case JobTypes.GATHER_WEBSITE, JobTypes.GATHER_NEWS, JobTypes.GATHER_SOCIAL,
          JobTypes.GATHER_MARKET_DATA, JobTypes.CHECK_RESEARCH_SUFFICIENCY,
          JobTypes.RECORD_COMPETITOR_RESULT -> RESEARCH;
      case JobTypes.ANALYSE_SENTIMENT, JobTypes.ANALYSE_STRATEGY, JobTypes.ANALYSE_POSITIONING ->
          ANALYSIS;
      case JobTypes.WRITE_REPORT, JobTypes.CHECK_REPORT_QUALITY -> SYNTHESIS;
      case JobTypes.REVIEW_USER_TASK, JobTypes.REMIND_REVIEWER, JobTypes.ESCALATE_REVIEW,
          JobTypes.RECORD_REVIEW_WAIT, JobTypes.RECORD_REVIEWER -> REVIEW;
      case JobTypes.DELIVER_EMAIL, JobTypes.DELIVER_SLACK, JobTypes.PUBLISH_DASHBOARD -> DISTRIBUTION;
      case JobTypes.RECORD_RUN_OUTCOME, JobTypes.RECORD_RUN_FAILURE, JobTypes.NOTIFY_OPERATORS ->
          OUTCOME;
      case JobTypes.FIND_DUE_WATCH_LISTS, JobTypes.START_SCHEDULED_RUN -> SCHEDULE;
      default -> OTHER;
    };
  }
}
