package io.rivalwatch.resilience;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.ArtefactKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Dead letters: items a run gave up on (a source, an analysis, a delivery) after their retries, or at once for a
 * fatal error, kept with the reason so they can be retried later without restarting the run.
 */
@Component
public class ParkedItems {


  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final Clock clock;

  public ParkedItems(ArtefactStore store, ArtefactJson artefacts, Clock clock) {
    this.store = store;
    this.artefacts = artefacts;
    this.clock = clock;
  }

  /**
   * Parks an item; parking it again keeps the first record.
   *
   * @param competitorId the competitor, or null for run-wide items
   * @param name which one of its kind: the source kind, analysis kind or channel id
   */
  public void park(String runId, String competitorId, ParkedItem.Kind kind, String name, String jobType,
      String elementId, String lastError) {
    ParkedItem item = new ParkedItem(runId, competitorId, kind, name, jobType, elementId, lastError, clock.instant());
    artefacts.createIfAbsent(ArtefactKeys.parked(runId, competitorId, item.item()), item);
  }

  /** The run's parked items that have not been retried successfully since. */
  public List<ParkedItem> list(String runId) {
    List<ArtefactKey> keys = store.list(runId).stream().filter(k -> k.phase().equals(ArtefactKeys.PARKED)).toList();
    java.util.Set<String> retried = new java.util.HashSet<>();
    keys.stream().filter(k -> k.name().endsWith(ArtefactKeys.PARKED_RETRIED_SUFFIX))
        .forEach(k -> retried.add(k.competitor() + "/"
        + k.name().substring(0, k.name().length() - ArtefactKeys.PARKED_RETRIED_SUFFIX.length())));
    return keys.stream()
        .filter(k -> !k.name().endsWith(ArtefactKeys.PARKED_RETRIED_SUFFIX))
        .filter(k -> !retried.contains(k.competitor() + "/" + k.name().substring(0, k.name().length() - 5)))
        .map(k -> artefacts.require(k, ParkedItem.class))
        .toList();
  }

  /** Marks an item as recovered by a later retry; its record stays, for the audit. */
  public void markRetried(ParkedItem item) {
    artefacts.createIfAbsent(ArtefactKeys.parkedRetried(item.runId(), item.competitorId(), item.item()),
        new Retried(clock.instant()));
  }

  /** A parked item's successful retry. */
  record Retried(java.time.Instant retriedAt) {
    static final ArtefactFormat<Retried> FORMAT = ArtefactFormat.of("parked-item-retried", Retried.class);
  }
}
