package io.rivalwatch.analysis;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which runs analysed which competitor, kept in the artefact store across runs, so a run can find the previous
 * one to compare with ("what changed since last night") whatever memory store is in use.
 */
@Component
public class AnalysisHistory {

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final Clock clock;

  public AnalysisHistory(ArtefactStore store, ArtefactJson artefacts, Clock clock) {
    this.store = store;
    this.artefacts = artefacts;
    this.clock = clock;
  }

  /** One run that analysed one competitor. */
  public record Entry(String runId, String competitorId, Instant analysedAt) {
    static final ArtefactFormat<Entry> FORMAT = ArtefactFormat.of("analysed-in", Entry.class);
  }

  /** Notes that the run analysed the competitor; noting it again changes nothing. */
  public void recordAnalysed(String runId, String competitorId) {
    artefacts.createIfAbsent(ArtefactKeys.analysedIn(competitorId, runId),
        new Entry(runId, competitorId, clock.instant()));
  }

  /** The latest other run that analysed the competitor, if any (entries never change, so reads are cached). */
  public Optional<String> previousRun(String competitorId, String currentRunId) {
    return store.list(ArtefactKeys.HISTORY).stream()
        .filter(k -> k.phase().equals(ArtefactKeys.HISTORY_ANALYSED) && k.competitor().equals(competitorId))
        .map(k -> artefacts.require(k, Entry.class))
        .filter(e -> !e.runId().equals(currentRunId))
        .max(Comparator.comparing(Entry::analysedAt).thenComparing(Entry::runId))
        .map(Entry::runId);
  }
}
