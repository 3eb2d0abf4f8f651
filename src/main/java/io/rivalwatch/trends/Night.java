package io.rivalwatch.trends;

import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One night of a watch list on its trend dashboard: a run that ended, and what it saw of each competitor. Stored
 * once per run ({@code ArtefactKeys#trendNight}) when the run ends, so drawing the dashboard reads one small artefact
 * per night instead of every night's documents and analyses.
 *
 * @param runId the run
 * @param watchList the list it was planned from
 * @param status how the run ended: "delivered", "rejected", "failed" or "published-internally-unreviewed"
 * @param endedAt when its run record was written
 * @param reportRevision the latest report revision the run wrote, or null when it wrote none (failed before)
 * @param costUsd what the run's model calls cost, report writing included
 * @param competitors each competitor of the run's frozen watch list, in its order
 */
public record Night(String runId, String watchList, String status, Instant endedAt, Integer reportRevision,
    double costUsd, List<CompetitorNight> competitors) {

  public static final String DELIVERED = "delivered";
  static final ArtefactFormat<Night> FORMAT = ArtefactFormat.of("trend-night", Night.class);

  public Night {
    competitors = competitors == null ? List.of() : List.copyOf(competitors);
  }

  /** True when the report of this night reached its readers. */
  public boolean delivered() {
    return DELIVERED.equals(status);
  }

  /**
   * What one run saw of one competitor. Null fields: the analysis or the comparison was not there (skipped
   * competitor, failed analysis, a run that failed before).
   *
   * @param sentiment the sentiment analysis' overall score, -1 to 1
   * @param pricePoints the positioning analysis' price points as written on the pages, most telling first
   * @param signals strategic signals by kind: supporting sentences where the analyser counts them, else findings
   * @param documents the documents gathered, against the list's previous night
   * @param costUsd what this competitor's model calls cost
   */
  public record CompetitorNight(String id, String name, Double sentiment, List<String> pricePoints,
      Map<String, Integer> signals, DocumentCounts documents, double costUsd) {

    public CompetitorNight {
      pricePoints = pricePoints == null ? null : List.copyOf(pricePoints);
      signals = signals == null ? null : java.util.Collections.unmodifiableMap(new TreeMap<>(signals));
    }
  }

  /**
   * The documents of a night against the list's previous night, by address and content hash.
   *
   * @param added addresses the previous night did not read (all of them on the list's first night)
   * @param changed the same address with other text
   * @param unchanged the same address and text
   * @param gone addresses the previous night read and this one did not
   * @param comparedWith the previous night's run, or null on the list's first night
   */
  public record DocumentCounts(int added, int changed, int unchanged, int gone, String comparedWith) {}
}
