package io.rivalwatch.artefact;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.workflow.RunPhase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stored layout of a run. Stored runs, the incremental-run reuse and the dashboard read these paths back, so a
 * change here is a change of the storage format: this test lists every path as it was written before the catalogue.
 */
class ArtefactKeysTest {

  private static final String RUN = "run-1";

  @Test
  void everyEntryKeepsItsStoredPath() {
    Map<ArtefactKey, String> expected = Map.ofEntries(
        Map.entry(ArtefactKeys.runStarted(RUN), "run-1/planning/_run/run-started.json"),
        Map.entry(ArtefactKeys.runConfiguration(RUN), "run-1/planning/_run/run-configuration.json"),
        Map.entry(ArtefactKeys.pinnedModels(RUN), "run-1/planning/_run/pinned-models.json"),
        Map.entry(ArtefactKeys.gatheredSource(RUN, "acme", "news", 2), "run-1/research/acme/news-round-2.json"),
        Map.entry(ArtefactKeys.sufficiencyVerdict(RUN, "acme", 0), "run-1/research/acme/sufficiency-round-0.json"),
        Map.entry(ArtefactKeys.competitorResult(RUN, "acme"), "run-1/research/acme/result.json"),
        Map.entry(ArtefactKeys.analysis(RUN, "acme", "sentiment"), "run-1/analysis/acme/sentiment.json"),
        Map.entry(ArtefactKeys.analysisProvenance(RUN, "acme", "strategy"),
            "run-1/analysis/acme/strategy-provenance.json"),
        // the unscoped area keeps the paths of earlier versions; another watch list has its own (ADR 0023)
        Map.entry(ArtefactKeys.analysedIn(ArtefactKeys.HISTORY, "acme", RUN), "history/analysed/acme/run-1.json"),
        Map.entry(ArtefactKeys.reuseIndex(ArtefactKeys.HISTORY, "acme", "positioning"),
            "history/reuse/acme/positioning.json"),
        Map.entry(ArtefactKeys.failedPage(ArtefactKeys.HISTORY, "ab12"), "history/failed-pages/_run/ab12.json"),
        Map.entry(ArtefactKeys.reuseIndex(ArtefactKeys.historyArea("sales"), "acme", "positioning"),
            "history-sales/reuse/acme/positioning.json"),
        Map.entry(ArtefactKeys.deliveredRun(ArtefactKeys.historyArea("sales"), RUN),
            "history-sales/delivered/_run/run-1.json"),
        Map.entry(ArtefactKeys.unscopedAreasOwner(), "history/lists/_run/unscoped-areas.json"),
        Map.entry(ArtefactKeys.runWatchList(RUN), "run-1/planning/_run/watch-list.json"),
        Map.entry(ArtefactKeys.runBaseline(RUN), "run-1/synthesis/_run/baseline.json"),
        Map.entry(ArtefactKeys.reportChanges(RUN, 2), "run-1/synthesis/_run/changes-r2.md"),
        Map.entry(ArtefactKeys.unreachablePage(RUN, "ab12"), "run-1/research/_run/unreachable-ab12.json"),
        Map.entry(ArtefactKeys.reportMarkdown(RUN, 2), "run-1/synthesis/_run/report-r2.md"),
        Map.entry(ArtefactKeys.reportHtml(RUN, 2), "run-1/synthesis/_run/report-r2.html"),
        Map.entry(ArtefactKeys.reportSummary(RUN, 2), "run-1/synthesis/_run/summary-r2.md"),
        Map.entry(ArtefactKeys.reportInput(RUN, 2), "run-1/synthesis/_run/report-input-r2.json"),
        Map.entry(ArtefactKeys.qualityReport(RUN, 2), "run-1/synthesis/_run/quality-r2.json"),
        Map.entry(ArtefactKeys.executiveSummary(RUN, 2), "run-1/synthesis/_run/executive-summary-r2.md"),
        Map.entry(ArtefactKeys.executiveSummaryProvenance(RUN, 2), "run-1/synthesis/_run/executive-summary-r2.json"),
        Map.entry(ArtefactKeys.summaryReuseIndex(ArtefactKeys.HISTORY, "ab12"), "history/summaries/_run/ab12.json"),
        Map.entry(ArtefactKeys.reviewMail(RUN, "reminder-1", "abc"), "run-1/review/_run/reminder-1-abc.json"),
        Map.entry(ArtefactKeys.emailDelivery(RUN, "abc"), "run-1/distribution/_run/email-abc.json"),
        Map.entry(ArtefactKeys.slackDelivery(RUN), "run-1/distribution/_run/slack.json"),
        Map.entry(ArtefactKeys.deliveryAttempt(ArtefactKeys.slackDelivery(RUN), 2),
            "run-1/distribution/_run/slack.attempt-2.json"),
        Map.entry(ArtefactKeys.deliveryAttemptFailed(ArtefactKeys.emailDelivery(RUN, "abc"), 1),
            "run-1/distribution/_run/email-abc.attempt-1.failed.json"),
        Map.entry(ArtefactKeys.dashboardEntry(RUN), "dashboard/entries/_run/run-1.json"),
        Map.entry(ArtefactKeys.dashboardIndex(), "dashboard/site/_run/index.html"),
        Map.entry(ArtefactKeys.scheduleState("nightly"), "schedules/nightly/_run/state.json"),
        Map.entry(ArtefactKeys.scheduleOrigin("nightly"), "schedules/nightly/_run/origin.json"),
        Map.entry(ArtefactKeys.scheduleDispatch("nightly", 1796608800L), "schedules/nightly/_run/after-1796608800.json"),
        Map.entry(ArtefactKeys.scheduleRun("nightly", 1796608800L), "schedules/nightly/_run/run-1796608800.json"),
        Map.entry(ArtefactKeys.scheduleWaiting("nightly", 1796608800L),
            "schedules/nightly/_run/waiting-after-1796608800.json"),
        Map.entry(ArtefactKeys.trendNight("sample", RUN), "dashboard/nights/sample/run-1.json"),
        Map.entry(ArtefactKeys.trendDashboard("sample"), "dashboard/site/sample/index.html"),
        Map.entry(ArtefactKeys.runRecord(RUN), "run-1/outcome/_run/run-record.json"),
        Map.entry(ArtefactKeys.operatorsNotified(RUN), "run-1/outcome/_run/operators-notified.json"),
        Map.entry(ArtefactKeys.retryFailure(RUN, 42L, 3), "run-1/resilience/_run/failure-42-3.json"),
        Map.entry(ArtefactKeys.parked(RUN, "acme", "news-source"), "run-1/parked/acme/news-source.json"),
        Map.entry(ArtefactKeys.parked(RUN, null, "email-delivery"), "run-1/parked/_run/email-delivery.json"),
        Map.entry(ArtefactKeys.parkedRetried(RUN, "acme", "sentiment-analysis"),
            "run-1/parked/acme/sentiment-analysis.retried.json"),
        Map.entry(ArtefactKeys.budgetPolicy(RUN), "run-1/budget/_run/policy.json"),
        Map.entry(ArtefactKeys.budgetStep(RUN, "stopped"), "run-1/budget/_run/step-stopped.json"),
        Map.entry(ArtefactKeys.budgetDecision(RUN, "acme", "sentiment"), "run-1/budget/acme/sentiment.json"),
        Map.entry(ArtefactKeys.modelCall(RUN, "acme", "sentiment", "u1"), "run-1/usage/acme/sentiment-u1.json"),
        Map.entry(ArtefactKeys.modelCall(RUN, null, "summary", "u2"), "run-1/usage/_run/summary-u2.json"),
        Map.entry(ArtefactKeys.modelCallAudit(RUN, "acme", "strategy", "1-a"),
            "run-1/model-calls/acme/strategy-1-a.json"),
        Map.entry(ArtefactKeys.modelCallAudit(RUN, null, "synthesis", "2-b"),
            "run-1/model-calls/_run/synthesis-2-b.json"),
        Map.entry(ArtefactKeys.auditEntry(RUN, "started"), "run-1/audit/_run/started.json"),
        Map.entry(ArtefactKeys.retentionRecord("20270107T040000Z-42.json"),
            "retention/retention/_run/20270107T040000Z-42.json"));
    expected.forEach((key, path) -> assertThat(key.path()).isEqualTo(path));
  }

  /** A folder named like a phase is that phase's id, so progress, metrics and the store speak of one thing. */
  @Test
  void phaseFoldersAreThePhasesIds() {
    assertThat(ArtefactKeys.PLANNING).isEqualTo(RunPhase.PLANNING.id());
    assertThat(ArtefactKeys.RESEARCH).isEqualTo(RunPhase.RESEARCH.id());
    assertThat(ArtefactKeys.ANALYSIS).isEqualTo(RunPhase.ANALYSIS.id());
    assertThat(ArtefactKeys.SYNTHESIS).isEqualTo(RunPhase.SYNTHESIS.id());
    assertThat(ArtefactKeys.REVIEW).isEqualTo(RunPhase.REVIEW.id());
    assertThat(ArtefactKeys.DISTRIBUTION).isEqualTo(RunPhase.DISTRIBUTION.id());
    assertThat(ArtefactKeys.OUTCOME).isEqualTo(RunPhase.OUTCOME.id());
  }

  /** Segments are checked without a pattern now; they accept and refuse what the pattern did. */
  @Test
  void segmentsAreWhatThePatternAllowed() {
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    for (String value : java.util.List.of("", "a", "run-1", "report-r2.html", "Z9_x.y-z", "_run", ".hidden", "-x",
        "a/b", "a b", "\u00e9t\u00e9", "x".repeat(128), "x".repeat(129), "a\n", "A..B")) {
      assertThat(ArtefactKey.isSegment(value)).as(value).isEqualTo(pattern.matcher(value).matches());
    }
    assertThat(ArtefactKey.isSegment(null)).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArtefactKey.of(RUN, "analysis", "acme", "../x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name '../x'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArtefactKey.of(RUN, "analysis", "ac me", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("competitor 'ac me'");
  }
}
