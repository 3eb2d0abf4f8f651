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
import org.springframework.stereotype.Component;

/**
 * The model-written summary of a revision, kept as its own artefact so a retried job does not pay for it twice. A
 * model that cannot write it for good (access denied, invalid output) leaves the report without one and says so
 * under "What is missing"; a failure that may pass goes to the worker to retry.
 */
@Component
class ExecutiveSummaries {

  private final ArtefactStore store;
  private final PaidResults paid;
  private final ExecutiveSummaryWriter summaries;

  ExecutiveSummaries(ArtefactStore store, PaidResults paid, ExecutiveSummaryWriter summaries) {
    this.store = store;
    this.paid = paid;
    this.summaries = summaries;
  }

  /** The summary, or null without one (the reason is added to {@code missing}). */
  String of(SummaryRequest request, List<String> missing) {
    ArtefactKey key = ArtefactKeys.executiveSummary(request.runId(), request.revision());
    var stored = store.read(key);
    if (stored.isPresent()) {
      return new String(stored.get(), StandardCharsets.UTF_8);
    }
    try {
      return paid.computeAndStore(key, () -> summaries.write(request).orElse(""), text -> {
        if (!text.isEmpty()) {
          store.createIfAbsent(key, text.getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
        }
        return text.isEmpty() ? null : text;
      });
    } catch (OutsideServiceException e) {
      if (e.mayPass()) {
        throw e;
      }
      missing.add("Executive summary: not written, " + e.getMessage());
      return null;
    } catch (ModelOutputInvalidException e) {
      missing.add("Executive summary: not written, " + e.getMessage());
      return null;
    } catch (BudgetSpentException e) {
      missing.add("Executive summary: not written by a model, " + e.getMessage());
      return null;
    }
  }
}
