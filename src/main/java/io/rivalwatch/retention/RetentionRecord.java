package io.rivalwatch.retention;

import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one run of the retention job deleted (or, in a dry run, would have deleted), written once to the store
 * ({@code retention/retention/_run/<as-of>-<job>.json}).
 *
 * @param asOf the time retention was measured against (the engine's time when the job was created)
 * @param dryRun true when nothing was deleted, only listed
 * @param startedAt when the job started, on this instance's clock
 * @param finishedAt when it finished
 * @param held run id to why it was kept whatever its age: "running", or "baseline of watch list NAME"
 * @param artefacts per retention class: how many artefacts went and their bytes
 * @param deleted every artefact that went (its path), in path order
 * @param keptForHolds artefacts past their class kept because their run is held
 * @param memory per kind (entry, event, record): how many went
 * @param memoryDeleted every memory item that went: kind, id, run
 * @param memoryKeptForHolds memory items past their class kept because their run is held
 */
public record RetentionRecord(
    Instant asOf, boolean dryRun, Instant startedAt, Instant finishedAt, Map<String, String> held,
    Map<String, Amount> artefacts, List<String> deleted, int keptForHolds, Map<String, Integer> memory,
    List<String> memoryDeleted, int memoryKeptForHolds) {

  static final ArtefactFormat<RetentionRecord> FORMAT = ArtefactFormat.of("retention-record", RetentionRecord.class);

  /** How many artefacts of a class and how many bytes. */
  public record Amount(int count, long bytes) {}

  /** Artefacts that went (or would go), over every class. */
  public int deletedCount() {
    return deleted.size();
  }
}
