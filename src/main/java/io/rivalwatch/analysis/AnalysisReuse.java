package io.rivalwatch.analysis;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.analysis.AnalysisProvenance.DocumentVersion;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.research.SourceDocument;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Decides whether a run's analysis of a competitor can reuse an earlier run's result: it can when the input's
 * {@link AnalysisFingerprint} is the one the last stored analysis of that competitor and kind was made from, and
 * that result is still stored. The index of last analyses spans the runs of one watch list
 * ({@code <history area>/reuse/<competitor>/<kind>.json}, replaced as runs go by; another list never reads it); each
 * run keeps its own decision as an {@link AnalysisProvenance}.
 */
@Component
public class AnalysisReuse {


  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final PlanningService planning;

  public AnalysisReuse(ArtefactStore store, ArtefactJson artefacts, PlanningService planning) {
    this.store = store;
    this.artefacts = artefacts;
    this.planning = planning;
  }

  /** What the run decided for this analysis, once it has. */
  public Optional<AnalysisProvenance> provenance(String runId, String competitorId, AnalysisKind kind) {
    return artefacts.read(ArtefactKeys.analysisProvenance(runId, competitorId, kind.id()), AnalysisProvenance.class);
  }

  /**
   * Decides once per run and analysis, and keeps the decision: a retried job (even one retried from the parked
   * list days later) follows the first decision instead of looking again.
   *
   * @param fullRefresh true when the run asked to analyse everything again
   */
  AnalysisProvenance decide(String runId, String competitorId, AnalysisKind kind, String competitorName,
      String analyserVersion, List<SourceDocument> documents, boolean fullRefresh) {
    ArtefactKey key = ArtefactKeys.analysisProvenance(runId, competitorId, kind.id());
    Optional<AnalysisProvenance> stored = artefacts.read(key, AnalysisProvenance.class);
    if (stored.isPresent()) {
      return stored.get();
    }
    String fingerprint = AnalysisFingerprint.of(kind, analyserVersion, competitorName, documents);
    List<DocumentVersion> versions = versions(documents);
    Optional<AnalysisProvenance> last = artefacts
        .readCurrent(ArtefactKeys.reuseIndex(planning.scope(runId).historyArea(), competitorId, kind.id()),
            AnalysisProvenance.class)
        .filter(p -> !p.runId().equals(runId));
    String copiedFrom = null;
    String analysedIn = runId;
    String reason;
    if (fullRefresh) {
      reason = "full refresh";
    } else if (last.isEmpty()) {
      reason = "no earlier analysis to reuse";
    } else if (!last.get().fingerprint().equals(fingerprint)) {
      reason = whatChanged(last.get(), analyserVersion, competitorName, versions);
    } else if (!store.exists(ArtefactKeys.analysis(last.get().runId(), competitorId, kind.id()))) {
      reason = "the result of run " + last.get().runId() + " is no longer stored";
    } else {
      copiedFrom = last.get().runId();
      analysedIn = last.get().analysedIn();
      reason = "documents unchanged since run " + copiedFrom;
    }
    AnalysisProvenance decided = new AnalysisProvenance(runId, competitorId, kind, fingerprint, analyserVersion,
        competitorName, versions, analysedIn, copiedFrom, reason);
    return artefacts.createOrRead(key, decided, AnalysisProvenance.class);
  }

  /**
   * Makes this run's analysis the one the next run compares with. Called once the run holds the result; a later
   * run that finds the same fingerprint copies it from here.
   */
  void remember(AnalysisProvenance provenance) {
    ArtefactKey key = ArtefactKeys.reuseIndex(planning.scope(provenance.runId()).historyArea(),
        provenance.competitorId(), provenance.kind().id());
    if (!artefacts.readCurrent(key, AnalysisProvenance.class).filter(provenance::equals).isPresent()) {
      artefacts.overwrite(key, provenance);
    }
  }

  /**
   * The entry for the reuse index of a result that a fallback model or the offline analyser made: its fingerprint
   * is taken with the version of the link that made it, so it never matches what the task's own model expects and
   * the next run analyses again with it, even over unchanged documents.
   */
  static AnalysisProvenance madeBy(AnalysisProvenance decided, MadeBy link, List<SourceDocument> documents) {
    return new AnalysisProvenance(decided.runId(), decided.competitorId(), decided.kind(),
        AnalysisFingerprint.of(decided.kind(), link.version(), decided.competitorName(), documents), link.version(),
        decided.competitorName(), decided.documents(), decided.analysedIn(), decided.copiedFrom(), decided.reason(),
        link);
  }

  /** Every analysis decision of the run, in key order. */
  public List<AnalysisProvenance> decisions(String runId) {
    return store.list(runId).stream()
        .filter(k -> k.phase().equals(ArtefactKeys.ANALYSIS) && k.name().endsWith(ArtefactKeys.PROVENANCE_SUFFIX))
        .map(k -> artefacts.read(k, AnalysisProvenance.class))
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * For the run record: how many analyses the analyser made and how many were reused, e.g. "9 analyses: 3 made by
   * the analyser, 6 reused from earlier runs (documents unchanged)"; empty when the run analysed nothing.
   */
  public Optional<String> describe(String runId) {
    List<AnalysisProvenance> decisions = decisions(runId);
    if (decisions.isEmpty()) {
      return Optional.empty();
    }
    long reused = decisions.stream().filter(AnalysisProvenance::reused).count();
    return Optional.of(decisions.size() + (decisions.size() == 1 ? " analysis: " : " analyses: ")
        + (decisions.size() - reused) + " made by the analyser, " + reused + " reused from earlier runs"
        + " (documents unchanged)");
  }

  private static String whatChanged(
      AnalysisProvenance last, String analyserVersion, String competitorName, List<DocumentVersion> now) {
    if (last.madeBy() != null && last.madeBy().degraded()) {
      return "the analysis of run " + last.runId() + " was " + last.madeBy().describe()
          + "; analysed again with the task's own model";
    }
    if (!last.analyser().equals(analyserVersion)) {
      return "analyser changed since run " + last.runId();
    }
    Map<String, String> before = new HashMap<>();
    last.documents().forEach(d -> before.put(d.url(), d.contentHash()));
    Set<String> nowUrls = now.stream().map(DocumentVersion::url).collect(Collectors.toSet());
    long added = now.stream().filter(d -> !before.containsKey(d.url())).count();
    long changed = now.stream().filter(d -> before.containsKey(d.url()) && !before.get(d.url()).equals(d.contentHash()))
        .count();
    long gone = before.keySet().stream().filter(url -> !nowUrls.contains(url)).count();
    if (added + changed + gone > 0) {
      return "documents changed since run " + last.runId() + ": " + changed + " changed, " + added + " new, "
          + gone + " gone";
    }
    if (!java.util.Objects.equals(last.competitorName(), competitorName)) {
      return "competitor name changed since run " + last.runId();
    }
    // the same addresses and texts, but a title or publication date the analysers read differs
    return "document details changed since run " + last.runId();
  }

  private static List<DocumentVersion> versions(List<SourceDocument> documents) {
    return documents.stream()
        .map(d -> new DocumentVersion(d.url(), AnalysisFingerprint.contentHash(d)))
        .distinct()
        .sorted(Comparator.comparing(DocumentVersion::url).thenComparing(DocumentVersion::contentHash))
        .toList();
  }
}
