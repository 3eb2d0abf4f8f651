package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisProvenance;
import io.rivalwatch.analysis.AnalysisReuse;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.AnalysisService;
import io.rivalwatch.analysis.ModelOutputInvalidException;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.PaidResults;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.cost.BudgetSpentException;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.cost.BudgetReport;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.GatheredSource;
import io.rivalwatch.research.ResearchArchive;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Writes a report revision from the run's artefacts and checks it. Revisions are numbered; each is stored once
 * as Markdown and HTML, so a retried job returns the revision it already wrote.
 */
@Service
public class SynthesisService {

  public static final String PHASE = "synthesis";
  static final int SUMMARY_MAX_CHARS = 4000;

  private final PlanningService planning;
  private final ResearchArchive research;
  private final ArtefactJson artefacts;
  private final ArtefactStore store;
  private final ArtefactLinks links;
  private final ChangeTracker changes;
  private final AnalysisReuse reuse;
  private final MemoryStore memory;
  private final ExecutiveSummaryWriter summaries;
  private final ModelUsageLedger usage;
  private final PaidResults paid;
  private final BudgetReport budget;
  private final AuditTrail audit;
  private final Clock clock;
  private final ReportWriter writer = new ReportWriter();
  private final QualityCheck qualityCheck = new QualityCheck();

  public SynthesisService(PlanningService planning, ResearchArchive research, ArtefactJson artefacts,
      ArtefactStore store, ArtefactLinks links, ChangeTracker changes, AnalysisReuse reuse, MemoryStore memory,
      ExecutiveSummaryWriter summaries, ModelUsageLedger usage, PaidResults paid, BudgetReport budget,
      AuditTrail audit, Clock clock) {
    this.budget = budget;
    this.audit = audit;
    this.planning = planning;
    this.research = research;
    this.artefacts = artefacts;
    this.store = store;
    this.links = links;
    this.changes = changes;
    this.reuse = reuse;
    this.memory = memory;
    this.summaries = summaries;
    this.usage = usage;
    this.paid = paid;
    this.clock = clock;
  }

  public static ArtefactKey markdownKey(String runId, int revision) {
    return ArtefactKey.forRun(runId, PHASE, "report-r" + revision + ".md");
  }

  public static ArtefactKey htmlKey(String runId, int revision) {
    return ArtefactKey.forRun(runId, PHASE, "report-r" + revision + ".html");
  }

  static ArtefactKey qualityKey(String runId, int revision) {
    return ArtefactKey.forRun(runId, PHASE, "quality-r" + revision + ".json");
  }

  static ArtefactKey summaryKey(String runId, int revision) {
    return ArtefactKey.forRun(runId, PHASE, "summary-r" + revision + ".md");
  }

  /**
   * Writes the next revision.
   *
   * @param previousRevision the revision the process last saw (0 before the first)
   * @param reviewerComments what the reviewer asked to change, or null when this revision is not a review response
   * @throws NothingToReportException when no competitor was analysed
   */
  public WrittenReport write(
      String runId, List<CompetitorResult> results, int previousRevision, String reviewerComments) {
    int revision = previousRevision + 1;
    if (store.exists(markdownKey(runId, revision)) && store.exists(summaryKey(runId, revision))) {
      return stored(runId, revision);
    }
    RunConfiguration configuration = planning.configuration(runId);
    Map<String, CompetitorResult> byId = withRecovered(runId, results);
    long complete = configuration.competitors().stream()
        .filter(c -> byId.containsKey(c.id()) && byId.get(c.id()).complete()).count();
    double needed = configuration.settings().minCompleteShare();
    if (complete < needed * configuration.competitors().size()) {
      throw new NothingToReportException(String.format(java.util.Locale.ROOT,
          "only %d of %d competitors have all three analyses; the run needs at least %.0f%% "
              + "(settings.minCompleteShare). Missing: %s", complete, configuration.competitors().size(),
          needed * 100, String.join("; ", missing(runId, configuration, byId))));
    }
    List<CompetitorSection> sections = new ArrayList<>();
    Set<String> producers = new TreeSet<>();
    for (CompetitorProfile competitor : configuration.competitors()) {
      CompetitorResult result = byId.get(competitor.id());
      if (result == null || !result.analysed()) {
        continue;
      }
      CompetitorSection section = section(runId, competitor, result);
      section.analyses().values().forEach(a -> producers.add(a.producedBy()));
      sections.add(section);
    }
    List<String> missing = missing(runId, configuration, byId);
    if (sections.isEmpty()) {
      throw new NothingToReportException("no competitor could be analysed in run " + runId + ": "
          + String.join("; ", missing));
    }
    List<QualityFinding> previousFindings = previousRevision == 0 ? List.of()
        : artefacts.read(qualityKey(runId, previousRevision), QualityReport.class)
            .map(QualityReport::findings).orElse(List.of());
    Set<String> compress = previousFindings.stream()
        .filter(f -> QualityFinding.SECTION_TOO_LONG.equals(f.rule()))
        .map(QualityFinding::competitorId)
        .collect(Collectors.toCollection(TreeSet::new));
    List<String> notes = revisionNotes(revision, previousFindings, reviewerComments);
    int maxWords = configuration.settings().maxSectionWords();
    String executiveSummary = executiveSummary(new SummaryRequest(runId, revision,
        sections.stream().map(s -> new SummaryRequest.Competitor(s.competitorId(), s.name(), s.analyses(), s.changes()))
            .toList(),
        missing, previousFindings.stream().map(QualityFinding::message).toList(), reviewerComments, maxWords),
        missing);
    ReportInput input = new ReportInput(runId, clock.instant(), revision, producers, executiveSummary, sections,
        missing, notes, compress, maxWords, usage.cost(runId), budget.summary(runId),
        audit.entries(runId).stream().map(AuditEntry::describe).toList());
    String markdown = writer.write(input);
    String summary = bounded(writer.summary(input));
    memory.record(new MemoryEntry(runId + "/synthesis/r" + revision, MemoryEntry.RUN_NAMESPACE, runId, PHASE, null,
        "written", "Report revision " + revision + " of run " + runId + " covers "
            + sections.stream().map(CompetitorSection::name).collect(Collectors.joining(", "))
            + (missing.isEmpty() ? "; nothing missing." : "; missing: " + String.join("; ", missing)),
        clock.instant()));
    store.createIfAbsent(htmlKey(runId, revision),
        ReportRenderer.toHtml(markdown, "rivalwatch report " + runId + " r" + revision)
            .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    store.createIfAbsent(markdownKey(runId, revision), markdown.getBytes(StandardCharsets.UTF_8),
        "text/markdown; charset=utf-8");
    store.createIfAbsent(summaryKey(runId, revision), summary.getBytes(StandardCharsets.UTF_8),
        "text/markdown; charset=utf-8");
    return stored(runId, revision);
  }

  /**
   * The model-written summary of this revision, kept as its own artefact so a retried job does not pay for it
   * twice. A model that cannot write it for good (access denied, invalid output) leaves the report without one and
   * says so under "What is missing"; a failure that may pass goes to the worker to retry.
   */
  private String executiveSummary(SummaryRequest request, List<String> missing) {
    ArtefactKey key = ArtefactKey.forRun(request.runId(), PHASE, "executive-summary-r" + request.revision() + ".md");
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

  /** Checks a stored revision and keeps the findings for the next revision to act on. */
  public QualityReport check(String runId, int revision, List<CompetitorResult> results) {
    var key = qualityKey(runId, revision);
    var stored = artefacts.read(key, QualityReport.class);
    if (stored.isPresent()) {
      return stored.get();
    }
    RunConfiguration configuration = planning.configuration(runId);
    String markdown = new String(store.read(markdownKey(runId, revision)).orElseThrow(() ->
        new io.rivalwatch.artefact.MissingArtefactException("report revision " + revision + " of " + runId
            + " is not in the artefact store")), StandardCharsets.UTF_8);
    Map<String, CompetitorResult> byId = withRecovered(runId, results);
    Set<String> analysed = byId.values().stream().filter(CompetitorResult::analysed)
        .map(CompetitorResult::competitorId).collect(Collectors.toSet());
    Set<String> knownUrls = new java.util.HashSet<>();
    analysed.forEach(id -> research.documents(runId, id).forEach(d -> knownUrls.add(d.url())));
    List<QualityFinding> findings = qualityCheck.check(markdown, configuration.competitors(), analysed,
        missing(runId, configuration, byId), configuration.settings().maxSectionWords(), knownUrls);
    return artefacts.createOrRead(key, new QualityReport(revision, findings), QualityReport.class);
  }

  /**
   * The process's results, with analyses that failed in the run but were retried successfully since (parked items
   * retried through the API) counted as done: their artefacts are there now.
   */
  private Map<String, CompetitorResult> withRecovered(String runId, List<CompetitorResult> results) {
    Map<String, CompetitorResult> byId = new java.util.LinkedHashMap<>();
    for (CompetitorResult r : results) {
      if (r.skipped()) {
        byId.putIfAbsent(r.competitorId(), r);
        continue;
      }
      byId.putIfAbsent(r.competitorId(), new CompetitorResult(r.competitorId(), r.research(), r.researchNote(),
          recovered(runId, r.competitorId(), AnalysisKind.SENTIMENT, r.sentiment()),
          recovered(runId, r.competitorId(), AnalysisKind.STRATEGY, r.strategy()),
          recovered(runId, r.competitorId(), AnalysisKind.POSITIONING, r.positioning())));
    }
    return byId;
  }

  private String recovered(String runId, String competitorId, AnalysisKind kind, String status) {
    if (CompetitorResult.isDone(status) || !store.exists(AnalysisService.resultKey(runId, competitorId, kind))) {
      return status;
    }
    return "done (recovered after: " + status + ")";
  }

  /** The run's latest report revision, if it has one. */
  public java.util.Optional<WrittenReport> latest(String runId) {
    int revision = 0;
    while (store.exists(summaryKey(runId, revision + 1))) {
      revision++;
    }
    return revision == 0 ? java.util.Optional.empty() : java.util.Optional.of(stored(runId, revision));
  }

  /** How many drafts the quality check may send back, from the run configuration. */
  public int reportAttempts(String runId) {
    return planning.configuration(runId).settings().reportAttempts();
  }

  private CompetitorSection section(String runId, CompetitorProfile competitor, CompetitorResult result) {
    Map<AnalysisKind, AnalysisResult> analyses = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, String> failed = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, String> analysisLinks = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, AnalysisProvenance> provenance = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, String> reusedFrom = new EnumMap<>(AnalysisKind.class);
    for (AnalysisKind kind : AnalysisKind.values()) {
      String status = status(result, kind);
      if (CompetitorResult.isDone(status)) {
        ArtefactKey key = AnalysisService.resultKey(runId, competitor.id(), kind);
        analyses.put(kind, artefacts.require(key, AnalysisResult.class));
        analysisLinks.put(kind, links.linkTo(key));
        reuse.provenance(runId, competitor.id(), kind).ifPresent(p -> {
          provenance.put(kind, p);
          if (p.reused()) {
            reusedFrom.put(kind, p.analysedIn());
          }
        });
      } else {
        failed.put(kind, status == null ? "not analysed" : status);
      }
    }
    var documents = research.documents(runId, competitor.id());
    return new CompetitorSection(competitor.id(), competitor.name(), stripFullStop(result.researchNote()), documents,
        analyses, failed, changes.since(runId, competitor.id(), competitor.name(), analyses, provenance, documents),
        analysisLinks, reusedFrom);
  }

  /** Everything the report cannot cover, one line each, in configuration order. */
  private List<String> missing(String runId, RunConfiguration configuration, Map<String, CompetitorResult> byId) {
    List<String> missing = new ArrayList<>();
    for (CompetitorProfile competitor : configuration.competitors()) {
      CompetitorResult result = byId.get(competitor.id());
      if (result == null) {
        missing.add(competitor.name() + ": no research result came back");
        continue;
      }
      if (result.skipped()) {
        missing.add(competitor.name() + ": skipped, " + stripFullStop(result.researchNote()));
        continue;
      }
      Set<String> lines = new LinkedHashSet<>();
      for (GatheredSource source : research.sources(runId, competitor.id())) {
        if (source.failure() != null) {
          lines.add(competitor.name() + ": " + source.kind().id() + " source failed, " + source.failure());
        }
        source.problems().forEach(p -> lines.add(competitor.name() + ": " + source.kind().id() + " address "
            + "unusable, " + p));
      }
      for (AnalysisKind kind : AnalysisKind.values()) {
        String status = status(result, kind);
        if (!CompetitorResult.isDone(status)) {
          lines.add(competitor.name() + ": " + ReportWriter.title(kind).toLowerCase() + " analysis missing, "
              + (status == null ? "not analysed" : status));
        }
      }
      missing.addAll(lines);
    }
    return missing;
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

  private WrittenReport stored(String runId, int revision) {
    String summary = store.read(summaryKey(runId, revision))
        .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    return new WrittenReport(revision, markdownKey(runId, revision).path(), links.linkTo(htmlKey(runId, revision)),
        summary, budget.status(runId).orElse(null));
  }

  private static String status(CompetitorResult result, AnalysisKind kind) {
    return switch (kind) {
      case SENTIMENT -> result.sentiment();
      case STRATEGY -> result.strategy();
      case POSITIONING -> result.positioning();
    };
  }

  private static String stripFullStop(String text) {
    if (text == null) {
      return "no note";
    }
    String trimmed = text.strip();
    return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  private static String bounded(String summary) {
    return summary.length() <= SUMMARY_MAX_CHARS ? summary
        : summary.substring(0, SUMMARY_MAX_CHARS - 40) + "\n\n(summary shortened; open the full report)\n";
  }
}
