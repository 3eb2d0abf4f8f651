package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.ModelOutputInvalidException;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.PaidResults;
import io.rivalwatch.cost.BudgetSpentException;
import io.rivalwatch.failure.OutsideServiceException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The model-written summary of a revision, kept as its own artefact so a retried job does not pay for it twice. A
 * summary whose inputs are those of an earlier run's ({@link SummaryFingerprint}) is copied from it instead of being
 * written again ({@link SummaryReuse}), unless the run is a full refresh. A model that cannot write it for good
 * (access denied, invalid output) leaves the report without one and says so under "What is missing"; a failure that
 * may pass goes to the worker to retry.
 */
@Component
class ExecutiveSummaries {

  private final ArtefactStore store;
  private final PaidResults paid;
  private final ExecutiveSummaryWriter summaries;
  private final SummaryReuse reuse;

  ExecutiveSummaries(ArtefactStore store, PaidResults paid, ExecutiveSummaryWriter summaries, SummaryReuse reuse) {
    this.store = store;
    this.paid = paid;
    this.summaries = summaries;
    this.reuse = reuse;
  }

  /**
   * A revision's summary and, when it was reused from an earlier run, the line that says so.
   *
   * @param text the summary, or null without one
   */
  record Summary(String text, Optional<String> reusedNote) {

    static final Summary NONE = new Summary(null, Optional.empty());
  }

  /**
   * The summary, reused when an earlier run's had the same inputs; without one the reason is added to
   * {@code missing}.
   *
   * @param fullRefresh true when the run asked for everything to be made again: the summary is written anew too
   */
  Summary of(SummaryRequest request, boolean fullRefresh, List<String> missing) {
    ArtefactKey key = ArtefactKeys.executiveSummary(request.runId(), request.revision());
    String fingerprint = SummaryFingerprint.of(request, summaries.version(request.runId()));
    var stored = store.read(key);
    if (stored.isPresent()) {
      SummaryReuse.SummaryProvenance provenance = reuse.provenance(request.runId(), request.revision())
          .orElseGet(() -> reuse.settle(request.runId(), request.revision(), fingerprint,
              summaries.version(request.runId()), stored.get(),
              !summaries.degraded(new String(stored.get(), StandardCharsets.UTF_8))));
      return new Summary(new String(stored.get(), StandardCharsets.UTF_8), provenance.note());
    }
    if (!fullRefresh) {
      Optional<SummaryReuse.Reusable> reusable = reuse.find(fingerprint);
      if (reusable.isPresent()) {
        SummaryReuse.SummaryProvenance copied = reuse.copy(request.runId(), request.revision(), reusable.get());
        return new Summary(reusable.get().text(), copied.note());
      }
    }
    try {
      String text = paid.computeAndStore(key, () -> summaries.write(request).orElse(""), written -> {
        if (!written.isEmpty()) {
          store.createIfAbsent(key, written.getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
        }
        return written.isEmpty() ? null : written;
      });
      if (text != null) {
        // a summary a fallback wrote is not what the next night should reuse: it asks the usual model again
        reuse.written(request.runId(), request.revision(), fingerprint, summaries.version(request.runId()),
            !summaries.degraded(text));
      }
      return new Summary(text, Optional.empty());
    } catch (OutsideServiceException e) {
      if (e.mayPass()) {
        throw e;
      }
      missing.add("Executive summary: not written, " + e.getMessage());
      return Summary.NONE;
    } catch (ModelOutputInvalidException e) {
      missing.add("Executive summary: not written, " + e.getMessage());
      return Summary.NONE;
    } catch (BudgetSpentException e) {
      missing.add("Executive summary: not written by a model, " + e.getMessage());
      return Summary.NONE;
    }
  }
}
