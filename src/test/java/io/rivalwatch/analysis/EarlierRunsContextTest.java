package io.rivalwatch.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.testsupport.StoredRuns;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompts label the analyses' memory context "notes from earlier runs": it holds no note of the run itself,
 * neither its research milestones nor its other analyses.
 */
class EarlierRunsContextTest {

  @TempDir Path directory;

  /** Remembers everything and answers every search with all it holds, as a store that ignored the run filters. */
  private static final class EverythingMemory implements MemoryStore {
    final List<MemoryEntry> entries = new ArrayList<>();
    final List<MemoryQuery> queries = new ArrayList<>();

    @Override
    public synchronized void record(MemoryEntry entry) {
      entries.add(entry);
    }

    @Override
    public synchronized List<MemoryHit> search(MemoryQuery query) {
      queries.add(query);
      return entries.stream().map(e -> new MemoryHit(e, 0.9)).toList();
    }
  }

  @Test
  void theAnalysesOfARunSeeOnlyNotesOfEarlierRuns() {
    EverythingMemory memory = new EverythingMemory();
    StoredRuns runs = new StoredRuns(directory, memory);
    memory.record(new MemoryEntry("run-1/research/acme", MemoryEntry.competitorNamespace("acme"), "run-1",
        "research", "acme", "sufficient", "Research of Acme in run run-1 found pricing.",
        Instant.parse("2026-11-19T02:00:00Z")));
    memory.record(new MemoryEntry("run-2/research/acme", MemoryEntry.competitorNamespace("acme"), "run-2",
        "research", "acme", "sufficient", "Research of Acme in run run-2 found a new plan.",
        Instant.parse("2026-11-20T02:00:00Z")));
    runs.plan("run-2", null, "acme", "Acme Analytics");
    runs.gathered("run-2", "acme", runs.document(SourceKind.WEBSITE, "https://acme.example/pricing", "Pricing",
        "The Team plan of Acme Analytics costs $49 per user per month. Customers love the fast answers of Ask Acme."
            + " Acme launched a governed semantic layer for enterprise data teams this year. Analysts praise its"
            + " pricing, and more than 1,400 enterprises run their weekly business reviews on Acme."));

    runs.analyseAll("run-2", "acme");

    List<AnalysisInput> inputs = runs.analyser().inputs();
    assertThat(inputs).hasSize(3);
    for (AnalysisInput input : inputs) {
      // run-2's own research note and its earlier analyses (recorded by now) are not context
      assertThat(input.memory()).extracting(hit -> hit.entry().runId()).containsOnly("run-1");
    }
    assertThat(memory.entries).extracting(MemoryEntry::runId).contains("run-2");
    // the store is asked for earlier runs only, so a store that filters returns a full set of hits
    assertThat(memory.queries).isNotEmpty().allSatisfy(q -> assertThat(q.excludeRunId()).isEqualTo("run-2"));
  }
}
