package io.rivalwatch.cost;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.MissingArtefactException;
import io.rivalwatch.planning.PlanningService;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * A run's budget in money, checked before every model call and every analysis. What a run has spent is read from
 * the {@link ModelUsageLedger}'s artefacts, so the check holds across workers and job retries; calls admitted in
 * this worker and still running are counted at their estimate until they are recorded. The run degrades in steps
 * ({@link BudgetStep}): cheaper model for analyses, then optional analyses skipped, then no model calls at all. Each
 * step taken is kept as a {@link BudgetEvent} artefact, which the report and the run record read, and which makes
 * a stop final: once stopped, no call of the run is admitted again.
 *
 * <p>Limits of the check: a call is estimated at its input (characters / 4) and its maximum output tokens, so a
 * call that would overspend is refused; calls admitted at the same moment by other workers are not seen until they
 * are recorded, so with several workers a run may end above its budget by at most those calls.
 */
@Service
public class RunBudget {

  private static final Logger log = LoggerFactory.getLogger(RunBudget.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final ModelUsageLedger ledger;
  private final ArtefactJson artefacts;
  private final ArtefactStore store;
  private final PlanningService planning;
  private final CostProperties properties;
  private final RunMetrics metrics;
  private final Clock clock;
  /** Estimated cost of calls admitted in this worker and not yet recorded, per run; also the per-run lock. */
  private final Map<String, double[]> inFlight = new ConcurrentHashMap<>();

  public RunBudget(ModelUsageLedger ledger, ArtefactJson artefacts, ArtefactStore store, PlanningService planning,
      CostProperties properties, RunMetrics metrics, Clock clock) {
    this.ledger = ledger;
    this.artefacts = artefacts;
    this.store = store;
    this.planning = planning;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * The run's budget: the run configuration's {@code settings.budgetUsd}, else {@code rivalwatch.cost.run-budget-usd},
   * with the thresholds of the application's configuration. A limited budget is frozen at its first use.
   */
  public BudgetPolicy policy(String runId) {
    if (runId == null) {
      return BudgetPolicy.none();
    }
    Optional<BudgetPolicy> frozen = artefacts.read(ArtefactKeys.budgetPolicy(runId), BudgetPolicy.class);
    if (frozen.isPresent()) {
      return frozen.get();
    }
    Double perRun;
    try {
      perRun = planning.configuration(runId).settings().budgetUsd();
    } catch (MissingArtefactException notPlanned) {
      // a run whose planning failed has no configuration, and made no model call
      return BudgetPolicy.none();
    }
    // the watch list's or request's budget was checked against the cap at planning; the default is capped here
    Double limit = perRun != null ? perRun : planning.withinBudgetCap(properties.runBudgetUsd());
    if (limit == null) {
      return BudgetPolicy.none();
    }
    BudgetPolicy policy = new BudgetPolicy(limit, properties.cheaperModelAt(), properties.skipOptionalAt(),
        properties.optionalAnalyses());
    return artefacts.createOrRead(ArtefactKeys.budgetPolicy(runId), policy, BudgetPolicy.class);
  }

  /** What the run has spent: recorded calls, plus calls admitted here that are still running. */
  public double spentUsd(String runId) {
    double[] running = inFlight.get(runId);
    double pending;
    synchronized (running == null ? this : running) {
      pending = running == null ? 0 : running[0];
    }
    return ledger.cost(runId).costUsd() + pending;
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
    Optional<BudgetEvent> decided =
        artefacts.read(ArtefactKeys.budgetDecision(runId, competitorId, task), BudgetEvent.class);
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
      return Optional.of(artefacts.createOrRead(ArtefactKeys.budgetDecision(runId, competitorId, task), event,
          BudgetEvent.class));
    }
    return Optional.empty();
  }

  private static final String PREFIXED_OPTIONAL = CostProperties.PREFIX + ".optional-analyses";

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
    return artefacts.read(ArtefactKeys.budgetDecision(runId, competitorId, task), BudgetEvent.class);
  }

  /**
   * Admits one model call, or refuses it when the run is stopped or the call would take it past its budget. The
   * caller closes the admission once the call is recorded or has failed.
   *
   * @param inputCharacters the characters of the system prompt and every message
   * @param maxOutputTokens the most output tokens the call may produce
   * @throws BudgetSpentException when the call is not to be made
   */
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
      double spent = ledger.cost(runId).costUsd() + running[0];
      if (stopped(runId)) {
        BudgetEvent stop =
            artefacts.require(ArtefactKeys.budgetStep(runId, BudgetStep.STOPPED.id()), BudgetEvent.class);
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
    return store.exists(ArtefactKeys.budgetStep(runId, BudgetStep.STOPPED.id()));
  }

  /** Every budget step the run took, run-wide and per analysis, in the order they were taken. */
  public List<BudgetEvent> events(String runId) {
    return store.list(runId).stream()
        .filter(k -> k.phase().equals(ArtefactKeys.BUDGET) && !k.equals(ArtefactKeys.budgetPolicy(runId)))
        .map(k -> artefacts.read(k, BudgetEvent.class))
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(BudgetEvent::at))
        .toList();
  }

  /** The budget, what was spent, and the steps taken in words. */
  public BudgetSummary summary(String runId) {
    double spent = ledger.cost(runId).costUsd();
    BudgetPolicy policy = policy(runId);
    if (!policy.limited()) {
      return BudgetSummary.none(spent);
    }
    List<BudgetEvent> events = events(runId);
    List<String> steps = new ArrayList<>();
    for (BudgetEvent e : events) {
      if (e.competitorId() != null) {
        continue;
      }
      if (e.is(BudgetStep.CHEAPER_MODEL)) {
        steps.add("switched analyses to " + e.modelId() + " at " + e.percentSpent() + " % of the budget ("
            + TIME.format(e.at()) + ")");
      } else if (e.is(BudgetStep.SKIP_OPTIONAL)) {
        steps.add(skippedLine(events, BudgetStep.SKIP_OPTIONAL, "skipped ", e));
      } else if (e.is(BudgetStep.STOPPED)) {
        String line = "stopped model calls at " + e.percentSpent() + " % of the budget (" + TIME.format(e.at())
            + "): " + e.reason();
        String after = skippedLine(events, BudgetStep.STOPPED, "not analysed after the stop: ", e);
        steps.add(after.isEmpty() ? line : line + "; " + after);
      }
    }
    return new BudgetSummary(policy.limitUsd(), spent, steps);
  }

  /**
   * The budget in one line for a process variable, e.g. "USD 0.0389 of 0.0400 spent (97 %): stopped model calls";
   * empty when the run has no budget.
   */
  public Optional<String> status(String runId) {
    BudgetPolicy policy = policy(runId);
    if (!policy.limited()) {
      return Optional.empty();
    }
    double spent = ledger.cost(runId).costUsd();
    BudgetStep last = BudgetStep.NORMAL;
    for (BudgetStep step : BudgetStep.values()) {
      if (step != BudgetStep.NORMAL && store.exists(ArtefactKeys.budgetStep(runId, step.id()))) {
        last = step;
      }
    }
    String what = switch (last) {
      case NORMAL -> "within budget";
      case CHEAPER_MODEL -> "analyses on the cheaper model";
      case SKIP_OPTIONAL -> "optional analyses skipped";
      case STOPPED -> "stopped model calls";
    };
    return Optional.of(String.format(Locale.ROOT, "USD %.4f of %.4f spent (%d %%): %s", spent, policy.limitUsd(),
        percent(spent / policy.limitUsd()), what));
  }

  /** E.g. "skipped strategy/positioning for acme, initech at 82 % of the budget". */
  private static String skippedLine(List<BudgetEvent> events, BudgetStep step, String lead, BudgetEvent runWide) {
    Set<String> tasks = new LinkedHashSet<>();
    Set<String> competitors = new LinkedHashSet<>();
    for (BudgetEvent e : events) {
      if (e.competitorId() != null && e.is(step)) {
        tasks.add(e.task());
        competitors.add(e.competitorId());
      }
    }
    if (competitors.isEmpty()) {
      return step == BudgetStep.STOPPED ? "" : lead + "optional analyses from " + runWide.percentSpent()
          + " % of the budget (" + TIME.format(runWide.at()) + ")";
    }
    return lead + String.join("/", tasks) + " for " + String.join(", ", competitors)
        + (step == BudgetStep.STOPPED ? "" : " at " + runWide.percentSpent() + " % of the budget ("
            + TIME.format(runWide.at()) + ")");
  }

  private BudgetEvent stop(String runId, BudgetPolicy policy, double spent, String reason) {
    return taken(runId, BudgetStep.STOPPED, null, spent, policy, reason);
  }

  /** Keeps the run-wide record of a step the first time it is reached; returns what is stored. */
  private BudgetEvent taken(String runId, BudgetStep step, String modelId, double spent, BudgetPolicy policy,
      String reason) {
    BudgetEvent event = new BudgetEvent(step.id(), null, null, modelId, spent, policy.limitUsd(), reason,
        clock.instant());
    if (artefacts.createIfAbsent(ArtefactKeys.budgetStep(runId, step.id()), event)) {
      metrics.budgetStep(step.id());
      log.info("run {} at {} % of its budget of USD {}: {}", runId, event.percentSpent(), policy.limitUsd(),
          reason);
      return event;
    }
    return artefacts.require(ArtefactKeys.budgetStep(runId, step.id()), BudgetEvent.class);
  }

  private BudgetSpentException skipped(String runId, String competitorId, String task, BudgetStep step,
      double spent, BudgetPolicy policy, String why) {
    BudgetEvent event = new BudgetEvent(step.id(), competitorId, task, null, spent, policy.limitUsd(),
        String.format(Locale.ROOT, "budget %d %% spent (USD %.4f of %.4f): %s", percent(spent / policy.limitUsd()),
            spent, policy.limitUsd(), why), clock.instant());
    ArtefactKey key = ArtefactKeys.budgetDecision(runId, competitorId, task);
    if (artefacts.createIfAbsent(key, event)) {
      metrics.analysis(task, "skipped_budget");
      return new BudgetSpentException(event);
    }
    return new BudgetSpentException(artefacts.require(key, BudgetEvent.class));
  }

  private static long percent(double share) {
    return Math.round(share * 100);
  }

  /** An admitted model call; closing it releases its estimate once the call is recorded or has failed. */
  @FunctionalInterface
  public interface Admission extends AutoCloseable {
    Admission NONE = () -> { };

    @Override
    void close();
  }

}
