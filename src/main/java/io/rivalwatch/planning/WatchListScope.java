package io.rivalwatch.planning;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.memory.MemoryEntry;
import java.util.Objects;

/**
 * Where one watch list keeps what spans its runs: its area of the artefact store (history, analysis and summary
 * reuse, failed pages, delivered reports) and its memory namespaces. Two lists never share an area or a namespace, so
 * two lists watching the same competitor never read each other's baselines, reuse or memory (ADR 0023).
 *
 * <p>One list keeps the unscoped areas of earlier versions ({@code history/...}, memory {@code competitors/<id>} and
 * {@code runs}): the list that was the default watch list when this version first planned a run. Its stored data
 * stays where it is and is read as before, with no migration; every other list gets {@code history-<name>} and
 * {@code lists/<name>/...}.
 *
 * @param watchList the list's name
 * @param unscoped true for the list that keeps the areas of earlier versions
 */
public record WatchListScope(String watchList, boolean unscoped) {

  static final ArtefactFormat<WatchListScope> FORMAT = ArtefactFormat.of("watch-list-scope", WatchListScope.class);

  public WatchListScope {
    Objects.requireNonNull(watchList, "watchList");
  }

  /** The first segment of this list's keys that span runs: {@code history} or {@code history-<name>}. */
  public String historyArea() {
    return unscoped ? ArtefactKeys.HISTORY : ArtefactKeys.historyArea(watchList);
  }

  /** The memory namespace of one competitor as this list sees it. */
  public String competitorNamespace(String competitorId) {
    return scoped(MemoryEntry.competitorNamespace(competitorId));
  }

  /** The memory namespace of this list's run log. */
  public String runNamespace() {
    return scoped(MemoryEntry.RUN_NAMESPACE);
  }

  private String scoped(String namespace) {
    return unscoped ? namespace : MemoryEntry.inWatchList(watchList, namespace);
  }
}
