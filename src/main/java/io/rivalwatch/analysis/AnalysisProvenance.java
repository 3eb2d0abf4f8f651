package io.rivalwatch.analysis;

import io.rivalwatch.artefact.ArtefactFormat;
import java.util.List;

/**
 * Where one run's analysis of one competitor came from: what it was given, and whether the analyser ran in this
 * run or an earlier run's result was reused because its input was the same. Stored beside the result
 * ({@code <run>/analysis/<competitor>/<kind>-provenance.json}) before the result, so a retried job follows the
 * same decision.
 *
 * @param runId the run this analysis belongs to
 * @param fingerprint {@link AnalysisFingerprint} of the input
 * @param analyser the analyser's {@link Analyser#version}
 * @param competitorName the name the competitor had (part of the input)
 * @param documents the documents the analysis was given, by address and content hash, in address order
 * @param analysedIn the run in which the analyser produced the result: this run, or the earlier run it is reused
 *     from
 * @param copiedFrom the run whose stored result was copied into this run, or null when the analyser ran here
 * @param reason why it was analysed again or reused, in words for the report
 * @param madeBy in the reuse index only: the fallback link that made the result, when not the task's own model
 *     (then {@code fingerprint} and {@code analyser} are that link's, so the next run analyses again); else null
 */
public record AnalysisProvenance(
    String runId,
    String competitorId,
    AnalysisKind kind,
    String fingerprint,
    String analyser,
    String competitorName,
    List<DocumentVersion> documents,
    String analysedIn,
    String copiedFrom,
    String reason,
    MadeBy madeBy) {
  static final ArtefactFormat<AnalysisProvenance> FORMAT =
      ArtefactFormat.of("analysis-provenance", AnalysisProvenance.class);

  public AnalysisProvenance(String runId, String competitorId, AnalysisKind kind, String fingerprint,
      String analyser, String competitorName, List<DocumentVersion> documents, String analysedIn, String copiedFrom,
      String reason) {
    this(runId, competitorId, kind, fingerprint, analyser, competitorName, documents, analysedIn, copiedFrom, reason,
        null);
  }

  public AnalysisProvenance {
    documents = documents == null ? List.of() : List.copyOf(documents);
  }

  /** One document as an analysis saw it. */
  public record DocumentVersion(String url, String contentHash) {}

  /** True when an earlier run's result was reused instead of calling the analyser. */
  public boolean reused() {
    return copiedFrom != null;
  }
}
