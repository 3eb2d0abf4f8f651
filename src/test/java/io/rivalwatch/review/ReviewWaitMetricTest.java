package io.rivalwatch.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The review's wait as a metric: bounded decision tags whatever the process sends. */
class ReviewWaitMetricTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ReviewTimingService reviews = new ReviewTimingService(null, null,
      new io.rivalwatch.observability.RunMetrics(meters));
  private final ReviewTimingWorkers workers = new ReviewTimingWorkers(reviews, null, null);

  /** The end listener of a review with no run to audit (the audit trail has tests of its own). */
  private void recordWait(String decision, String wait) {
    workers.recordWait(null, null, decision, wait, null, null, null);
  }

  @Test
  void theEndListenerRecordsTheWaitUnderTheFormsDecision() {
    recordWait("request-changes", "PT3H30M");
    recordWait("approve", "P1DT2H");
    recordWait("approve", "PT10M");

    var changes = meters.get("rivalwatch.review.wait").tag("decision", "request_changes").timer();
    assertThat(changes.count()).isEqualTo(1);
    assertThat(changes.totalTime(TimeUnit.MINUTES)).isEqualTo(210);
    var approved = meters.get("rivalwatch.review.wait").tag("decision", "approve").timer();
    assertThat(approved.count()).isEqualTo(2);
    assertThat(approved.max(TimeUnit.HOURS)).isEqualTo(26);
  }

  @Test
  void anUnknownDecisionOrAnUnreadableWait_isNotRecorded() {
    recordWait("maybe", "PT1H");
    recordWait("approve", "an hour");
    recordWait("approve", null);
    recordWait(null, "PT1H");

    assertThat(meters.find("rivalwatch.review.wait").timers()).allSatisfy(timer -> assertThat(timer.count()).isZero())
        .extracting(timer -> timer.getId().getTag("decision"))
        .containsExactlyInAnyOrder("approve", "request_changes", "reject", "escalated");
  }

  @Test
  void everySeriesExistsAtZeroBeforeTheFirstReview() {
    assertThat(meters.get("rivalwatch.review.reminders").counter().count()).isZero();
    assertThat(meters.get("rivalwatch.review.escalations").counters()).extracting(c -> c.getId().getTag("policy"))
        .containsExactlyInAnyOrder("keep_waiting", "publish_internally");
  }

  @Test
  void anEscalationCountsAsItsOwnDecision() {
    reviews.recordWait("escalated", Duration.ofHours(48));

    assertThat(meters.get("rivalwatch.review.wait").tag("decision", "escalated").timer().totalTime(TimeUnit.HOURS))
        .isEqualTo(48);
  }

  @Test
  void datesAndWaitsReadWellInTheMails() {
    assertThat(ReviewTimingService.readable("2026-11-27T02:00:00.123Z[Etc/UTC]")).isEqualTo("2026-11-27 02:00 UTC");
    assertThat(ReviewTimingService.readable("2026-11-27T03:00:00+01:00")).isEqualTo("2026-11-27 02:00 UTC");
    assertThat(ReviewTimingService.readable("not a date")).isEqualTo("not a date");
    assertThat(ReviewTimingService.readable(Duration.ofHours(48))).isEqualTo("48 hours");
    assertThat(ReviewTimingService.readable(Duration.ofMinutes(90))).isEqualTo("1 hour 30 min");
    assertThat(ReviewTimingService.readable(Duration.ofMinutes(1))).isEqualTo("1 minute");
  }
}
