package io.rivalwatch.cost;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.observability.RunMetrics;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where a run's budget is kept: its frozen policy ({@code <run>/budget/_run/policy.json}), the run-wide steps taken
 * ({@code <run>/budget/_run/step-<step>.json}) and what happened to each analysis
 * ({@code <run>/budget/<competitor>/<task>.json}). Write-once: the first record of each wins, so workers and job
 * retries follow the first decision.
 */
@Component
public class BudgetRecords {

  public static final String PHASE = ArtefactKeys.BUDGET;
  private static final Logger log = LoggerFactory.getLogger(BudgetRecords.class);

  private final ArtefactJson artefacts;
  private final ArtefactStore store;
  private final RunMetrics metrics;

  public BudgetRecords(ArtefactJson artefacts, ArtefactStore store, RunMetrics metrics) {
    this.artefacts = artefacts;
    this.store = store;
    this.metrics = metrics;
  }

  static ArtefactKey policyKey(String runId) {
    return ArtefactKeys.budgetPolicy(runId);
  }

  static ArtefactKey stepKey(String runId, BudgetStep step) {
    return ArtefactKeys.budgetStep(runId, step.id());
  }

  static ArtefactKey analysisKey(String runId, String competitorId, String task) {
    return ArtefactKeys.budgetDecision(runId, competitorId, task);
  }

  /** The run's frozen policy, or the one made now when none is kept yet (the first one kept wins). */
  BudgetPolicy policy(String runId, Supplier<BudgetPolicy> unfrozen) {
    Optional<BudgetPolicy> frozen = artefacts.read(policyKey(runId), BudgetPolicy.class);
    if (frozen.isPresent()) {
      return frozen.get();
    }
    BudgetPolicy policy = unfrozen.get();
    return policy.limited() ? artefacts.createOrRead(policyKey(runId), policy, BudgetPolicy.class) : policy;
  }

  /** Whether the run reached this step (run-wide). */
  boolean reached(String runId, BudgetStep step) {
    return store.exists(stepKey(runId, step));
  }

  /** The run-wide record of a step; it must exist. */
  BudgetEvent step(String runId, BudgetStep step) {
    return artefacts.require(stepKey(runId, step), BudgetEvent.class);
  }

  /** Keeps the run-wide record of a step the first time it is reached; returns what is stored. */
  BudgetEvent taken(String runId, BudgetEvent event, BudgetStep step) {
    if (artefacts.createIfAbsent(stepKey(runId, step), event)) {
      metrics.budgetStep(step.id());
      log.info("run {} at {} % of its budget of USD {}: {}", runId, event.percentSpent(), event.limitUsd(),
          event.reason());
      return event;
    }
    return step(runId, step);
  }

  /** What happened to one analysis for budget reasons, if anything. */
  Optional<BudgetEvent> analysisEvent(String runId, String competitorId, String task) {
    return artefacts.read(analysisKey(runId, competitorId, task), BudgetEvent.class);
  }

  /** Keeps what happened to one analysis; returns what is stored (an earlier record wins). */
  BudgetEvent analysis(String runId, String competitorId, String task, BudgetEvent event) {
    return artefacts.createOrRead(analysisKey(runId, competitorId, task), event, BudgetEvent.class);
  }

  /** Keeps that an analysis was skipped; true when this record is the first, so the skip is counted once. */
  boolean skipped(String runId, String competitorId, String task, BudgetEvent event) {
    return artefacts.createIfAbsent(analysisKey(runId, competitorId, task), event);
  }

  /** Every budget step the run took, run-wide and per analysis, in the order they were taken. */
  public List<BudgetEvent> events(String runId) {
    return store.list(runId).stream()
        .filter(k -> k.phase().equals(PHASE) && !k.equals(policyKey(runId)))
        .map(k -> artefacts.read(k, BudgetEvent.class))
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(BudgetEvent::at))
        .toList();
  }
}
