package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.outcome.RunRecord;
import io.rivalwatch.review.ReviewTimingService;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.ProcessTestBase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The review's timers with the real workers on the embedded engine: the engine's clock is moved on (as the nightly
 * timer test does) and the reminder and escalation e-mails arrive at the local SMTP server. The run configurations
 * make the review due after 2 hours, remind 30 minutes before, and escalate after 3 hours.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReviewTimingRunTest extends ProcessTestBase {

  private static final String REVIEWER = "reviewer@rivalwatch.local";
  private static final String ESCALATION = "head-of-analysis@rivalwatch.local";
  private static final String REPORT_RECIPIENT = "analysts@rivalwatch.local";

  @Autowired ArtefactJson json;
  @Autowired ArtefactStore store;
  @Autowired MeterRegistry meters;
  @Autowired ReviewTimingService reviews;

  @BeforeEach
  void clearMail() throws Exception {
    environment.mail().purgeEmailFromAllMailboxes();
  }

  @Test
  void theReminderMailsTheReviewerBeforeTheDueDate_andTheReviewStaysOpenAndCanBeApproved() throws Exception {
    double remindersBefore = meters.counter("rivalwatch.review.reminders").count();
    long run = startRun("acme-review-keep-waiting");
    awaitReviewOpen(run, 1);
    String runId = runId(run);

    advanceClock(Duration.ofMinutes(80));
    assertThat(mailsTo(REVIEWER, runId)).as("no reminder before its time").isEmpty();
    advanceClock(Duration.ofMinutes(11));
    awaitCompleted(run, "EndEvent_ReviewerReminded");

    assertThat(mailsTo(REVIEWER, runId)).singleElement().satisfies(mail -> {
      assertThat(mail.getSubject()).startsWith("[rivalwatch] Review due ").contains(runId);
      assertThat(body(mail)).contains("Open the report: http").contains("Due: ");
    });
    assertThat(meters.counter("rivalwatch.review.reminders").count() - remindersBefore).isEqualTo(1);
    assertThat(records.completedElements(run)).doesNotContain("UserTask_ReviewReport", "Task_EscalateReview");
    assertThat(records.hasEnded(run)).isFalse();

    double approvedWaits = waits("approve");
    review(run, "approve", "Just in time.");
    awaitEnded(run);
    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    assertThat(mailsTo(REPORT_RECIPIENT, runId)).hasSize(1);
    assertThat(mailsTo(REVIEWER, runId)).as("still one reminder").hasSize(1);
    // the end listener measured the wait on the engine's clock: the 91 minutes the clock was moved, and more
    assertThat(waits("approve") - approvedWaits).isEqualTo(1);
    assertThat(meters.get("rivalwatch.review.wait").tag("decision", "approve").timer()
        .max(java.util.concurrent.TimeUnit.MINUTES)).isGreaterThanOrEqualTo(91);
  }

  @Test
  void aReminderRepeatedAfterItWasSent_sendsNoSecondMail() throws Exception {
    String runId = runId(runApproved("acme-review-keep-waiting"));

    // what the reminder job does when the engine hands it out again (its worker crashed after sending)
    reviews.remind(runId, "4711", "http://localhost/report", "2026-11-27T02:00:00Z");
    reviews.remind(runId, "4711", "http://localhost/report", "2026-11-27T02:00:00Z");

    assertThat(mailsTo(REVIEWER, runId)).singleElement()
        .satisfies(mail -> assertThat(mail.getSubject()).contains("Review due 2026-11-27 02:00 UTC"));
  }

  @Test
  void anEscalationThatKeepsWaiting_tellsTheEscalationAddressAndTheReviewOpensAgain() throws Exception {
    double escalationsBefore = escalations("keep_waiting");
    long run = startRun("acme-review-keep-waiting");
    awaitReviewOpen(run, 1);
    String runId = runId(run);

    advanceClock(Duration.ofMinutes(181));
    awaitCompleted(run, "Task_EscalateReview");
    awaitReviewOpen(run, 2);

    assertThat(mailsTo(ESCALATION, runId)).singleElement().satisfies(mail -> {
      assertThat(mail.getSubject()).isEqualTo("[rivalwatch] Review overdue: report " + runId);
      assertThat(body(mail)).contains("in 3 hours").contains("The review stays open");
    });
    assertThat(escalations("keep_waiting") - escalationsBefore).isEqualTo(1);
    assertThat(records.hasEnded(run)).isFalse();

    review(run, "approve", "Sorry, I was away.");
    awaitEnded(run);
    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered")
        .doesNotContain("Task_PublishInternally");
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.status()).isEqualTo("delivered");
    assertThat(record.details()).containsEntry("reviewEscalation", "escalated to " + ESCALATION);
  }

  @Test
  void anEscalationThatPublishesInternally_publishesOnTheDashboardOnlyAndRecordsTheRunAsUnreviewed()
      throws Exception {
    double escalationsBefore = escalations("publish_internally");
    long run = startRun("acme-review-publish-internally");
    awaitReviewOpen(run, 1);
    String runId = runId(run);

    advanceClock(Duration.ofMinutes(181));
    awaitEnded(run);

    assertThat(records.completedElements(run)).contains("Task_EscalateReview", "Task_PublishInternally",
        "EndEvent_PublishedInternally").doesNotContain("UserTask_ReviewReport", "Task_DeliverEmail",
        "Task_DeliverSlack");
    assertThat(mailsTo(ESCALATION, runId)).singleElement()
        .satisfies(mail -> assertThat(body(mail)).contains("internal dashboard only, marked as not reviewed"));
    assertThat(mailsTo(REPORT_RECIPIENT, runId)).as("no report e-mail without review").isEmpty();
    assertThat(environment.site().wireMock().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook")))
        .stream().filter(r -> r.getBodyAsString().contains(runId)).toList()).as("no Slack post").isEmpty();
    String dashboard = new String(store.read(ArtefactKey.dashboard("site", "index.html")).orElseThrow(),
        StandardCharsets.UTF_8);
    assertThat(dashboard.lines().filter(line -> line.contains(runId)).toList()).singleElement().asString()
        .contains("not reviewed");
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.status()).isEqualTo("published-internally-unreviewed");
    assertThat(records.rootVariables(run).get("runOutcome")).isEqualTo("\"published-internally-unreviewed\"");
    assertThat(escalations("publish_internally") - escalationsBefore).isEqualTo(1);
  }

  private void advanceClock(Duration duration) {
    EmbeddedEngine.get().increaseTime(duration);
  }

  /** Waits until the review task has been opened {@code times} times and is open now. */
  private void awaitReviewOpen(long run, int times) {
    await().atMost(RUN_TIMEOUT).until(() ->
        records.countActivated(run, "UserTask_ReviewReport") >= times);
  }

  private void awaitCompleted(long run, String elementId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> records.completedElements(run).contains(elementId));
  }

  private double waits(String decision) {
    var timer = meters.find("rivalwatch.review.wait").tag("decision", decision).timer();
    return timer == null ? 0 : timer.count();
  }

  private double escalations(String policy) {
    return meters.counter("rivalwatch.review.escalations", "policy", policy).count();
  }

  private List<MimeMessage> mailsTo(String address, String runId) throws MessagingException {
    return Arrays.stream(environment.mail().getReceivedMessagesForDomain(address.substring(address.indexOf('@') + 1)))
        .filter(m -> {
          try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address))
                && m.getSubject().contains(runId);
          } catch (MessagingException e) {
            throw new IllegalStateException(e);
          }
        }).toList();
  }

  private static String body(MimeMessage mail) {
    try {
      Object content = mail.getContent();
      return content instanceof String text ? text : String.valueOf(content);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
