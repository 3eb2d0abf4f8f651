package io.rivalwatch.baseline;

import io.rivalwatch.analysis.AnalysisHistory;
import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.WatchListScope;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The baseline of a watch list: the last report its people received, that is the latest run of the list whose report
 * was approved and delivered. "What changed" compares with it; a rejected, failed or unreviewed run, or one still in
 * review, never becomes a baseline (ADR 0023).
 *
 * <p>Each delivered run is one write-once entry in the list's history area ({@link ArtefactKeys#deliveredRun}),
 * written when the run's record says delivered. Runs recorded before delivered runs were kept (the list that keeps
 * the unscoped areas only) are found from the analysis history and their run records, so an upgraded installation
 * compares with its last delivered report from the first night on.
 */
@Component
public class Baselines {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final PlanningService planning;
  private final AnalysisHistory history;
  private final RecordedOutcomes outcomes;

  public Baselines(ArtefactStore store, ArtefactJson artefacts, PlanningService planning, AnalysisHistory history,
      RecordedOutcomes outcomes) {
    this.store = store;
    this.artefacts = artefacts;
    this.planning = planning;
    this.history = history;
    this.outcomes = outcomes;
  }

  /**
   * A delivered run a report compares with.
   *
   * @param runId the run whose report was delivered
   * @param watchList its watch list
   * @param deliveredAt when its run record said so
   */
  public record BaselineRun(String runId, String watchList, Instant deliveredAt) {

    static final ArtefactFormat<BaselineRun> FORMAT = ArtefactFormat.of("delivered-run", BaselineRun.class);

    public BaselineRun {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(deliveredAt, "deliveredAt");
    }

    /** "run r41 of 2026-12-05": how a report names it. */
    public String describe() {
      return "run " + runId + " of " + DAY.format(deliveredAt);
    }
  }

  /** What a run compares with, frozen at its first report; {@code baseline} null when the list delivered none. */
  record FrozenBaseline(BaselineRun baseline) {
    static final ArtefactFormat<FrozenBaseline> FORMAT = ArtefactFormat.of("run-baseline", FrozenBaseline.class);
  }

  /**
   * How runs of versions before delivered runs were kept ended: the port through which the run records, which the
   * outcome feature owns, tell when a run was recorded delivered.
   */
  @FunctionalInterface
  public interface RecordedOutcomes {
    /** When the run's record said delivered, or empty for any other outcome or none. */
    Optional<Instant> deliveredAt(String runId);
  }

  /**
   * Notes that the run's report was approved and delivered: from now on it is its watch list's baseline, until a later
   * run is delivered. Noting it again changes nothing.
   */
  public void recordDelivered(String runId, Instant deliveredAt) {
    WatchListScope scope = planning.scope(runId);
    artefacts.createIfAbsent(ArtefactKeys.deliveredRun(scope.historyArea(), runId),
        new BaselineRun(runId, scope.watchList(), deliveredAt));
  }

  /**
   * The baseline run of a watch list: its last delivered (approved) report, or empty when it delivered none yet. Its
   * artefacts are what the next report compares with, so whatever cleans the store up must keep this run.
   *
   * @param watchList the watch list's name
   */
  public Optional<BaselineRun> baselineRun(String watchList) {
    return latestDelivered(planning.scopeOf(watchList), null);
  }

  /**
   * What the run's report compares with: the baseline run of its watch list (never the run itself) when its first
   * revision was written, kept, so later revisions and retried jobs compare with the same run.
   */
  public Optional<BaselineRun> baselineFor(String runId) {
    ArtefactKey key = ArtefactKeys.runBaseline(runId);
    Optional<FrozenBaseline> frozen = artefacts.read(key, FrozenBaseline.class);
    if (frozen.isPresent()) {
      return Optional.ofNullable(frozen.get().baseline());
    }
    FrozenBaseline found = new FrozenBaseline(latestDelivered(planning.scope(runId), runId).orElse(null));
    return Optional.ofNullable(artefacts.createOrRead(key, found, FrozenBaseline.class).baseline());
  }

  private Optional<BaselineRun> latestDelivered(WatchListScope scope, String except) {
    Optional<BaselineRun> recorded = store.list(scope.historyArea()).stream()
        .filter(k -> k.phase().equals(ArtefactKeys.HISTORY_DELIVERED))
        .map(k -> artefacts.require(k, BaselineRun.class))
        .filter(b -> !b.runId().equals(except))
        .max(Comparator.comparing(BaselineRun::deliveredAt).thenComparing(BaselineRun::runId));
    if (recorded.isPresent() || !scope.unscoped()) {
      return recorded;
    }
    return deliveredBeforeScoping(scope, except);
  }

  /** The latest run of the analysis history whose run record says delivered (runs of earlier versions). */
  private Optional<BaselineRun> deliveredBeforeScoping(WatchListScope scope, String except) {
    for (AnalysisHistory.Entry run : history.runs(scope)) {
      if (run.runId().equals(except)) {
        continue;
      }
      Optional<Instant> delivered = outcomes.deliveredAt(run.runId());
      if (delivered.isPresent()) {
        return Optional.of(new BaselineRun(run.runId(), scope.watchList(), delivered.get()));
      }
    }
    return Optional.empty();
  }
}
