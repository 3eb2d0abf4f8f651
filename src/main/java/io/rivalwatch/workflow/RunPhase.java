package io.rivalwatch.workflow;

import java.util.Locale;

/**
 * The phases of a run as people talk about them (progress, metrics, logs), and which phase each job type belongs
 * to. A job type outside this table belongs to no phase a person would name: {@link #OTHER}.
 */
public enum RunPhase {
  PLANNING, RESEARCH, ANALYSIS, SYNTHESIS, REVIEW, DISTRIBUTION, OUTCOME, OTHER;

  /** The lower-case name used in metric labels, log fields and the progress API. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunPhase ofJobType(String jobType) {
    if (jobType == null) {
      return OTHER;
    }
    return switch (jobType) {
      case "rivalwatch-plan-run" -> PLANNING;
      case "rivalwatch-gather-website", "rivalwatch-gather-news", "rivalwatch-gather-social",
          "rivalwatch-gather-market-data", "rivalwatch-check-research-sufficiency",
          "rivalwatch-record-competitor-result" -> RESEARCH;
      case "rivalwatch-analyse-sentiment", "rivalwatch-analyse-strategy", "rivalwatch-analyse-positioning" ->
          ANALYSIS;
      case "rivalwatch-write-report", "rivalwatch-check-report-quality" -> SYNTHESIS;
      case "io.camunda.zeebe:userTask", "rivalwatch-remind-reviewer", "rivalwatch-escalate-review",
          "rivalwatch-record-review-wait", "rivalwatch-record-reviewer" -> REVIEW;
      case "rivalwatch-deliver-email", "rivalwatch-deliver-slack", "rivalwatch-publish-dashboard" -> DISTRIBUTION;
      case "rivalwatch-record-run-outcome", "rivalwatch-record-run-failure", "rivalwatch-notify-operators" ->
          OUTCOME;
      default -> OTHER;
    };
  }
}
