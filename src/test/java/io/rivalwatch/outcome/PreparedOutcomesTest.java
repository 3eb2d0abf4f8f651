package io.rivalwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.rivalwatch.analysis.AnalysisReuse;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.testsupport.ForwardingArtefactStore;
import io.rivalwatch.testsupport.StoredRuns;
import io.rivalwatch.trends.TrendDashboard;
import io.rivalwatch.workflow.ReportSummaryStarted;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the run record says of the run's competitors is read while the report's summary is written: the run's end
 * then reads none of their analyses and documents again; without it (another instance wrote the report, a restart)
 * the end reads them itself and the record says the same.
 */
class PreparedOutcomesTest {

  private static final String TEXT = "The company launched a new analytics suite this quarter. Customers praise the "
      + "faster dashboards and the simpler pricing. Enterprise plans start at $49 per user per month. A partnership "
      + "with a cloud provider was announced. Reviews call the support team helpful and quick to answer.";

  @TempDir Path directory;

  /** Reads of analyses and research, by path. */
  private final List<String> reads = new CopyOnWriteArrayList<>();
  private final TrendDashboard trends = mock(TrendDashboard.class);
  private PreparedOutcomes prepared;
  private PreparedOutcomes elsewhere;

  @AfterEach
  void stop() {
    prepared.stop();
    elsewhere.stop();
  }

  @Test
  void theRunsEndReadsNoCompetitorAgainWhenPrepared_andSaysTheSameWhenNot() {
    StoredRuns runs = new StoredRuns(directory);
    runs.plan("run-1", null, "acme", "Acme Analytics", "globex", "Globex");
    runs.gathered("run-1", "acme", runs.document(SourceKind.WEBSITE, "https://acme.example/", "Home", TEXT));
    runs.gathered("run-1", "globex", new SourceDocument("https://globex.example/", "Home", SourceKind.WEBSITE,
        Instant.parse("2026-11-20T02:00:00Z"), null, "h", TEXT, List.of(), 2));
    runs.analyseAll("run-1", "acme");
    runs.analyseAll("run-1", "globex");
    prepared = outcomes(runs);
    elsewhere = outcomes(runs);

    prepared.onReportSummaryStarted(new ReportSummaryStarted("run-1", 1));
    verify(trends, timeout(10_000)).prepare("run-1");
    assertThat(reads).as("read ahead").isNotEmpty();
    reads.clear();
    PreparedOutcomes.Competitors atTheEnd = prepared.of("run-1");
    assertThat(reads).as("the run's end reads no competitor again").isEmpty();
    assertThat(atTheEnd.analyses()).hasValueSatisfying(text -> assertThat(text).startsWith("6 analyses: "));
    assertThat(atTheEnd.textAddressedToModels())
        .contains("1 document (2 blocks) with text addressed to AI systems, not quoted");

    // nothing prepared on this instance: read at the end, the same
    assertThat(elsewhere.of("run-1")).isEqualTo(atTheEnd);
    assertThat(reads).as("read at the end").isNotEmpty();
  }

  @Test
  void aRunNeverPlannedHasNothingToSay_andAPreparationIsNotRepeated() {
    StoredRuns runs = new StoredRuns(directory);
    prepared = outcomes(runs);
    elsewhere = outcomes(runs);
    assertThat(prepared.of("run-9")).isEqualTo(new PreparedOutcomes.Competitors(Optional.empty(), Optional.empty()));

    prepared.onReportSummaryStarted(new ReportSummaryStarted("run-9", 1));
    verify(trends, timeout(10_000)).prepare("run-9");
    prepared.onReportSummaryStarted(new ReportSummaryStarted("run-9", 2));
    verify(trends, timeout(10_000).times(1)).prepare("run-9");
    verify(trends, never()).prepare("run-1");
  }

  private PreparedOutcomes outcomes(StoredRuns runs) {
    var counting = ForwardingArtefactStore.recordingReads(runs.store(), reads, ArtefactKeys.ANALYSIS,
        ArtefactKeys.RESEARCH);
    // a store client of its own: nothing it reads is cached from the seeding
    ArtefactJson json = new ArtefactJson(counting);
    return new PreparedOutcomes(new AnalysisReuse(counting, json, runs.planning()), runs.planning(),
        new ResearchArchive(json), trends);
  }
}
