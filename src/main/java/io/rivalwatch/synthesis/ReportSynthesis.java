package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.baseline.Baselines;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.cost.BudgetReport;
import io.rivalwatch.failure.TaskFailures;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.workflow.ReportSummaryStarted;
import io.rivalwatch.workflow.RunPhase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Writes a report revision from the run's artefacts. Revisions are numbered; each is stored once as Markdown and
 * HTML, so a retried job returns the revision it already wrote ({@link WrittenReports}). It reads the competitors'
 * results itself ({@link ReportedResults}); the parts of a revision come from {@link CompetitorSections},
 * {@link MissingItems}, {@link ExecutiveSummaries} and the previous revision's {@link ReportQuality} findings.
 */
@Service
public class ReportSynthesis {

  static final int SUMMARY_MAX_CHARS = 4000;

  private final PlanningService planning;
  private final ArtefactStore store;
  private final ReportedResults results;
  private final PreparedSections sections;
  private final MissingItems missingItems;
  private final ExecutiveSummaries summaries;
  private final ReportQuality quality;
  private final WrittenReports reports;
  private final MemoryStore memory;
  private final ModelUsageLedger usage;
  private final BudgetReport budget;
  private final AuditTrail audit;
  private final Clock clock;
  private final RunMetrics metrics;
  private final ArtefactLinks links;
  private final Baselines baselines;
  private final ReportRendering rendering;
  private final ArtefactJson json;
  private final org.springframework.context.ApplicationEventPublisher events;

  public ReportSynthesis(PlanningService planning, ArtefactStore store, ReportedResults results,
      PreparedSections sections, MissingItems missingItems, ExecutiveSummaries summaries, ReportQuality quality,
      WrittenReports reports, MemoryStore memory, ModelUsageLedger usage, BudgetReport budget, AuditTrail audit,
      Clock clock, RunMetrics metrics, ArtefactLinks links, Baselines baselines, ReportRendering rendering,
      ArtefactJson json, org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
    this.rendering = rendering;
    this.json = json;
    this.baselines = baselines;
    this.metrics = metrics;
    this.links = links;
    this.planning = planning;
    this.store = store;
    this.results = results;
    this.sections = sections;
    this.missingItems = missingItems;
    this.summaries = summaries;
    this.quality = quality;
    this.reports = reports;
    this.memory = memory;
    this.usage = usage;
    this.budget = budget;
    this.audit = audit;
    this.clock = clock;
  }

  /** Competitor sections prepared at once; the artefact store's client serves them side by side. */
  static final int SECTIONS_AT_ONCE = 16;

  /**
   * Writes the next revision.
   *
   * @param previousRevision the revision the process last saw (0 before the first)
   * @param reviewerComments what the reviewer asked to change, or null when this revision is not a review response
   * @throws NothingToReportException when no competitor was analysed
   */
  public WrittenReport write(String runId, int previousRevision, String reviewerComments) {
    int revision = previousRevision + 1;
    if (reports.isStored(runId, revision)) {
      return reports.stored(runId, revision);
    }
    RunConfiguration configuration = planning.configuration(runId);
    Map<String, CompetitorResult> byId = results.of(runId);
    long complete = configuration.competitors().stream()
        .filter(c -> byId.containsKey(c.id()) && byId.get(c.id()).complete()).count();
    double needed = configuration.settings().minCompleteShare();
    if (complete < needed * configuration.competitors().size()) {
      throw new NothingToReportException(String.format(Locale.ROOT,
          "only %d of %d competitors have all three analyses; the run needs at least %.0f%% "
              + "(settings.minCompleteShare). Missing: %s", complete, configuration.competitors().size(),
          needed * 100, String.join("; ", missingItems.of(runId, configuration, byId))));
    }
    List<CompetitorProfile> analysed = configuration.competitors().stream()
        .filter(c -> byId.containsKey(c.id()) && byId.get(c.id()).analysed()).toList();
    // frozen here, once, before the sections compare with it side by side
    var baseline = baselines.baselineFor(runId);
    List<CompetitorSection> written = sectionsAtOnce(runId, analysed, byId);
    Set<String> producers = new TreeSet<>();
    for (CompetitorSection section : written) {
      section.analyses().values().forEach(a -> producers.add(a.producedBy()));
    }
    List<String> missing = missingItems.of(runId, configuration, byId);
    // what the quality check will read of the run, kept for it before the summary's line may be added
    List<String> missingForCheck = List.copyOf(missing);
    Set<String> analysedIds = ReportQuality.analysed(byId);
    if (written.isEmpty()) {
      throw new NothingToReportException("no competitor could be analysed in run " + runId + ": "
          + String.join("; ", missing));
    }
    List<QualityFinding> previousFindings = quality.findings(runId, previousRevision);
    Set<String> compress = previousFindings.stream()
        .filter(f -> QualityFinding.SECTION_TOO_LONG.equals(f.rule()))
        .map(QualityFinding::competitorId)
        .collect(Collectors.toCollection(TreeSet::new));
    List<String> notes = revisionNotes(revision, previousFindings, reviewerComments);
    int maxWords = configuration.settings().maxSectionWords();
    // the sections' Markdown does not depend on the summary: rendered while the summary is written (a model call of
    // seconds), so the report's own work after it is the summary's check and the page (issue 14)
    var renderedSections = new java.util.concurrent.FutureTask<ReportRendering.SectionsAhead>(
        () -> rendering.sectionsAhead(written, compress, maxWords, links));
    Thread.ofVirtual().name("report-sections-" + runId).start(renderedSections);
    // and the documents the summary will be checked against, normalised for its quotes
    List<io.rivalwatch.research.SourceDocument> documents =
        written.stream().flatMap(s -> s.documents().stream()).toList();
    var summarySources = new java.util.concurrent.FutureTask<ClaimVerification.Sources>(
        () -> SummaryVerification.prepared(documents, ReportWriter.citable(written)));
    Thread.ofVirtual().name("report-summary-sources-" + runId).start(summarySources);
    var knownUrls = new java.util.concurrent.FutureTask<Set<String>>(() -> quality.knownUrls(runId, analysedIds));
    Thread.ofVirtual().name("report-known-urls-" + runId).start(knownUrls);
    // every competitor has ended: what later steps read of them can be read during the call
    events.publishEvent(new ReportSummaryStarted(runId, revision));
    ExecutiveSummaries.Summary executive = summaries.of(new SummaryRequest(runId, revision,
        written.stream().map(s -> new SummaryRequest.Competitor(s.competitorId(), s.name(), s.analyses(), s.changes()))
            .toList(),
        missing, previousFindings.stream().map(QualityFinding::message).toList(), reviewerComments, maxWords),
        configuration.settings().fullRefresh(), missing);
    String executiveSummary = executive.text();
    // every sentence of the summary must quote a source it cites; the others are left out and counted
    SummaryVerification.Checked summaryChecked = SummaryVerification.check(executiveSummary,
        doneAhead(summarySources));
    if (executiveSummary != null && !executiveSummary.isBlank()) {
      metrics.claimsChecked("summary", summaryChecked.claims().verified(), summaryChecked.claims().dropped());
      if (summaryChecked.shown().isBlank()) {
        missing.add("Executive summary: left out, none of its " + summaryChecked.claims().dropped()
            + " sentences quotes a source it cites");
      }
    }
    // a reused summary says so right under it, in words of ours (after the check: the note is no claim)
    String shown = summaryChecked.shown().isBlank() ? null : executive.reusedNote()
        .map(note -> summaryChecked.shown().strip() + "\n\n_" + ReportWriter.plainText(note) + "_")
        .orElse(summaryChecked.shown());
    ReportInput input = new ReportInput(runId, clock.instant(), revision, producers, shown, written,
        missing, notes, compress, maxWords, usage.cost(runId), budget.summary(runId),
        audit.entries(runId).stream().map(AuditEntry::describe).toList(), summaryChecked.claims());
    // stored before the report, and the report rendered from what is stored: a retried job renders the input of the
    // first attempt (the same time stamp), and the revision can be rebuilt from the store alone (ReportRebuilds)
    StoredReportInput frozen = json.createOrRead(ArtefactKeys.reportInput(runId, revision),
        new StoredReportInput(rendering.version(), input, links.publicUrl(), null), StoredReportInput.class);
    // the sections rendered during the summary call (Markdown and HTML) are used where the stored input has the same
    // sections, shortened the same way, with the same links allowed: the bytes are those rendering the stored input
    // makes
    ReportRendering.Rendered rendered = rendering.render(frozen.input(), new ArtefactLinks(frozen.publicUrl()),
        doneAhead(renderedSections));
    String markdown = rendered.markdown();
    String summary = rendered.summary();
    String changes = ReviewFormChanges.of(planning.scope(runId).watchList(), baseline, written);
    memory.record(new MemoryEntry(runId + "/synthesis/r" + revision, planning.scope(runId).runNamespace(), runId,
        RunPhase.SYNTHESIS.id(), null, "written", "Report revision " + revision + " of run " + runId + " covers "
            + written.stream().map(CompetitorSection::name).collect(Collectors.joining(", "))
            + (missing.isEmpty() ? "; nothing missing." : "; missing: " + String.join("; ", missing)),
        clock.instant()));
    if (revision == 1) {
      // later revisions check the same analyses again: counting them would count a claim once per revision
      countClaims(written);
    }
    boolean markdownWritten = store.createIfAbsent(ArtefactKeys.reportMarkdown(runId, revision),
        markdown.getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
    if (markdownWritten) {
      // the check that comes next starts now, on what it would read (on this instance): these are the stored bytes
      quality.written(runId, revision, new ReportQuality.Inputs(markdown, analysedIds, missingForCheck,
          doneAhead(knownUrls)));
    }
    store.createIfAbsent(ArtefactKeys.reportHtml(runId, revision),
        rendered.html().getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    store.createIfAbsent(ArtefactKeys.reportChanges(runId, revision), changes.getBytes(StandardCharsets.UTF_8),
        "text/markdown; charset=utf-8");
    // written last: its presence marks the revision complete
    store.createIfAbsent(ArtefactKeys.reportSummary(runId, revision), summary.getBytes(StandardCharsets.UTF_8),
        "text/markdown; charset=utf-8");
    return reports.stored(runId, revision);
  }

  private static <T> T doneAhead(java.util.concurrent.FutureTask<T> work) {
    try {
      return work.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw TaskFailures.rethrown(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the report during its summary", e);
    }
  }

  /**
   * The competitors' sections, in the configuration's order: most were prepared as their competitor finished
   * ({@link PreparedSections}); the others are prepared up to {@value #SECTIONS_AT_ONCE} at once on virtual threads,
   * each reading its own artefacts (analyses, sources, the last run's), so the report's tail after the last analysis
   * is about the slowest few sections, not the sum of a hundred (issue 14).
   */
  private List<CompetitorSection> sectionsAtOnce(String runId, List<CompetitorProfile> analysed,
      Map<String, CompetitorResult> byId) {
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(SECTIONS_AT_ONCE);
    List<java.util.concurrent.Future<CompetitorSection>> pending = new ArrayList<>();
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (CompetitorProfile competitor : analysed) {
        pending.add(executor.submit(() -> {
          slots.acquire();
          try {
            return sections.of(runId, competitor, byId.get(competitor.id()));
          } finally {
            slots.release();
          }
        }));
      }
      List<CompetitorSection> written = new ArrayList<>();
      for (var section : pending) {
        written.add(section.get());
      }
      return written;
    } catch (java.util.concurrent.ExecutionException e) {
      throw TaskFailures.rethrown(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the report's sections", e);
    }
  }

  private void countClaims(List<CompetitorSection> written) {
    for (CompetitorSection section : written) {
      section.analyses().forEach((kind, analysis) -> metrics.claimsChecked(
          ReportWriter.OFFLINE_LABEL.equals(analysis.producedBy()) ? "offline" : "model",
          section.claims().verified(kind), section.claims().dropped(kind)));
    }
  }

  private static List<String> revisionNotes(int revision, List<QualityFinding> findings, String reviewerComments) {
    List<String> notes = new ArrayList<>();
    if (!findings.isEmpty()) {
      notes.add("Revision " + revision + " answers " + findings.size() + " quality "
          + (findings.size() == 1 ? "finding" : "findings") + " on revision " + (revision - 1) + ": "
          + findings.stream().map(QualityFinding::message).collect(Collectors.joining("; ")));
    }
    if (reviewerComments != null && !reviewerComments.isBlank()) {
      notes.add("Revision " + revision + " was requested by the reviewer: \"" + reviewerComments.strip()
          + "\". It is regenerated from the latest artefacts; the offline analyser cannot rewrite prose on "
          + "request, so the comment is kept here for the next reader.");
    }
    return notes;
  }

}
