package io.rivalwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.localmemory.EmbeddingModels;
import io.rivalwatch.adapters.localmemory.LuceneMemoryStore;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.testsupport.StoredRuns;
import io.rivalwatch.outcome.RunRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two watch lists watching the same competitor (issue 16, ADR 0023): neither reads the other's analysis reuse,
 * baseline or memory, with the real analysis service, artefact store and local memory; and the list that keeps the
 * unscoped areas still reads what earlier versions stored there.
 */
class WatchListScopesTest {

  private static final String PRICING = "https://acme.example/pricing";
  private static final String PRICING_TEXT = "The Team plan of Acme Analytics costs $49 per user per month. Customers "
      + "love the fast answers of Ask Acme. Acme launched a governed semantic layer for enterprise data teams this "
      + "year. Analysts praise its pricing, and more than 1,400 enterprises run their weekly business reviews on Acme.";

  @TempDir Path directory;
  private LuceneMemoryStore memory;
  private StoredRuns runs;

  @BeforeEach
  void setUp() {
    memory = new LuceneMemoryStore(directory.resolve("memory"), EmbeddingModels.allMiniLmL6V2Quantized());
    runs = new StoredRuns(directory, memory);
  }

  @AfterEach
  void close() throws java.io.IOException {
    memory.close();
  }

  @Test
  void twoListsWatchingTheSameCompetitor_neverReadEachOthersReuseBaselineOrMemory() {
    night("sales", "sales-1");
    runs.delivered("sales-1");
    runs.analyser().takeCalls();

    // the same competitor over the very same documents in another list: analysed afresh, nothing to compare with
    night("product", "product-1");
    assertThat(runs.analyser().takeCalls()).containsExactlyInAnyOrder("acme/sentiment", "acme/strategy",
        "acme/positioning");
    assertThat(runs.reuse().provenance("product-1", "acme", AnalysisKind.SENTIMENT).orElseThrow().reason())
        .isEqualTo("no earlier analysis to reuse");
    assertThat(runs.baselines().baselineFor("product-1")).isEmpty();
    assertThat(runs.baselines().baselineRun("product")).isEmpty();
    assertThat(runs.baselines().baselineRun("sales")).hasValueSatisfying(b -> assertThat(b.runId())
        .isEqualTo("sales-1"));
    // the analyses' memory context, and any search in the list's namespace, hold nothing of the other list
    List<AnalysisInput> inputs = runs.analyser().inputs();
    assertThat(inputs.subList(3, 6)).allSatisfy(input -> assertThat(input.memory()).isEmpty());
    List<MemoryHit> product = memory.search(MemoryQuery.beforeRun(
        runs.planning().scopeOf("product").competitorNamespace("acme"), "What does Acme charge?", 20, "none"));
    assertThat(product).isNotEmpty().allSatisfy(hit -> assertThat(hit.entry().runId()).isEqualTo("product-1"));

    // within a list, nights still share: sales reuses its own analyses, compares with its own delivered report, and
    // its memory context holds its own earlier run only
    night("sales", "sales-2");
    assertThat(runs.analyser().takeCalls()).isEmpty();
    assertThat(runs.baselines().baselineFor("sales-2")).hasValueSatisfying(b -> assertThat(b.runId())
        .isEqualTo("sales-1"));
    List<MemoryHit> sales = memory.search(MemoryQuery.beforeRun(
        runs.planning().scopeOf("sales").competitorNamespace("acme"), "What does Acme charge?", 20, "sales-2"));
    assertThat(sales).isNotEmpty().allSatisfy(hit -> assertThat(hit.entry().runId()).isEqualTo("sales-1"));

    // each list's history is its own area of the store
    assertThat(runs.store().list("history-sales")).extracting(ArtefactKey::phase).contains("reuse", "delivered");
    assertThat(runs.store().list("history-product")).extracting(ArtefactKey::phase).contains("reuse")
        .doesNotContain("delivered");
    assertThat(runs.store().list(ArtefactKeys.HISTORY)).extracting(ArtefactKey::phase).doesNotContain("reuse");
  }

  @Test
  void theListThatKeepsTheUnscopedAreas_readsWhatAnEarlierVersionStoredThere() {
    // "default" is the default watch list: the first run planned pins it as the keeper of the unscoped areas
    night("default", "old-1");
    assertThat(runs.planning().scope("old-1").historyArea()).isEqualTo("history");
    assertThat(runs.store().list(ArtefactKeys.HISTORY)).extracting(ArtefactKey::phase).contains("reuse", "analysed");
    // an earlier version recorded delivered runs only in their run record
    runs.json().createIfAbsent(ArtefactKeys.runRecord("old-1"), record("old-1", "delivered"));
    runs.analyser().takeCalls();

    night("default", "new-1");
    assertThat(runs.analyser().takeCalls()).isEmpty();
    assertThat(runs.baselines().baselineFor("new-1")).hasValueSatisfying(b -> {
      assertThat(b.runId()).isEqualTo("old-1");
      assertThat(b.describe()).isEqualTo("run old-1 of 2026-11-21");
    });
    // a rejected run of an earlier version is no baseline; another list never sees the unscoped area
    runs.json().createIfAbsent(ArtefactKeys.runRecord("new-1"), record("new-1", "rejected"));
    assertThat(runs.baselines().baselineRun("default")).hasValueSatisfying(b -> assertThat(b.runId())
        .isEqualTo("old-1"));
    assertThat(runs.baselines().baselineRun("sales")).isEmpty();
  }

  private static RunRecord record(String runId, String status) {
    return new RunRecord(runId, status, Instant.parse("2026-11-21T09:00:00Z"), Map.of(), List.of(), null, null,
        List.of());
  }

  private void night(String watchList, String runId) {
    runs.nextNight();
    runs.planIn(watchList, runId, null, "acme", "Acme Analytics");
    SourceDocument pricing = runs.document(SourceKind.WEBSITE, PRICING, "Pricing", PRICING_TEXT);
    runs.gathered(runId, "acme", pricing);
    runs.analyseAll(runId, "acme");
  }
}
