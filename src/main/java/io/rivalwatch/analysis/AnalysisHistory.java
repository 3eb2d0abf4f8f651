package io.rivalwatch.analysis;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.WatchListScope;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Which runs of a watch list analysed which competitor, kept in the list's history area across runs. What a report
 * compares with is the list's last delivered report ({@code baseline.Baselines}); this history tells the runs of
 * versions before delivered reports were recorded, whose run records say how they ended.
 */
@Component
public class AnalysisHistory {

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final PlanningService planning;
  private final Clock clock;

  public AnalysisHistory(ArtefactStore store, ArtefactJson artefacts, PlanningService planning, Clock clock) {
    this.store = store;
    this.artefacts = artefacts;
    this.planning = planning;
    this.clock = clock;
  }

  /** One run that analysed one competitor. */
  public record Entry(String runId, String competitorId, Instant analysedAt) {
    static final ArtefactFormat<Entry> FORMAT = ArtefactFormat.of("analysed-in", Entry.class);
  }

  /** Notes that the run analysed the competitor; noting it again changes nothing. */
  public void recordAnalysed(String runId, String competitorId) {
    artefacts.createIfAbsent(ArtefactKeys.analysedIn(planning.scope(runId).historyArea(), competitorId, runId),
        new Entry(runId, competitorId, clock.instant()));
  }

  /** The runs of the watch list that analysed anything, each once, latest first. */
  public List<Entry> runs(WatchListScope scope) {
    return store.list(scope.historyArea()).stream()
        .filter(k -> k.phase().equals(ArtefactKeys.HISTORY_ANALYSED))
        .map(k -> artefacts.require(k, Entry.class))
        .sorted(Comparator.comparing(Entry::analysedAt).thenComparing(Entry::runId).reversed())
        .filter(distinctRuns())
        .toList();
  }

  private static java.util.function.Predicate<Entry> distinctRuns() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    return e -> seen.add(e.runId());
  }
}
