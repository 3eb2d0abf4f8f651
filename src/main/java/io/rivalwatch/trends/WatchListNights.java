package io.rivalwatch.trends;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.WatchLists;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds a watch list's past runs: every run planned from the list that ended (its run record written), one
 * {@link Night} each, kept under the list's name ({@code dashboard/nights/<list>/<runId>.json}). The one place that
 * knows which list a run belongs to and where a list's runs are found, so a change in how runs are scoped by watch
 * list changes this class only.
 */
@Component
public class WatchListNights {

  /** The nights a dashboard shows: the latest ones. */
  static final int SHOWN = 30;

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final PlanningService planning;

  /**
   * Nights read on this instance, by key. A night is written once and never changed ({@link #record}), so the run's
   * end, which reads the list's nights twice (the previous night, then the page), reads from the store only nights
   * this instance has not seen: the one it just recorded is kept here too (issue 14). A night the store no longer
   * lists is no longer shown, kept here or not.
   */
  private final Cache<ArtefactKey, Night> read = Caffeine.newBuilder().maximumSize(8L * SHOWN).build();

  public WatchListNights(ArtefactStore store, ArtefactJson artefacts, PlanningService planning) {
    this.store = store;
    this.artefacts = artefacts;
    this.planning = planning;
  }

  /** The list the run was planned from; empty for a run that never got planned. */
  public Optional<String> watchListOf(String runId) {
    return planning.watchList(runId).filter(WatchLists::isName);
  }

  /** The list's latest {@link #SHOWN} nights, oldest first. */
  public List<Night> nights(String watchList) {
    List<Night> all = store.list(ArtefactKeys.DASHBOARD).stream()
        .filter(k -> k.phase().equals(ArtefactKeys.TREND_NIGHTS) && k.competitor().equals(watchList))
        .map(k -> read.get(k, key -> artefacts.require(key, Night.class)))
        .sorted(Comparator.comparing(Night::endedAt).thenComparing(Night::runId))
        .toList();
    return all.subList(Math.max(0, all.size() - SHOWN), all.size());
  }

  /** The list's night that ended last before {@code endedAt}, other than the run itself. */
  public Optional<Night> previous(String watchList, String runId, Instant endedAt) {
    return nights(watchList).stream()
        .filter(n -> !n.runId().equals(runId) && !n.endedAt().isAfter(endedAt))
        .reduce((earlier, later) -> later);
  }

  /** Keeps the night (once: a retried job keeps the first) and returns what is stored. */
  public Night record(Night night) {
    ArtefactKey key = ArtefactKeys.trendNight(night.watchList(), night.runId());
    Night stored = artefacts.createOrRead(key, night, Night.class);
    read.put(key, stored);
    return stored;
  }

  /** Whether the run already has its night on the list's dashboard. */
  public Optional<Night> stored(String watchList, String runId) {
    return artefacts.read(ArtefactKeys.trendNight(watchList, runId), Night.class);
  }
}
