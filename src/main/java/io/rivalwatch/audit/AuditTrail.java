package io.rivalwatch.audit;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * The run's audit trail, kept write-once in the artefact store (create-if-absent writes: an entry once written is
 * never replaced, and a retried job that records the same entry id again writes nothing). See docs/audit.md.
 */
@Service
public class AuditTrail {

  static final String PHASE = "audit";
  private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

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
   * @return true when this call wrote it, false when an entry with this id was already there (that one stays)
   * @throws IllegalArgumentException when the entry id or the entry cannot be recorded, naming what to fix
   */
  public boolean record(String entryId, AuditEntry entry) {
    if (entryId == null || !ENTRY_ID.matcher(entryId).matches()) {
      throw new IllegalArgumentException("audit entry id '" + entryId + "' cannot name an entry. Fix: use 1-100 "
          + "letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (entry.runId() == null || entry.at() == null || entry.action() == null || entry.actor() == null
        || entry.actor().isBlank()) {
      throw new IllegalArgumentException("audit entry " + entryId + " needs a runId, a time, an action and an actor "
          + "(who or what acted); got " + entry);
    }
    return artefacts.createIfAbsent(key(entry.runId(), entryId), entry);
  }

  /** The entry recorded under this id, if any. */
  public Optional<AuditEntry> entry(String runId, String entryId) {
    return artefacts.read(key(runId, entryId), AuditEntry.class);
  }

  /** The run's entries, oldest first (entries of the same instant in the order of their actions). */
  public List<AuditEntry> entries(String runId) {
    return store.list(runId).stream()
        .filter(key -> PHASE.equals(key.phase()))
        .map(key -> artefacts.read(key, AuditEntry.class))
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::action))
        .toList();
  }

  private static ArtefactKey key(String runId, String entryId) {
    return ArtefactKey.forRun(runId, PHASE, entryId + ".json");
  }
}
