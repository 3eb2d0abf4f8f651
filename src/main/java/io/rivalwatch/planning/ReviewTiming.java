package io.rivalwatch.planning;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When the review of a run's report is due, when its reviewers are reminded, and what happens when nobody decides
 * (from {@code settings.review} of the run configuration).
 *
 * @param dueAfter how long after the review task opens it is due (its due date in Tasklist)
 * @param remindBefore how long before the due date the reviewers get a reminder e-mail
 * @param reviewers who gets the reminder; none means no reminder e-mail is sent
 * @param escalateAfter how long after the review task opens it is escalated, or null when escalation is off
 * @param escalationAddress who is told of the escalation (required when escalation is on)
 * @param onEscalation {@value #KEEP_WAITING} (the review opens again) or {@value #PUBLISH_INTERNALLY} (the report goes
 *     to the dashboard only, marked as not reviewed, and the run ends)
 */
public record ReviewTiming(
    Duration dueAfter, Duration remindBefore, List<String> reviewers, Duration escalateAfter,
    String escalationAddress, String onEscalation) {

  public static final Duration DEFAULT_DUE_AFTER = Duration.ofHours(24);
  public static final Duration DEFAULT_REMIND_BEFORE = Duration.ofHours(4);
  public static final Duration DEFAULT_ESCALATE_AFTER = Duration.ofHours(48);
  public static final String KEEP_WAITING = "keep-waiting";
  public static final String PUBLISH_INTERNALLY = "publish-internally";
  /**
   * The escalation timer's wait when escalation is off. The timer is part of the model whatever the configuration, so
   * it is set beyond any run's life (about ten years) rather than left without a value, which would be an incident.
   */
  static final Duration NEVER = Duration.ofDays(3650);

  public ReviewTiming {
    dueAfter = dueAfter == null ? DEFAULT_DUE_AFTER : dueAfter;
    remindBefore = remindBefore == null ? DEFAULT_REMIND_BEFORE : remindBefore;
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
    onEscalation = onEscalation == null ? KEEP_WAITING : onEscalation;
  }

  /** The defaults: due after a day, a reminder four hours before, no escalation. */
  public static ReviewTiming defaults() {
    return new ReviewTiming(null, null, List.of(), null, null, null);
  }

  public boolean escalates() {
    return escalateAfter != null;
  }

  /** How long after the review opens the reminder fires. */
  public Duration remindAfter() {
    return dueAfter.minus(remindBefore);
  }

  /**
   * The small variables the model's timers, due date and escalation gateway read (ISO-8601 durations and the
   * policy). Addresses stay in the run's frozen configuration.
   */
  public Map<String, Object> processVariables() {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("reviewDueAfter", dueAfter.toString());
    variables.put("reviewRemindBefore", remindBefore.toString());
    variables.put("reviewRemindAfter", remindAfter().toString());
    variables.put("reviewEscalateAfter", (escalates() ? escalateAfter : NEVER).toString());
    variables.put("reviewEscalation", onEscalation);
    return variables;
  }
}
