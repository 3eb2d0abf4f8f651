package io.rivalwatch.cost;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.failure.OutsideServiceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The model-call audit of each run, kept beside the usage ledger: one write-once artefact per call
 * ({@code <run>/model-calls/<competitor>/<task>-<call>.json}), never replaced. Like the ledger, an entry the store
 * refuses waits in this worker and goes with the next one, so a store outage neither fails the call nor loses its
 * entry while the worker lives. See docs/audit.md.
 */
@Service
public class ModelCallAuditLog {

  private static final Logger log = LoggerFactory.getLogger(ModelCallAuditLog.class);

  private final ArtefactJson artefacts;
  private final ArtefactStore store;
  private final Map<ArtefactKey, ModelCallAudit> pending = new LinkedHashMap<>();

  public ModelCallAuditLog(ArtefactJson artefacts, ArtefactStore store) {
    this.artefacts = artefacts;
    this.store = store;
  }

  /** Keeps one call's entry once (an entry of a call outside a run is not kept). */
  public void record(ModelCallAudit entry) {
    if (entry.runId() == null) {
      return;
    }
    ArtefactKey key = ArtefactKeys.modelCallAudit(entry.runId(), entry.competitorId(), entry.task(), entry.callId());
    Map<ArtefactKey, ModelCallAudit> toWrite;
    synchronized (pending) {
      pending.put(key, entry);
      toWrite = new LinkedHashMap<>(pending);
    }
    toWrite.forEach((each, value) -> {
      try {
        artefacts.createIfAbsent(each, value);
        synchronized (pending) {
          pending.remove(each);
        }
      } catch (OutsideServiceException e) {
        log.warn("model-call audit entry of {} in run {} not written yet ({}); kept for the next write",
            value.task(), value.runId(), e.getMessage());
      }
    });
  }

  /** The run's entries in the order the calls were made: those written and those this worker still holds. */
  public List<ModelCallAudit> entries(String runId) {
    List<ArtefactKey> written = store.list(runId).stream()
        .filter(k -> k.phase().equals(ArtefactKeys.MODEL_CALLS)).toList();
    List<ModelCallAudit> entries = new ArrayList<>(written.stream()
        .map(k -> artefacts.require(k, ModelCallAudit.class)).toList());
    synchronized (pending) {
      pending.forEach((key, entry) -> {
        if (runId.equals(entry.runId()) && !written.contains(key)) {
          entries.add(entry);
        }
      });
    }
    entries.sort(Comparator.comparing(ModelCallAudit::calledAt).thenComparing(ModelCallAudit::callId));
    return entries;
  }

  /** The run's entries as CSV, one row per call (see {@link ModelCallAuditCsv}). */
  public String csv(String runId) {
    return ModelCallAuditCsv.write(entries(runId));
  }
}
