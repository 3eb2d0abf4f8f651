package io.rivalwatch.retention;

import io.rivalwatch.artefact.ArtefactInventory;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.baseline.Baselines;
import io.rivalwatch.planning.PlanningService;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link BaselineRuns} by the watch lists' own rule ({@link Baselines#baselineRun}): one baseline per history area,
 * the unscoped one kept by the list that owns it (ADR 0023), each other by the list it is named after.
 */
public class WatchListBaselines implements BaselineRuns {

  private final ArtefactInventory inventory;
  private final Baselines baselines;
  private final PlanningService planning;

  public WatchListBaselines(ArtefactInventory inventory, Baselines baselines, PlanningService planning) {
    this.inventory = inventory;
    this.baselines = baselines;
    this.planning = planning;
  }

  @Override
  public Map<String, String> byWatchList() {
    Map<String, String> byList = new TreeMap<>();
    for (String area : inventory.areas()) {
      String watchList = area.equals(ArtefactKeys.HISTORY) ? planning.unscopedAreasOwner()
          : area.startsWith(ArtefactKeys.HISTORY_AREA_PREFIX)
              ? area.substring(ArtefactKeys.HISTORY_AREA_PREFIX.length()) : null;
      if (watchList != null) {
        baselines.baselineRun(watchList).ifPresent(baseline -> byList.put(watchList, baseline.runId()));
      }
    }
    return byList;
  }
}
