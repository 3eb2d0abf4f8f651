package io.rivalwatch.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.synthesis.StoredReports;
import io.rivalwatch.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's {@code --rebuild-report=<runId>}: what it reads from the arguments, and what it prints. */
class LocalRunRebuildTest {

  @TempDir Path data;

  @Test
  void theArgumentsNameTheRunAndTheRevision_orNothingToRebuild() {
    assertThat(LocalRun.rebuildRequest(new String[] {"--review=auto"})).isNull();
    assertThat(LocalRun.rebuildRequest(new String[] {"--rebuild-report=local-20261206-220658"}))
        .isEqualTo(new LocalRun.RebuildRequest("local-20261206-220658", null));
    assertThat(LocalRun.rebuildRequest(new String[] {"--revision=2", "--rebuild-report=run-1"}))
        .isEqualTo(new LocalRun.RebuildRequest("run-1", 2));
    assertThatThrownBy(() -> LocalRun.rebuildRequest(new String[] {"--rebuild-report="}))
        .hasMessageContaining("--rebuild-report needs a run id");
    assertThatThrownBy(() -> LocalRun.rebuildRequest(new String[] {"--rebuild-report=run-1", "--revision=last"}))
        .hasMessageContaining("--revision must be a report revision number (1, 2, 3...), was --revision=last");
    assertThatThrownBy(() -> LocalRun.rebuildRequest(new String[] {"--revision=1"}))
        .hasMessageContaining("--revision goes with --rebuild-report=<runId>");
  }

  @Test
  void itPrintsTheOutcomeWithBothDigests_orWhyNot() throws Exception {
    var store = new FileArtefactStore(data);
    String runId = StoredReports.withRevision1(store);
    var rebuilds = StoredReports.rebuilds(store, new MutableClock(Instant.parse("2026-12-08T09:30:00Z")));

    var printed = new ByteArrayOutputStream();
    int code = LocalRun.rebuildReport(new PrintStream(printed, true, StandardCharsets.UTF_8), rebuilds,
        new LocalRun.RebuildRequest(runId, null));

    assertThat(code).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Rebuilding the report of run " + runId + " (latest revision) from its stored input alone")
        .contains("report revision 1: identical.")
        .containsPattern("Markdown SHA-256 stored  [0-9a-f]{64}\n +rebuilt [0-9a-f]{64}");

    printed.reset();
    code = LocalRun.rebuildReport(new PrintStream(printed, true, StandardCharsets.UTF_8), rebuilds,
        new LocalRun.RebuildRequest(runId, 4));
    assertThat(code).isEqualTo(1);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Not rebuilt: revision: run " + runId + " has report revisions 1 to 1, not 4");
  }
}
