package io.rivalwatch.review;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.distribution.MailOncePerRecipient;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.ReviewTiming;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The review's clock: reminds the reviewers before the review is due, tells the escalation address when nobody
 * decided in time, and measures how long reviews wait. Each e-mail keeps a ledger entry per timer event and
 * recipient, written ahead of the send (ADR 0017), so a repeated job (crash, timeout, retry) does not send it twice;
 * the metrics count each mail once, when sent or (if the store refused its entry then) when the retry records it.
 */
@Service
public class ReviewTimingService {

  /** The decisions of the review form, as the bounded tag values of the wait metric. */
  private static final Map<String, String> DECISION_TAGS =
      Map.of("approve", "approve", "request-changes", "request_changes", "reject", "reject");
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);
  private static final Logger LOG = LoggerFactory.getLogger(ReviewTimingService.class);

  private final PlanningService planning;
  private final MailOncePerRecipient mail;
  private final RunMetrics metrics;

  public ReviewTimingService(PlanningService planning, MailOncePerRecipient mail, RunMetrics metrics) {
    this.planning = planning;
    this.mail = mail;
    this.metrics = metrics;
  }

  /**
   * E-mails every reviewer of the run that the review is due soon.
   *
   * @param event identifies this reminder (one per review round): a repeated job passes the same one
   * @param dueAt the review's due date as the engine wrote it
   * @throws io.rivalwatch.failure.OutsideServiceException when the mail server does not take a message
   */
  public String remind(String runId, String event, String reportUrl, String dueAt) {
    List<String> reviewers = timing(runId).reviewers();
    if (reviewers.isEmpty()) {
      return "skipped: the run configuration names no settings.review.reviewers";
    }
    String subject = "[rivalwatch] Review due " + readable(dueAt) + ": report " + runId;
    String text = "The competitive intelligence report of run " + runId + " waits for your review.\n\n"
        + "Due: " + readable(dueAt) + "\nOpen the report: " + link(reportUrl) + "\n\n"
        + "Approve, request changes or reject it in Tasklist (task \"Review report\").\n";
    int sent = send(runId, "reminder-" + event, reviewers, subject, text);
    if (sent > 0) {
      metrics.reviewReminded();
    }
    return "reminded " + reviewers.size() + (reviewers.size() == 1 ? " reviewer" : " reviewers");
  }

  /**
   * Tells the escalation address that the review is overdue and what happens now, and counts the escalation and
   * the review's wait (the escalation timer's wait: the review was open that long without a decision).
   *
   * @throws io.rivalwatch.failure.OutsideServiceException when the mail server does not take the message
   */
  public String escalate(String runId, String event, String reportUrl, String policy, Duration waited) {
    ReviewTiming timing = timing(runId);
    String status;
    if (timing.escalationAddress() == null) {
      status = "skipped: the run configuration names no settings.review.escalationAddress";
    } else {
      String next = ReviewTiming.PUBLISH_INTERNALLY.equals(policy)
          ? "The report is now published on the internal dashboard only, marked as not reviewed; it is not sent "
              + "by e-mail or Slack."
          : "The review stays open with a new due date: please see that someone decides.";
      String text = "Nobody has reviewed the competitive intelligence report of run " + runId + " in "
          + readable(waited) + ".\n\n" + next + "\nOpen the report: " + link(reportUrl) + "\n";
      int sent = send(runId, "escalation-" + event, List.of(timing.escalationAddress()),
          "[rivalwatch] Review overdue: report " + runId, text);
      status = "escalated to " + timing.escalationAddress();
      if (sent == 0) {
        // a repeated job: counted and measured the first time
        return status;
      }
    }
    metrics.reviewEscalated(policyTag(policy));
    recordWait("escalated", waited);
    return status;
  }

  /**
   * Records how long a review waited for its decision.
   *
   * @param decision approve, request-changes or reject (the form's values), or escalated
   */
  public void recordWait(String decision, Duration waited) {
    String tag = decision == null ? null : "escalated".equals(decision) ? decision : DECISION_TAGS.get(decision);
    if (tag == null || waited == null || waited.isNegative()) {
      // the gateway after the review raises an incident for an unknown decision; a metric label must stay bounded
      LOG.warn("review wait not recorded: decision '{}', wait {}", decision, waited);
      return;
    }
    metrics.reviewWaited(tag, waited);
  }

  private ReviewTiming timing(String runId) {
    return planning.configuration(runId).settings().review();
  }

  /** Sends to each recipient not reached for this event yet; returns how many were sent now. */
  private int send(String runId, String event, List<String> to, String subject, String text) {
    return mail.send(to, id -> ArtefactKeys.reviewMail(runId, event, id), subject, text, null,
        runId + "." + event + ".").sentNow();
  }

  private static String policyTag(String policy) {
    return ReviewTiming.PUBLISH_INTERNALLY.equals(policy) ? "publish_internally" : "keep_waiting";
  }

  private static String link(String reportUrl) {
    return reportUrl == null ? "(no link: see the run's artefacts)" : reportUrl;
  }

  /** "2026-11-27 02:00 UTC" from the engine's date-time text; the text itself if it cannot be read. */
  static String readable(String dateTime) {
    if (dateTime == null) {
      return "soon";
    }
    try {
      return WHEN.format(ZonedDateTime.parse(dateTime));
    } catch (DateTimeParseException e) {
      return dateTime;
    }
  }

  static String readable(Duration duration) {
    long hours = duration.toHours();
    long minutes = duration.toMinutesPart();
    if (hours == 0) {
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    return hours + (hours == 1 ? " hour" : " hours") + (minutes == 0 ? "" : " " + minutes + " min");
  }
}
