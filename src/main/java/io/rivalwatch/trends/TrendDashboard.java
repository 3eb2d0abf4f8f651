package io.rivalwatch.trends;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.distribution.DashboardPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The trend dashboard of each watch list: when a run ends, its night is kept under its list and the list's page is
 * drawn again from the list's latest nights ({@code dashboard/site/<list>/index.html}), then the dashboard's index,
 * which links every list's page, is rebuilt. Every run that ended is a night, delivered or not (docs/dashboard.md).
 */
@Service
public class TrendDashboard {

  private final WatchListNights nights;
  private final NightReader reader;
  private final ArtefactStore store;
  private final DashboardPublisher index;

  TrendDashboard(WatchListNights nights, NightReader reader, ArtefactStore store, DashboardPublisher index) {
    this.nights = nights;
    this.reader = reader;
    this.store = store;
    this.index = index;
  }

  /**
   * Reads ahead what the run's night will say of its competitors, once they have all ended (their analyses,
   * documents and costs no longer change), so that {@link #publish} after the run's deliveries only adds how it
   * ended. Compared with the list's latest night now: if another night of the list ends before this run does,
   * {@link #publish} reads the competitors again. An optimisation only: nothing is stored.
   */
  public void prepare(String runId) {
    Optional<String> watchList = nights.watchListOf(runId);
    if (watchList.isEmpty() || nights.stored(watchList.get(), runId).isPresent()) {
      return;
    }
    reader.prepare(runId, nights.previous(watchList.get(), runId, Instant.MAX).map(Night::runId).orElse(null));
  }

  /**
   * Adds the ended run to its list's dashboard and draws the page again; repeating it changes nothing but the page.
   *
   * @param status how the run ended (its run record's status)
   * @param endedAt when its run record was written
   * @return what was done, for the job's log
   */
  public String publish(String runId, String status, Instant endedAt) {
    Optional<String> watchList = nights.watchListOf(runId);
    if (watchList.isEmpty()) {
      return "not on a trend dashboard: the run was not planned from a watch list";
    }
    String list = watchList.get();
    if (nights.stored(list, runId).isEmpty()) {
      Optional<Night> night = reader.read(runId, list, status, endedAt, nights.previous(list, runId, endedAt));
      if (night.isEmpty()) {
        return "not on a trend dashboard: the run was never planned";
      }
      nights.record(night.get());
    }
    List<Night> shown = nights.nights(list);
    store.overwrite(ArtefactKeys.trendDashboard(list), TrendPage.render(list, shown).getBytes(StandardCharsets.UTF_8),
        "text/html; charset=utf-8");
    index.refresh();
    return "trend dashboard of watch list " + list + ": " + shown.size() + (shown.size() == 1 ? " night" : " nights");
  }
}
