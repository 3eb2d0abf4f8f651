package io.rivalwatch.retention;

import io.rivalwatch.artefact.ArtefactInventory;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.StoredArtefact;
import io.rivalwatch.progress.ProgressTracker;
import io.rivalwatch.progress.RunProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The runs that may still be running, whose artefacts retention holds. A run is in flight when this instance's
 * progress shows it running, or when it was planned (its run-started artefact) and has no run record yet, unless it
 * started more than {@code abandonedAfter} ago (a cancelled or lost run writes no record: it is not held for ever).
 * The store sees every instance's runs; progress only this instance's, hence both.
 */
public class RunsInFlight {

  private final ArtefactInventory inventory;
  private final ProgressTracker progress;
  private final Duration abandonedAfter;

  /** @param progress this instance's progress, or null where none runs (tools, tests of the service alone) */
  public RunsInFlight(ArtefactInventory inventory, ProgressTracker progress, Duration abandonedAfter) {
    this.inventory = inventory;
    this.progress = progress;
    this.abandonedAfter = abandonedAfter;
  }

  /** Run ids in flight as of {@code asOf}. */
  public Set<String> asOf(Instant asOf) {
    Set<String> running = new TreeSet<>();
    if (progress != null) {
      for (RunProgress run : progress.runs()) {
        if (run.endedAt() == null) {
          running.add(run.runId());
        }
      }
    }
    for (String area : inventory.areas()) {
      if (!RetentionService.isRunArea(area) || running.contains(area)) {
        continue;
      }
      String started = ArtefactKeys.runStarted(area).path();
      String recorded = ArtefactKeys.runRecord(area).path();
      Instant startedAt = null;
      boolean hasRecord = false;
      for (StoredArtefact artefact : inventory.stored(area)) {
        String path = artefact.key().path();
        if (path.equals(started)) {
          startedAt = artefact.writtenAt();
        } else if (path.equals(recorded)) {
          hasRecord = true;
        }
      }
      if (startedAt != null && !hasRecord && startedAt.plus(abandonedAfter).isAfter(asOf)) {
        running.add(area);
      }
    }
    return running;
  }
}
