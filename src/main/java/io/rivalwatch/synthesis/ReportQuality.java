package io.rivalwatch.synthesis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.MissingArtefactException;
import io.rivalwatch.failure.TaskFailures;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.ResearchArchive;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** Checks a stored revision and keeps the findings for the next revision to act on. */
@Service
public class ReportQuality {

  private final PlanningService planning;
  private final ArtefactJson artefacts;
  private final ArtefactStore store;
  private final ResearchArchive research;
  private final ReportedResults results;
  private final MissingItems missing;
  private final QualityCheck qualityCheck = new QualityCheck();
  private final double maxUnverifiedShare;

  public ReportQuality(PlanningService planning, ArtefactJson artefacts, ArtefactStore store, ResearchArchive research,
      ReportedResults results, MissingItems missing,
      @Value("${rivalwatch.report.max-unverified-share:0}") double maxUnverifiedShare) {
    if (!(maxUnverifiedShare >= 0 && maxUnverifiedShare <= 1)) {
      throw new IllegalArgumentException("rivalwatch.report.max-unverified-share is " + maxUnverifiedShare
          + ": set a share from 0 (no unverified claim) to 1 (any number)");
    }
    this.maxUnverifiedShare = maxUnverifiedShare;
    this.planning = planning;
    this.artefacts = artefacts;
    this.store = store;
    this.research = research;
    this.results = results;
    this.missing = missing;
  }

  /**
   * What checking a revision reads besides the configuration, as the report's writer had it when it wrote the
   * revision on this instance (issue 14: not read and parsed again right after).
   *
   * @param markdown the revision's Markdown as this instance stored it
   * @param analysed the competitors with a result that has analyses
   * @param missing what is missing, as {@link MissingItems} lists it
   * @param knownUrls {@link #knownUrls} of the analysed competitors
   */
  record Inputs(String markdown, Set<String> analysed, List<String> missing, Set<String> knownUrls) {}

  /**
   * A few revisions' worth: the findings on a revision written on this instance, being found on a virtual thread from
   * the moment its writer stored the Markdown, while the writer finishes and the engine moves on to the check.
   */
  private final Cache<String, FutureTask<List<QualityFinding>>> written =
      Caffeine.newBuilder().maximumSize(16)
          .expireAfterWrite(Duration.ofHours(1)).build();

  /**
   * The writer of a revision stored its Markdown: the check starts at once with what the writer had, instead of
   * reading it again when the check's job comes (issue 14: the check's work off the run's critical path). The
   * findings are the same: the check reads nothing that changes once the revision is stored.
   */
  void written(String runId, int revision, Inputs inputs) {
    RunConfiguration configuration = planning.configuration(runId);
    var findings = new FutureTask<>(() -> findings(inputs, configuration));
    written.put(runId + "\n" + revision, findings);
    Thread.ofVirtual().name("report-quality-" + runId + "-r" + revision).start(findings);
  }

  /** Whether the findings on a revision written here are found already (tests). */
  boolean checkedAhead(String runId, int revision) {
    var findings = written.getIfPresent(runId + "\n" + revision);
    return findings != null && findings.isDone();
  }

  /** Checks a stored revision once; a repeated check returns the stored findings. */
  public QualityReport check(String runId, int revision) {
    var key = ArtefactKeys.qualityReport(runId, revision);
    var stored = artefacts.read(key, QualityReport.class);
    if (stored.isPresent()) {
      return stored.get();
    }
    // found from what the writer had on this instance; else (another instance wrote it, or this one restarted) from
    // what is stored
    var ahead = written.getIfPresent(runId + "\n" + revision);
    // a revision is checked once (its findings are stored): what its writer found is not needed again
    written.invalidate(runId + "\n" + revision);
    List<QualityFinding> findings;
    if (ahead != null) {
      findings = foundAhead(ahead);
    } else {
      RunConfiguration configuration = planning.configuration(runId);
      findings = findings(read(runId, revision, configuration), configuration);
    }
    return artefacts.createOrRead(key, new QualityReport(revision, findings), QualityReport.class);
  }

  private List<QualityFinding> findings(Inputs inputs, RunConfiguration configuration) {
    return qualityCheck.check(inputs.markdown(), configuration.competitors(), inputs.analysed(), inputs.missing(),
        configuration.settings().maxSectionWords(), inputs.knownUrls(), maxUnverifiedShare);
  }

  private static List<QualityFinding> foundAhead(FutureTask<List<QualityFinding>> findings) {
    try {
      return findings.get();
    } catch (ExecutionException e) {
      throw TaskFailures.rethrown(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the report's quality was checked", e);
    }
  }

  private Inputs read(String runId, int revision, RunConfiguration configuration) {
    String markdown = new String(store.read(ArtefactKeys.reportMarkdown(runId, revision)).orElseThrow(() ->
        new MissingArtefactException("report revision " + revision + " of " + runId
            + " is not in the artefact store")), StandardCharsets.UTF_8);
    Map<String, CompetitorResult> byId = results.of(runId);
    Set<String> analysed = analysed(byId);
    return new Inputs(markdown, analysed, missing.of(runId, configuration, byId), knownUrls(runId, analysed));
  }

  /** The competitors whose result has analyses. */
  static Set<String> analysed(Map<String, CompetitorResult> byId) {
    return byId.values().stream().filter(CompetitorResult::analysed)
        .map(CompetitorResult::competitorId).collect(Collectors.toSet());
  }

  /** Every document address gathered for these competitors: what the executive summary may cite. */
  Set<String> knownUrls(String runId, Set<String> analysed) {
    Set<String> knownUrls = new HashSet<>();
    analysed.forEach(id -> research.documents(runId, id).forEach(d -> knownUrls.add(d.url())));
    return knownUrls;
  }

  /** The findings on a revision, for the next one to act on; none before the first. */
  List<QualityFinding> findings(String runId, int revision) {
    return revision == 0 ? List.of()
        : artefacts.read(ArtefactKeys.qualityReport(runId, revision), QualityReport.class)
            .map(QualityReport::findings).orElse(List.of());
  }

  /** How many drafts the quality check may send back, from the run configuration. */
  public int reportAttempts(String runId) {
    return planning.configuration(runId).settings().reportAttempts();
  }
}
