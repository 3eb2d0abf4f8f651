package io.rivalwatch.audit;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The run's audit trail, kept write-once in the artefact store (create-if-absent writes: an entry once written is
 * never replaced, and a retried job that records the same entry id again writes nothing).
 */
@Service
public class AuditTrail {


  private final ArtefactJson artefacts;
  private final ArtefactStore store;

  public AuditTrail(ArtefactJson artefacts, ArtefactStore store) {
    this.artefacts = artefacts;
    this.store = store;
  }

  /**
   * Records an entry once.
   *
   * @param entryId unique within the run and stable across retries of the same action (e.g. the job key of the
   *     job that recorded it); letters, digits, '.', '_' or '-'
   * @return true when this call wrote it, false when an entry with this id was already there
   */
  public boolean record(String entryId, AuditEntry entry) {
    return artefacts.createIfAbsent(ArtefactKeys.auditEntry(entry.runId(), entryId), entry);
  }

  /** The run's entries, oldest first. */
  public List<AuditEntry> entries(String runId) {
    return store.list(runId).stream()
        .filter(key -> ArtefactKeys.AUDIT.equals(key.phase()))
        .map(key -> artefacts.read(key, AuditEntry.class))
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(AuditEntry::at))
        .toList();
  }
}
