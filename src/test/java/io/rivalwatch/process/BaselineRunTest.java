package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.baseline.Baselines;
import io.rivalwatch.outcome.RunRecord;
import io.rivalwatch.synthesis.WrittenReports;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The baseline is what people received (issue 16, ADR 0023), on the embedded engine with the real workers: three
 * nights of one watch list; the first is approved and delivered, the second rejected, and the third's "what changed"
 * compares with the first, names its run and date, and so does the review form's text.
 */
class BaselineRunTest extends ProcessTestBase {

  /** A watch list of this test only: the store outlives contexts, and other tests' runs would be baselines too. */
  private static final String WATCH_LIST = "baseline-nights";
  private static final String DAY = "\\d{4}-\\d{2}-\\d{2}";

  @Autowired ArtefactJson json;
  @Autowired ArtefactStore store;
  @Autowired WrittenReports reports;
  @Autowired Baselines baselines;

  @Test
  void night1Delivered_night2Rejected_night3ComparesWithNight1() {
    long night1 = runApproved(WATCH_LIST);
    String first = runId(night1);
    assertThat(json.require(ArtefactKeys.runRecord(first), RunRecord.class).status()).isEqualTo("delivered");
    assertThat(baselines.baselineRun(WATCH_LIST)).hasValueSatisfying(b -> assertThat(b.runId()).isEqualTo(first));

    long night2 = startRun(WATCH_LIST);
    review(night2, "reject", "Not this one.");
    awaitEnded(night2);
    String second = runId(night2);
    assertThat(json.require(ArtefactKeys.runRecord(second), RunRecord.class).status()).isEqualTo("rejected");
    // the rejected run compared with night 1 too, and never becomes a baseline
    assertThat(acmeChanges(second)).containsPattern("Compared with run " + first + " of " + DAY
        + ", the last delivered report: ");
    assertThat(baselines.baselineRun(WATCH_LIST)).hasValueSatisfying(b -> assertThat(b.runId()).isEqualTo(first));

    long night3 = startRun(WATCH_LIST);
    // what the reviewer sees in Tasklist before deciding: the form's variables of the open review
    awaitElement(night3, "Task_CheckQuality");
    String third = runId(night3);
    assertThat(records.rootVariables(night3).get("reportChanges"))
        .containsPattern("Compared with run " + first + " of " + DAY + ", the last report delivered for watch list "
            + "baseline-nights\\.")
        // night 2 may be remembered (memory is context), never compared with
        .doesNotContain("Compared with run " + second + " ");
    review(night3, "approve", "");
    awaitEnded(night3);

    String changes = acmeChanges(third);
    assertThat(changes).containsPattern("Compared with run " + first + " of " + DAY + ", the last delivered report: "
        + "0 new, 0 changed and \\d+ unchanged documents\\.").doesNotContain("Compared with run " + second + " ")
        .doesNotContain("since run " + second + " ");
    // delivered now: the next night compares with night 3
    assertThat(baselines.baselineRun(WATCH_LIST)).hasValueSatisfying(b -> assertThat(b.runId()).isEqualTo(third));
  }

  /** The report's "What changed" part of the Acme section. */
  private String acmeChanges(String runId) {
    String report = new String(store.read(ArtefactKey.parse(reports.latest(runId).orElseThrow().reportRef()))
        .orElseThrow(), StandardCharsets.UTF_8);
    String acme = report.substring(report.indexOf("## Acme Analytics"));
    return acme.substring(0, acme.indexOf("### Sentiment"));
  }
}
