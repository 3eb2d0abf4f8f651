package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.cost.BudgetReport;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The report revisions a run has stored. A revision is complete once its summary is stored (written last), so a
 * retried job returns the revision it already wrote. Revisions rebuilt from a stored input follow the run's own
 * (docs/rebuilding-reports.md).
 */
@Component
public class WrittenReports {

  private final ArtefactStore store;
  private final ArtefactJson json;
  private final ArtefactLinks links;
  private final BudgetReport budget;

  public WrittenReports(ArtefactStore store, ArtefactJson json, ArtefactLinks links, BudgetReport budget) {
    this.store = store;
    this.json = json;
    this.links = links;
    this.budget = budget;
  }

  boolean isStored(String runId, int revision) {
    return store.exists(ArtefactKeys.reportMarkdown(runId, revision))
        && store.exists(ArtefactKeys.reportSummary(runId, revision));
  }

  /**
   * The latest report revision the run wrote itself, if it has one: what a redelivery sends. A revision rebuilt later
   * with a newer renderer ({@link ReportRebuilds}) is not one; it is never delivered.
   */
  public Optional<WrittenReport> latest(String runId) {
    int revision = latestWrittenByRun(runId);
    return revision == 0 ? Optional.empty() : Optional.of(stored(runId, revision));
  }

  /** The number of the latest revision the run wrote itself (not rebuilt), 0 when it has none. */
  int latestWrittenByRun(String runId) {
    int revision = latestRevision(runId);
    while (revision > 0 && json.read(ArtefactKeys.reportInput(runId, revision), StoredReportInput.class)
        .map(StoredReportInput::rebuiltFrom).isPresent()) {
      revision--;
    }
    return revision;
  }

  /** The number of the run's latest complete revision (rebuilt ones included), 0 when it has none. */
  int latestRevision(String runId) {
    int revision = 0;
    while (store.exists(ArtefactKeys.reportSummary(runId, revision + 1))) {
      revision++;
    }
    return revision;
  }

  WrittenReport stored(String runId, int revision) {
    String summary = store.read(ArtefactKeys.reportSummary(runId, revision))
        .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    // a revision written before the review form showed changes has none: the form then hides the part
    String changes = store.read(ArtefactKeys.reportChanges(runId, revision))
        .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    return new WrittenReport(revision, ArtefactKeys.reportMarkdown(runId, revision).path(),
        links.linkTo(ArtefactKeys.reportHtml(runId, revision)), summary, changes, budget.status(runId).orElse(null));
  }
}
