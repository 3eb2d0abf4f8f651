package io.rivalwatch.analysis;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.PaidResults;
import io.rivalwatch.cost.BudgetEvent;
import io.rivalwatch.cost.BudgetSpentException;
import io.rivalwatch.cost.RunBudget;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.workflow.RunPhase;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Runs one analysis of one competitor over what research gathered, with what the memory knows as context, and
 * keeps the result. A finished analysis is never computed twice in a run, and not even once when an earlier run
 * analysed exactly the same input ({@link AnalysisReuse}): its result is copied into this run instead, unless the
 * run asked for a full refresh.
 */
@Service
public class AnalysisService {

  private static final int MEMORY_HITS = 8;

  private final PlanningService planning;
  private final ResearchArchive research;
  private final Analyser analyser;
  private final ArtefactJson artefacts;
  private final MemoryStore memory;
  private final AnalysisHistory history;
  private final AnalysisReuse reuse;
  private final PaidResults paid;
  private final RunBudget budget;
  private final Clock clock;

  public AnalysisService(
      PlanningService planning, ResearchArchive research, Analyser analyser, ArtefactJson artefacts,
      MemoryStore memory, AnalysisHistory history, AnalysisReuse reuse, PaidResults paid, RunBudget budget,
      Clock clock) {
    this.budget = budget;
    this.planning = planning;
    this.research = research;
    this.analyser = analyser;
    this.artefacts = artefacts;
    this.memory = memory;
    this.history = history;
    this.reuse = reuse;
    this.paid = paid;
    this.clock = clock;
  }

  /**
   * @throws AnalysisNotPossibleException when the gathered material cannot support this analysis
   * @throws BudgetSpentException when the run's budget leaves this analysis out (optional analyses past
   *     {@code rivalwatch.cost.skip-optional-at}, or any analysis once model calls are stopped)
   */
  public AnalysisOutcome analyse(String runId, String competitorId, AnalysisKind kind) {
    ArtefactKey key = ArtefactKeys.analysis(runId, competitorId, kind.id());
    RunConfiguration configuration = planning.configuration(runId);
    CompetitorProfile competitor = planning.competitor(runId, competitorId);
    List<SourceDocument> documents = research.documents(runId, competitorId);
    // the run's version: a run pinned to its models and prompts compares what it really uses
    AnalysisProvenance provenance = reuse.decide(runId, competitorId, kind, competitor.name(),
        analyser.version(kind, runId), documents, configuration.settings().fullRefresh());
    // the model's answer is kept before anything else happens: a retry after a later failure reuses it, and the
    // steps after it (index, memory, history) are idempotent, so they are done again rather than skipped
    AnalysisResult result = artefacts.read(key, AnalysisResult.class)
        .orElseGet(() -> provenance.reused()
            ? artefacts.createOrRead(key, artefacts.require(
                ArtefactKeys.analysis(provenance.copiedFrom(), competitorId, kind.id()), AnalysisResult.class),
                AnalysisResult.class)
            : paid.computeAndStore(key, () -> withinBudget(runId, competitor, kind, documents),
                answer -> artefacts.createOrRead(key, answer, AnalysisResult.class)));
    Optional<BudgetEvent> cheaper = provenance.reused() ? Optional.empty()
        : budget.analysisEvent(runId, competitorId, kind.id());
    if (cheaper.isEmpty()) {
      // an analysis made with the cheaper model to save money is not what the next run should reuse; one made by a
      // fallback link is remembered with that link's fingerprint, so the next run makes it again with the task's
      // own model
      reuse.remember(result.degraded() && !provenance.reused()
          ? AnalysisReuse.madeBy(provenance, result.madeBy(), documents) : provenance);
    }
    memory.record(new MemoryEntry(
        runId + "/analysis/" + competitorId + "/" + kind.id(),
        MemoryEntry.competitorNamespace(competitorId),
        runId,
        RunPhase.ANALYSIS.id(),
        competitorId,
        "done",
        capitalised(kind.id()) + " of " + competitor.name() + " in run " + runId
            + (provenance.reused() ? " (documents unchanged, analysis of run " + provenance.analysedIn() + " reused)"
                : "") + ": " + result.summary(),
        clock.instant()));
    history.recordAnalysed(runId, competitorId);
    return new AnalysisOutcome(result, provenance,
        cheaper.map(e -> "with " + e.modelId() + " (" + e.reason() + ")").orElse(null));
  }

  /** Asks the run's budget first: it may switch the analysis to the cheaper model, or leave it out. */
  private AnalysisResult withinBudget(String runId, CompetitorProfile competitor, AnalysisKind kind,
      List<SourceDocument> documents) {
    Optional<BudgetEvent> cheaper = budget.beforeAnalysis(runId, competitor.id(), kind.id(),
        analyser.cheaperModel(kind));
    try {
      return analyser.analyse(kind, input(runId, competitor, kind, documents, cheaper.isPresent()));
    } catch (BudgetSpentException refused) {
      // a model call was refused while the analysis ran: the run's model calls are stopped
      throw budget.analysisStopped(runId, competitor.id(), kind.id(), refused);
    }
  }

  private AnalysisInput input(String runId, CompetitorProfile competitor, AnalysisKind kind,
      List<SourceDocument> documents, boolean cheaperModel) {
    String competitorId = competitor.id();
    // earlier runs only: the prompts label this context "notes from earlier runs", so this run's own notes (its
    // research milestones, its other analyses) must not be in it; the filter after the query also holds for a
    // store that returns entries of the run despite excludeRunId
    List<MemoryHit> context = earlierRunsOnly(runId, memory.search(
            MemoryQuery.beforeRun(MemoryEntry.competitorNamespace(competitorId), question(kind, competitor.name()),
                MEMORY_HITS * 2, runId)))
        .stream()
        .limit(MEMORY_HITS)
        .toList();
    return new AnalysisInput(runId, competitorId, competitor.name(), documents, context, cheaperModel);
  }

  /** The hits that no entry of {@code runId} produced. */
  static List<MemoryHit> earlierRunsOnly(String runId, List<MemoryHit> hits) {
    return hits.stream().filter(hit -> hit != null && hit.entry() != null && !runId.equals(hit.entry().runId()))
        .toList();
  }

  /** The question each analysis asks the memory, phrased so that similar past findings come back. */
  static String question(AnalysisKind kind, String name) {
    return switch (kind) {
      case SENTIMENT -> "How do customers, the press and " + name + " itself talk about " + name + "?";
      case STRATEGY -> "What is " + name + " launching, investing in, partnering on or changing?";
      case POSITIONING -> "Who does " + name + " sell to, at what price, and what does it claim sets it apart?";
    };
  }

  private static String capitalised(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
