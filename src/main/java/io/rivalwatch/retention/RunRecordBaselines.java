package io.rivalwatch.retention;

import io.rivalwatch.artefact.ArtefactInventory;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.outcome.RunRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link BaselineRuns} from the run records: per watch list, the run whose record says "delivered" and was recorded
 * last. A run's watch list is the one its start named (the run-started audit entry in its record; runs that named
 * none share {@value #DEFAULT_WATCH_LIST}).
 */
public class RunRecordBaselines implements BaselineRuns {

  static final String DELIVERED = "delivered";
  /** What the run-started audit entry says for a run that named no watch list. */
  static final String DEFAULT_WATCH_LIST = "(the application's default)";

  private final ArtefactInventory inventory;
  private final ArtefactJson artefacts;

  public RunRecordBaselines(ArtefactInventory inventory, ArtefactJson artefacts) {
    this.inventory = inventory;
    this.artefacts = artefacts;
  }

  @Override
  public Map<String, String> byWatchList() {
    Map<String, RunRecord> latest = new HashMap<>();
    for (String area : inventory.areas()) {
      if (!RetentionService.isRunArea(area)) {
        continue;
      }
      artefacts.read(ArtefactKeys.runRecord(area), RunRecord.class)
          .filter(record -> DELIVERED.equals(record.status()) && record.recordedAt() != null)
          .ifPresent(record -> latest.merge(watchList(record), record,
              (a, b) -> a.recordedAt().isAfter(b.recordedAt()) ? a : b));
    }
    Map<String, String> baselines = new TreeMap<>();
    latest.forEach((watchList, record) -> baselines.put(watchList, record.runId()));
    return baselines;
  }

  private static String watchList(RunRecord record) {
    return record.audit().stream().filter(entry -> entry.action() == AuditAction.RUN_STARTED)
        .map(AuditEntry::details).map(details -> details.get("watchList")).filter(name -> name != null)
        .findFirst().orElse(DEFAULT_WATCH_LIST);
  }
}
