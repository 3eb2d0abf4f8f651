package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.cost.BudgetReport;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The report revisions a run has stored. A revision is complete once its summary is stored (written last), so a
 * retried job returns the revision it already wrote.
 */
@Component
public class WrittenReports {

  private final ArtefactStore store;
  private final ArtefactLinks links;
  private final BudgetReport budget;

  public WrittenReports(ArtefactStore store, ArtefactLinks links, BudgetReport budget) {
    this.store = store;
    this.links = links;
    this.budget = budget;
  }

  boolean isStored(String runId, int revision) {
    return store.exists(ArtefactKeys.reportMarkdown(runId, revision))
        && store.exists(ArtefactKeys.reportSummary(runId, revision));
  }

  /** The run's latest report revision, if it has one. */
  public Optional<WrittenReport> latest(String runId) {
    int revision = latestRevision(runId);
    return revision == 0 ? Optional.empty() : Optional.of(stored(runId, revision));
  }

  /** The number of the run's latest complete revision, 0 when it has none. */
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
