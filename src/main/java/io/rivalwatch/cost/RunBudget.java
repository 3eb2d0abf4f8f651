package io.rivalwatch.cost;

import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.MissingArtefactException;
import io.rivalwatch.planning.PlanningService;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * A run's budget in money, checked before every model call and every analysis. What a run has spent is read from
 * the {@link ModelUsageLedger}'s artefacts, so the check holds across workers and job retries; calls admitted in
 * this worker and still running are counted at their estimate until they are recorded. The run degrades in steps
 * ({@link BudgetStep}): cheaper model for analyses, then optional analyses skipped, then no model calls at all. Each
 * step taken is kept as a {@link BudgetEvent} artefact, which the report and the run record read, and which makes
 * a stop final: once stopped, no call of the run is admitted again.
 *
 * <p>This class is the policy's application (what a run may do now); where the decisions are kept is
 * {@link BudgetRecords}, and how they read in the report and the run record is {@link BudgetReport}. Analysis asks it
 * before an analysis ({@link #beforeAnalysis}); a model adapter asks it, through the {@link ModelCallAdmission} port,
 * before each call it sends.
 *
 * <p>Limits of the check: a call is estimated at its input (characters / 4) and its maximum output tokens, so a
 * call that would overspend is refused; calls admitted at the same moment by other workers are not seen until they
 * are recorded, and recorded calls of other workers once this one looks at the store again (at most a second later:
 * {@link ModelUsageLedger#costSoFar}), so with several workers a run may end above its budget by at most those calls.
 */
@Service
public class RunBudget implements ModelCallAdmission {

  private static final String PREFIXED_OPTIONAL = CostProperties.PREFIX + ".optional-analyses";

  private final ModelUsageLedger ledger;
  private final BudgetRecords records;
  private final PlanningService planning;
  private final CostProperties properties;
  private final RunMetrics metrics;
  private final Clock clock;
  /** Estimated cost of calls admitted in this worker and not yet recorded, per run; also the per-run lock. */
  private final Map<String, double[]> inFlight = new ConcurrentHashMap<>();
  /**
   * Each run's policy once settled: a limited one is frozen at its first use, an unlimited one follows from the
   * frozen configuration and this application's settings; neither changes, so analyses read it once per run on this
   * instance instead of three times per analysis (issue 14). Bounded like the frozen configurations.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, BudgetPolicy> policies =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(64).build();

  @Autowired
  public RunBudget(ModelUsageLedger ledger, BudgetRecords records, PlanningService planning,
      CostProperties properties, RunMetrics metrics, Clock clock) {
    this.ledger = ledger;
    this.records = records;
    this.planning = planning;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A budget with records of its own over this store (tests, tools). */
  public RunBudget(ModelUsageLedger ledger, ArtefactJson artefacts, ArtefactStore store, PlanningService planning,
      CostProperties properties, RunMetrics metrics, Clock clock) {
    this(ledger, new BudgetRecords(artefacts, store, metrics), planning, properties, metrics, clock);
  }

  BudgetRecords records() {
    return records;
  }

  /**
   * The run's budget: the run configuration's {@code settings.budgetUsd}, else {@code rivalwatch.cost.run-budget-usd},
   * with the thresholds of the application's configuration. A limited budget is frozen at its first use.
   */
  public BudgetPolicy policy(String runId) {
    if (runId == null) {
      return BudgetPolicy.none();
    }
    BudgetPolicy cached = policies.getIfPresent(runId);
    if (cached != null) {
      return cached;
    }
    boolean[] planned = {true};
    BudgetPolicy policy = records.policy(runId, () -> configured(runId, planned));
    if (planned[0]) {
      policies.put(runId, policy);
    }
    return policy;
  }

  private BudgetPolicy configured(String runId, boolean[] planned) {
    Double perRun;
    try {
      perRun = planning.configuration(runId).settings().budgetUsd();
    } catch (MissingArtefactException notPlanned) {
      // a run whose planning failed has no configuration, and made no model call; not kept: it may be planned yet
      planned[0] = false;
      return BudgetPolicy.none();
    }
    // the watch list's or request's budget was checked against the cap at planning; the default is capped here
    Double limit = perRun != null ? perRun : planning.withinBudgetCap(properties.runBudgetUsd());
    if (limit == null) {
      return BudgetPolicy.none();
    }
    return new BudgetPolicy(limit, properties.cheaperModelAt(), properties.skipOptionalAt(),
        properties.optionalAnalyses());
  }

  /** What the run has spent: recorded calls, plus calls admitted here that are still running. */
  public double spentUsd(String runId) {
    double[] running = inFlight.get(runId);
    double pending;
    synchronized (running == null ? this : running) {
      pending = running == null ? 0 : running[0];
    }
    return ledger.costSoFar(runId).costUsd() + pending;
  }

  /**
   * Decides, before an analysis is computed, how it may run.
   *
   * @param cheaperModel the model the analyser would switch to, or empty when it has none (then the step is not
   *     taken for this analysis)
   * @return the event to follow when the analysis must use the cheaper model; empty to run as configured
   * @throws BudgetSpentException when the analysis is skipped: it is optional and the run is past
   *     {@code skipOptionalAt}, or the run's model calls are stopped
   */
  public Optional<BudgetEvent> beforeAnalysis(String runId, String competitorId, String task,
      Optional<String> cheaperModel) {
    BudgetPolicy policy = policy(runId);
    if (!policy.limited()) {
      return Optional.empty();
    }
    Optional<BudgetEvent> decided = records.analysisEvent(runId, competitorId, task);
    if (decided.isPresent()) {
      // a retried job follows the first decision
      if (!decided.get().is(BudgetStep.CHEAPER_MODEL)) {
        throw new BudgetSpentException(decided.get());
      }
      return decided;
    }
    double spent = spentUsd(runId);
    BudgetStep step = stopped(runId) ? BudgetStep.STOPPED : policy.stepAt(spent);
    if (step == BudgetStep.STOPPED) {
      BudgetEvent stop = stop(runId, policy, spent, "the budget is spent");
      throw skipped(runId, competitorId, task, BudgetStep.STOPPED, spent, policy, "model calls stopped at "
          + stop.percentSpent() + " % of the budget");
    }
    if (step == BudgetStep.SKIP_OPTIONAL && policy.optional(task)) {
      taken(runId, BudgetStep.SKIP_OPTIONAL, null, spent, policy, "optional analyses skipped");
      throw skipped(runId, competitorId, task, BudgetStep.SKIP_OPTIONAL, spent, policy, task + " is optional ("
          + PREFIXED_OPTIONAL + "), skipped from " + percent(policy.skipOptionalAt()) + " % spent");
    }
    if (step.atLeast(BudgetStep.CHEAPER_MODEL) && cheaperModel.isPresent()) {
      String model = cheaperModel.get();
      taken(runId, BudgetStep.CHEAPER_MODEL, model, spent, policy, "analyses switched to " + model);
      BudgetEvent event = new BudgetEvent(BudgetStep.CHEAPER_MODEL.id(), competitorId, task, model, spent,
          policy.limitUsd(), "budget " + percent(spent / policy.limitUsd()) + " % spent", clock.instant());
      return Optional.of(records.analysis(runId, competitorId, task, event));
    }
    return Optional.empty();
  }

  /**
   * Records that an analysis was cut off by a refused model call (the stop came while it ran), and returns what
   * to throw for it.
   */
  public BudgetSpentException analysisStopped(String runId, String competitorId, String task,
      BudgetSpentException refused) {
    BudgetPolicy policy = policy(runId);
    return skipped(runId, competitorId, task, BudgetStep.STOPPED, refused.event().spentUsd(), policy,
        refused.getMessage());
  }

  /** What happened to one analysis for budget reasons, if anything. */
  public Optional<BudgetEvent> analysisEvent(String runId, String competitorId, String task) {
    if (runId == null || !policy(runId).limited()) {
      return Optional.empty();
    }
    return records.analysisEvent(runId, competitorId, task);
  }

  /**
   * Admits one model call, or refuses it when the run is stopped or the call would take it past its budget. The
   * caller closes the admission once the call is recorded or has failed.
   *
   * @param inputCharacters the characters of the system prompt and every message
   * @param maxOutputTokens the most output tokens the call may produce
   * @throws BudgetSpentException when the call is not to be made
   */
  @Override
  public Admission admit(String runId, String task, String modelId, long inputCharacters, int maxOutputTokens) {
    if (runId == null) {
      return Admission.NONE;
    }
    BudgetPolicy policy = policy(runId);
    if (!policy.limited()) {
      return Admission.NONE;
    }
    double[] running = inFlight.computeIfAbsent(runId, k -> new double[1]);
    double estimate = ledger.estimateUsd(modelId, (inputCharacters + 3) / 4, Math.max(0, maxOutputTokens));
    synchronized (running) {
      double spent = ledger.costSoFar(runId).costUsd() + running[0];
      if (stopped(runId)) {
        BudgetEvent stop = records.step(runId, BudgetStep.STOPPED);
        throw new BudgetSpentException(new BudgetEvent(BudgetStep.STOPPED.id(), null, task, null, spent,
            policy.limitUsd(), "budget spent: model calls stopped at " + stop.percentSpent() + " % of the budget",
            clock.instant()));
      }
      if (spent + estimate > policy.limitUsd()) {
        BudgetEvent stop = stop(runId, policy, spent, String.format(Locale.ROOT,
            "the next %s call to %s (about USD %.4f) would have taken the run past its budget", task, modelId,
            estimate));
        throw new BudgetSpentException(new BudgetEvent(BudgetStep.STOPPED.id(), null, task, null, spent,
            policy.limitUsd(), "budget spent: model calls stopped at " + stop.percentSpent() + " % of the budget ("
                + stop.reason() + ")", clock.instant()));
      }
      running[0] += estimate;
    }
    return () -> {
      synchronized (running) {
        running[0] = Math.max(0, running[0] - estimate);
      }
    };
  }

  /** Whether the run's model calls have been stopped. */
  public boolean stopped(String runId) {
    return records.reached(runId, BudgetStep.STOPPED);
  }

  private BudgetEvent stop(String runId, BudgetPolicy policy, double spent, String reason) {
    return taken(runId, BudgetStep.STOPPED, null, spent, policy, reason);
  }

  /** Keeps the run-wide record of a step the first time it is reached; returns what is stored. */
  private BudgetEvent taken(String runId, BudgetStep step, String modelId, double spent, BudgetPolicy policy,
      String reason) {
    return records.taken(runId, new BudgetEvent(step.id(), null, null, modelId, spent, policy.limitUsd(), reason,
        clock.instant()), step);
  }

  private BudgetSpentException skipped(String runId, String competitorId, String task, BudgetStep step,
      double spent, BudgetPolicy policy, String why) {
    BudgetEvent event = new BudgetEvent(step.id(), competitorId, task, null, spent, policy.limitUsd(),
        String.format(Locale.ROOT, "budget %d %% spent (USD %.4f of %.4f): %s", percent(spent / policy.limitUsd()),
            spent, policy.limitUsd(), why), clock.instant());
    if (records.skipped(runId, competitorId, task, event)) {
      metrics.analysis(task, "skipped_budget");
      return new BudgetSpentException(event);
    }
    return new BudgetSpentException(records.analysisEvent(runId, competitorId, task).orElseThrow());
  }

  static long percent(double share) {
    return Math.round(share * 100);
  }
}
