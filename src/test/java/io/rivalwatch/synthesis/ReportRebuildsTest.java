package io.rivalwatch.synthesis;

import io.rivalwatch.text.Sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.synthesis.ReportRebuild.Outcome;
import io.rivalwatch.synthesis.ReportRebuildRefused.Reason;
import io.rivalwatch.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilding a stored revision on the file store, from the recorded input of a real run
 * ({@code artefact-formats/report-input/v1.json}): what it answers, what it writes, and every refusal.
 */
class ReportRebuildsTest {

  @TempDir Path data;
  private ArtefactStore store;
  private ArtefactJson json;
  private AuditTrail audit;
  private String runId;
  private StoredReportInput stored;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T09:30:00Z"));

  @BeforeEach
  void planARun() throws Exception {
    store = new FileArtefactStore(data);
    json = new ArtefactJson(store);
    audit = new AuditTrail(json, store);
    runId = StoredReports.planned(store);
    stored = json.require(ArtefactKeys.reportInput(runId, 1), StoredReportInput.class);
  }

  private ReportRebuilds rebuilds(ReportRendering rendering) {
    return StoredReports.rebuilds(store, clock, rendering);
  }

  /** Revision 1 as the run writes it: its input, then its report as today's renderer makes it. */
  private void writeRevision1() throws Exception {
    StoredReports.withRevision1(store);
  }

  private void runEnded() {
    store.createIfAbsent(ArtefactKeys.runRecord(runId), "{}".getBytes(StandardCharsets.UTF_8), "application/json");
  }

  @Test
  void theSameRendererGivesTheStoredBytes_writesNothingButTheAuditEntry() throws Exception {
    writeRevision1();
    int before = store.list(runId).size();

    ReportRebuild rebuilt = rebuilds(new ReportRendering()).rebuild(runId, null, "alice");

    assertThat(rebuilt.outcome()).isEqualTo(Outcome.IDENTICAL);
    assertThat(rebuilt.revision()).isEqualTo(1);
    assertThat(rebuilt.stored()).isEqualTo(rebuilt.rebuilt());
    assertThat(rebuilt.stored().markdownSha256()).isEqualTo(Sha256.hex(
        store.read(ArtefactKeys.reportMarkdown(runId, 1)).orElseThrow()));
    assertThat(rebuilt.newRevision()).isNull();
    assertThat(rebuilt.differences()).isEmpty();
    assertThat(rebuilt.describe()).startsWith("Run " + runId + ", report revision 1: identical.");
    assertThat(store.list(runId)).hasSize(before + 1);
    assertThat(audit.entries(runId)).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo(AuditAction.REPORT_REBUILT);
      assertThat(e.actor()).isEqualTo("alice");
      assertThat(e.details()).containsEntry("outcome", "identical").containsEntry("revision", "1")
          .containsEntry("markdownSha256", rebuilt.stored().markdownSha256());
    });
  }

  @Test
  void aChangedRendererWritesTheNextRevision_rebuildableInItsTurn_andTheStoredOneKeepsItsBytes() throws Exception {
    writeRevision1();
    runEnded();
    byte[] delivered = store.read(ArtefactKeys.reportMarkdown(runId, 1)).orElseThrow();
    ReportRendering changed = ChangedRenderer.rendering("_New layout line._");

    ReportRebuild rebuilt = rebuilds(changed).rebuild(runId, 1, "alice");

    assertThat(rebuilt.outcome()).isEqualTo(Outcome.REBUILT);
    assertThat(rebuilt.storedRendererVersion()).isEqualTo(ReportRendering.RENDERER_VERSION);
    assertThat(rebuilt.rendererVersion()).isEqualTo(ReportRendering.RENDERER_VERSION + 1);
    assertThat(rebuilt.newRevision()).isEqualTo(2);
    assertThat(rebuilt.newReportUrl()).isEqualTo("https://rivalwatch.example/artefacts/" + runId
        + "/synthesis/_run/report-r2.html");
    assertThat(rebuilt.differences()).contains("--- report-r1.md (stored)", "+++ report-r1.md (rebuilt)",
        "+_New layout line._", "--- report-r1.html (stored)", "+<p><em>New layout line.</em></p>");
    assertThat(rebuilt.describe()).contains("differs", "Written as revision 2 (not delivered; revision 1 is "
        + "unchanged)", "+_New layout line._");
    assertThat(store.read(ArtefactKeys.reportMarkdown(runId, 1)).orElseThrow()).isEqualTo(delivered);
    StoredReportInput second = json.require(ArtefactKeys.reportInput(runId, 2), StoredReportInput.class);
    assertThat(second.rebuiltFrom()).isEqualTo(1);
    assertThat(second.rendererVersion()).isEqualTo(ReportRendering.RENDERER_VERSION + 1);
    assertThat(second.input().sections()).isEqualTo(stored.input().sections());
    assertThat(new String(store.read(ArtefactKeys.reportMarkdown(runId, 2)).orElseThrow(), StandardCharsets.UTF_8))
        .contains("_New layout line._", "revision 2, generated", "Revision 2 is revision 1 rendered again on 8 "
            + "December 2026 09:30 UTC from its stored input alone, by renderer version "
            + (ReportRendering.RENDERER_VERSION + 1));
    assertThat(store.exists(ArtefactKeys.reportSummary(runId, 2))).isTrue();
    // a redelivery (a parked delivery retried) still sends the revision the run wrote
    var reports = new WrittenReports(store, json, new ArtefactLinks("http://localhost:8080"), null);
    assertThat(reports.latestRevision(runId)).isEqualTo(2);
    assertThat(reports.latestWrittenByRun(runId)).isEqualTo(1);

    // the new revision is what the changed renderer makes of its own stored input
    assertThat(rebuilds(changed).rebuild(runId, 2, "bob").outcome()).isEqualTo(Outcome.IDENTICAL);
    // and a second rebuild of revision 1 takes the next number, never an existing one
    assertThat(rebuilds(changed).rebuild(runId, 1, "bob").newRevision()).isEqualTo(3);
  }

  @Test
  void aLongDifferenceIsCutToTheBoundAndCounted() throws Exception {
    writeRevision1();
    runEnded();
    ReportRendering everyLineChanged = new ReportRendering() {
      @Override
      Rendered render(ReportInput input, ArtefactLinks ownLinks) {
        Rendered today = super.render(input, ownLinks);
        return new Rendered(today.markdown().replace("\n", " .\n"), today.html().replace("\n", " \n"),
            today.summary());
      }
    };

    ReportRebuild rebuilt = rebuilds(everyLineChanged).rebuild(runId, null, "alice");

    assertThat(rebuilt.differences()).hasSize(ReportRebuilds.MAX_DIFF_LINES);
    assertThat(rebuilt.differenceLinesLeftOut()).isPositive();
    assertThat(rebuilt.describe()).contains("... and " + rebuilt.differenceLinesLeftOut() + " more lines");
  }

  @Test
  void aRunStillRunningIsNotGivenANewRevision() throws Exception {
    writeRevision1();

    assertThatThrownBy(() -> rebuilds(ChangedRenderer.rendering("x")).rebuild(runId, null, "alice"))
        .isInstanceOf(ReportRebuildRefused.class)
        .hasMessageContaining("runId: run " + runId + " is still running")
        .hasMessageContaining("Fix: rebuild it after the run has ended");
    assertThat(store.exists(ArtefactKeys.reportInput(runId, 2))).isFalse();
    // a check that finds the same bytes needs no new revision, so it may run at any time
    assertThat(rebuilds(new ReportRendering()).rebuild(runId, null, "alice").outcome()).isEqualTo(Outcome.IDENTICAL);
  }

  @Test
  void refusalsNameTheFieldAndTheFix() throws Exception {
    ReportRebuilds rebuilds = rebuilds(new ReportRendering());
    assertRefused(() -> rebuilds.rebuild("../etc", null, "a"), Reason.BAD_REQUEST, "runId: ");
    assertRefused(() -> rebuilds.rebuild("no-such-run", null, "a"), Reason.UNKNOWN_RUN,
        "runId: no run 'no-such-run' was planned here. Fix: use a run id from GET /api/runs");
    assertRefused(() -> rebuilds.rebuild(runId, null, "a"), Reason.NOT_REBUILDABLE,
        "run " + runId + " has no report yet");

    writeRevision1();
    for (int wrong : List.of(0, -1, 2)) {
      assertRefused(() -> rebuilds.rebuild(runId, wrong, "a"), Reason.BAD_REQUEST,
          "revision: run " + runId + " has report revisions 1 to 1, not " + wrong + ". Fix:");
    }

    // a revision written before report inputs were stored
    store.createIfAbsent(ArtefactKeys.reportMarkdown(runId, 2), "# old".getBytes(StandardCharsets.UTF_8), "m");
    store.createIfAbsent(ArtefactKeys.reportSummary(runId, 2), "old".getBytes(StandardCharsets.UTF_8), "m");
    assertRefused(() -> rebuilds.rebuild(runId, null, "a"), Reason.NOT_REBUILDABLE, "revision: report revision 2 "
        + "of run " + runId + " was written by rivalwatch before report inputs were stored; it cannot be rebuilt");
    assertThat(audit.entries(runId)).isEmpty();
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason,
      String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ReportRebuildRefused.class,
        refused -> assertThat(refused.reason()).isEqualTo(reason)).hasMessageContaining(message);
  }
}
