package io.rivalwatch.retention;

import java.util.Map;

/**
 * The baseline run of each watch list: the run a watch list's next report is compared with, which retention never
 * deletes. Supplied by {@link WatchListBaselines}; a port so the store
 * tests can name their holds.
 */
public interface BaselineRuns {

  /** Watch list name to the run id of its baseline, for each watch list that has one. */
  Map<String, String> byWatchList();
}
