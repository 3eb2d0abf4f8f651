package io.rivalwatch.outcome;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.baseline.Baselines;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The run records as the baseline asks them: when a run was recorded delivered (runs of earlier versions). */
@Component
public class DeliveredRunRecords implements Baselines.RecordedOutcomes {

  private final ArtefactJson artefacts;

  public DeliveredRunRecords(ArtefactJson artefacts) {
    this.artefacts = artefacts;
  }

  @Override
  public Optional<Instant> deliveredAt(String runId) {
    return artefacts.read(ArtefactKeys.runRecord(runId), RunRecord.class)
        .filter(record -> RunRecordService.DELIVERED.equals(record.status()))
        .map(RunRecord::recordedAt);
  }
}
