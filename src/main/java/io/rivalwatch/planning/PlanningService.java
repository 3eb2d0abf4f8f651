package io.rivalwatch.planning;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.workflow.RunPhase;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Loads and validates the run's watch list (its run configuration) once per run, within the server's caps, and freezes it as an artefact, so every later step
 * (and a retried one) sees the same competitors and settings even if the file changes during the night.
 */
@Service
public class PlanningService {

  // areas of the artefact store that span runs
  private static final java.util.Set<String> RESERVED_IDS = java.util.Set.of(ArtefactKeys.DASHBOARD, ArtefactKeys.HISTORY,
      ArtefactKeys.RETENTION, ArtefactKeys.SCHEDULES);
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  /** Runs whose frozen configuration is kept parsed; far more than run at once (rivalwatch.limits.concurrent-runs). */
  private static final int FROZEN_RUNS_KEPT = 64;

  private final RunConfigurationLoader loader;
  private final ArtefactJson artefacts;
  private final PlanningProperties properties;
  private final MemoryStore memory;
  private final Clock clock;
  private final RunLimits limits;
  /**
   * Each run's frozen configuration, read and parsed once on this instance and shared by all its jobs: it never
   * changes once frozen, and parsing it per job made every job's work grow with the run's competitors (issue 14).
   */
  private final Cache<String, FrozenRun> frozen = Caffeine.newBuilder().maximumSize(FROZEN_RUNS_KEPT).build();
  /** Each run's watch list scope; frozen at planning like its configuration. */
  private final Cache<String, WatchListScope> scopes = Caffeine.newBuilder().maximumSize(FROZEN_RUNS_KEPT).build();
  /** Reads the watch list, and records the run's start, beside the planning job's own thread. */
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  /** The watch list that keeps the unscoped areas, once read (it never changes once written). */
  private volatile String unscopedOwner;

  @org.springframework.beans.factory.annotation.Autowired
  public PlanningService(RunConfigurationLoader loader, ArtefactJson artefacts, PlanningProperties properties,
      MemoryStore memory, Clock clock, RunLimits limits) {
    this.loader = loader;
    this.artefacts = artefacts;
    this.properties = properties;
    this.memory = memory;
    this.clock = clock;
    this.limits = limits == null ? RunLimits.defaults() : limits;
  }

  /** A planning service under the default limits (no budget cap). */
  public PlanningService(RunConfigurationLoader loader, ArtefactJson artefacts, PlanningProperties properties,
      MemoryStore memory, Clock clock) {
    this(loader, artefacts, properties, memory, clock, null);
  }

  /** Plans a run with the refresh its watch list asks for. */
  public RunPlan plan(String runId, String watchList) {
    return plan(runId, watchList, null, null);
  }

  /**
   * @param runId the run's id
   * @param watchList the name of the run's watch list, or null for {@code rivalwatch.planning.default-watch-list}
   * @param refresh "full" or "incremental" to override the configuration's {@code settings.refresh}, or null
   * @param budgetUsd a lower budget than the watch list's (or the cap) asked for by whoever started the run, or null
   * @throws InvalidConfigurationException when the configuration cannot be used or is above a cap
   */
  public RunPlan plan(String runId, String watchList, String refresh, Double budgetUsd) {
    return plan(runId, watchList, refresh, budgetUsd, () -> { });
  }

  /**
   * {@link #plan(String, String, String, Double)}, with what the caller records once the run's start is kept (who
   * started it: it needs the start time and nothing else of the plan). The watch list is read and checked while the
   * start is kept and recorded, and that record is written while the configuration is frozen: each is an outside call
   * (or cold code, once a run) on the way to the run's first competitors, and none needs the other's result. The plan
   * is returned only when all of them are done; the first failure is thrown, as before.
   */
  public RunPlan plan(String runId, String watchList, String refresh, Double budgetUsd, Runnable started) {
    Boolean fullRefresh = refresh == null || refresh.isBlank() ? null : RunSettings.fullRefresh(refresh);
    if (refresh != null && !refresh.isBlank() && fullRefresh == null) {
      throw new InvalidConfigurationException("the run's variables", List.of("refresh: '" + refresh
          + "' is not a refresh mode. " + RunSettings.refreshFix() + ", or leave refresh out to use the run "
          + "configuration's settings.refresh"));
    }
    runIdProblem(runId).ifPresent(problem -> {
      throw new InvalidConfigurationException("the run's variables", List.of(problem));
    });
    java.util.Optional<String> budgetProblem = limits.budgetProblem("budgetUsd", budgetUsd);
    if (budgetProblem.isPresent()) {
      throw new InvalidConfigurationException("the run's variables", List.of(budgetProblem.get()));
    }
    String name = watchListName(watchList);
    ArtefactKey key = ArtefactKeys.runConfiguration(runId);
    // a retried plan uses what the first attempt froze, and reads no watch list
    java.util.Optional<RunConfiguration> frozenBefore = artefacts.read(key, RunConfiguration.class);
    Future<RunConfiguration> loading = frozenBefore.isPresent() ? null
        : beside(() -> withRefresh(withinLimits(name, loader.load(name), budgetUsd), fullRefresh));
    Future<?> recording = null;
    RunConfiguration configuration;
    try {
      // when the run started and from which watch list, for its duration when it ends and the list's dashboard (kept
      // from the first attempt: a retried plan is no restart)
      artefacts.createIfAbsent(ArtefactKeys.runStarted(runId), new RunStarted(clock.instant(), name));
      recording = beside(() -> {
        started.run();
        return null;
      });
      configuration = frozenBefore.orElseGet(() -> freeze(runId, name, key, result(loading)));
    } catch (RuntimeException | Error e) {
      if (loading != null) {
        loading.cancel(true);
      }
      // the start is recorded whatever became of the plan (a refused watch list is part of the run's record too);
      // this failure is the plan's
      if (recording != null) {
        try {
          result(recording);
        } catch (RuntimeException | Error alsoFailed) {
          e.addSuppressed(alsoFailed);
        }
      }
      throw e;
    }
    result(recording);
    frozen.put(runId, new FrozenRun(configuration));
    return new RunPlan(runId, configuration.competitors().stream().map(CompetitorProfile::id).toList(),
        configuration.settings().review());
  }

  /** Freezes the loaded configuration for the run; a concurrent attempt may have frozen one first: that one is used. */
  private RunConfiguration freeze(String runId, String name, ArtefactKey key, RunConfiguration loaded) {
    // the scope first: once the configuration is frozen, every later step asks for it
    artefacts.createIfAbsent(ArtefactKeys.runWatchList(runId), scopeOf(name));
    memory.record(new MemoryEntry(runId + "/planning", scope(runId).runNamespace(), runId,
        RunPhase.PLANNING.id(), null,
        "planned", "Run " + runId + " planned from watch list " + name + ": researching "
            + loaded.competitors().stream().map(CompetitorProfile::name).toList(), clock.instant()));
    // what this attempt wrote is what is stored: no read back; else what the first attempt wrote
    return artefacts.createOrRead(key, loaded, RunConfiguration.class);
  }

  /** Runs the task on a virtual thread of its own, its log lines with the job's context (run, job, element). */
  private <T> Future<T> beside(java.util.concurrent.Callable<T> task) {
    java.util.Map<String, String> context = org.slf4j.MDC.getCopyOfContextMap();
    return background.submit(() -> {
      if (context != null) {
        org.slf4j.MDC.setContextMap(context);
      }
      return task.call();
    });
  }

  /** The task's result, or its failure as it was thrown (a refused watch list stays an InvalidConfigurationException). */
  private static <T> T result(Future<T> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while planning", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The watch list a run planned with this request uses: the one named, or the default one. */
  public String watchListName(String requested) {
    return requested == null || requested.isBlank() ? properties.defaultWatchList() : requested.strip();
  }

  /**
   * Refuses a watch list above a cap; freezes the budget the run gets: the lowest of the watch list's, the request's
   * and the cap (none of them set: null, and the budget feature falls back to rivalwatch.cost.run-budget-usd within
   * the cap, see {@link #withinBudgetCap}).
   */
  private RunConfiguration withinLimits(String name, RunConfiguration loaded, Double requestedBudgetUsd) {
    List<String> problems = new java.util.ArrayList<>();
    int competitors = loaded.competitors().size();
    if (competitors > limits.competitorsPerRun()) {
      problems.add("competitors: the watch list names " + competitors + " competitors, above the cap of "
          + limits.competitorsPerRun() + " per run (set by " + RunLimits.COMPETITORS + " on the server). Fix: split "
          + "it into watch lists of at most " + limits.competitorsPerRun() + ", or have the operator raise the cap");
    }
    Double listed = loaded.settings().budgetUsd();
    limits.budgetProblem("settings.budgetUsd", listed).ifPresent(problems::add);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException("watch list '" + name + "'", problems);
    }
    Double budget = listed;
    if (requestedBudgetUsd != null) {
      budget = listed == null ? requestedBudgetUsd : Double.valueOf(Math.min(listed, requestedBudgetUsd));
    }
    if (budget == null || budget.equals(listed)) {
      return loaded;
    }
    RunSettings s = loaded.settings();
    return new RunConfiguration(new RunSettings(s.extraResearchRounds(), s.minUsableDocuments(), s.reportAttempts(),
        s.maxSectionWords(), s.emailRecipients(), s.minCompleteShare(), s.fullRefresh(), budget, s.review()),
        loaded.competitors());
  }

  /**
   * The application's default budget ({@code rivalwatch.cost.run-budget-usd}) within the cap
   * ({@code rivalwatch.limits.run-budget-usd}): for a run whose watch list and request asked for none.
   */
  public Double withinBudgetCap(Double defaultBudgetUsd) {
    return limits.capBudget(defaultBudgetUsd);
  }

  /**
   * The scope of the run's watch list: where it keeps what spans its runs (ADR 0023). A run planned before watch-list
   * scoping belongs to the list that keeps the unscoped areas.
   */
  public WatchListScope scope(String runId) {
    WatchListScope known = scopes.getIfPresent(runId);
    if (known != null) {
      return known;
    }
    java.util.Optional<WatchListScope> stored = artefacts.read(ArtefactKeys.runWatchList(runId), WatchListScope.class);
    // kept once stored; a run not (yet) planned is not cached, so planning it later is seen
    stored.ifPresent(scope -> scopes.put(runId, scope));
    return stored.orElseGet(() -> new WatchListScope(unscopedAreasOwner(), true));
  }

  /** The scope of a watch list by its name. */
  public WatchListScope scopeOf(String watchList) {
    WatchLists.problem("watchList", watchList).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    return new WatchListScope(watchList, watchList.equals(unscopedAreasOwner()));
  }

  /**
   * The list that keeps the areas of versions before watch-list scoping: pinned by the first run planned, as the
   * default watch list of that time, so changing the default later never hands one list's history to another.
   */
  public String unscopedAreasOwner() {
    String owner = unscopedOwner;
    if (owner == null) {
      String current = properties == null ? PlanningProperties.of(null, null, null).defaultWatchList()
          : properties.defaultWatchList();
      owner = artefacts.createOrRead(ArtefactKeys.unscopedAreasOwner(), new UnscopedAreasOwner(current),
          UnscopedAreasOwner.class).watchList();
      unscopedOwner = owner;
    }
    return owner;
  }

  /** Which watch list keeps the unscoped areas. */
  record UnscopedAreasOwner(String watchList) {
    static final io.rivalwatch.artefact.ArtefactFormat<UnscopedAreasOwner> FORMAT =
        io.rivalwatch.artefact.ArtefactFormat.of("unscoped-areas-owner", UnscopedAreasOwner.class);
  }

  /** Why {@code runId} cannot name a run, if it cannot (it names the run's area of the artefact store). */
  public static java.util.Optional<String> runIdProblem(String runId) {
    if (runId != null && RUN_ID.matcher(runId).matches() && !RESERVED_IDS.contains(runId)
        && !runId.startsWith(ArtefactKeys.BREAKERS_PREFIX) && !runId.startsWith(ArtefactKeys.HISTORY_AREA_PREFIX)
        && !runId.startsWith(ArtefactKeys.PROGRESS_PREFIX)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("runId: " + WatchLists.shown(runId) + " cannot name a run. Fix: use a name other "
        + "than dashboard, history, retention or schedules and not starting with breakers-, history- or progress-, of 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit,"
        + " or leave runId out to get one derived from the process instance");
  }

  /** The start variable wins over the file, and is frozen with it, so every job of the run sees the same. */
  private static RunConfiguration withRefresh(RunConfiguration loaded, Boolean fullRefresh) {
    return fullRefresh == null ? loaded
        : new RunConfiguration(loaded.settings().withFullRefresh(fullRefresh), loaded.competitors());
  }

  /**
   * The configuration frozen for this run by {@link #plan}. Every job asks for it; it never changes once frozen,
   * so it is read and parsed once per run on this instance.
   *
   * @throws io.rivalwatch.artefact.MissingArtefactException when the run was not planned (nothing is kept then)
   */
  public RunConfiguration configuration(String runId) {
    return frozen(runId).configuration();
  }

  /**
   * One competitor of the run's frozen configuration, found by id without going through the list.
   *
   * @throws IllegalArgumentException when the run has no competitor with this id
   */
  public CompetitorProfile competitor(String runId, String competitorId) {
    CompetitorProfile competitor = frozen(runId).byId().get(competitorId);
    if (competitor == null) {
      throw new IllegalArgumentException("no competitor with id '" + competitorId + "' in this run");
    }
    return competitor;
  }

  /**
   * A competitor's position in the run's frozen configuration (0 for the first): the order in which the outside
   * limits serve the run's waiting calls (resilience/InFlightLimits, ADR 0029).
   *
   * @throws IllegalArgumentException when the run has no competitor with this id
   */
  public int position(String runId, String competitorId) {
    Integer position = frozen(runId).positions().get(competitorId);
    if (position == null) {
      throw new IllegalArgumentException("no competitor with id '" + competitorId + "' in this run");
    }
    return position;
  }

  private FrozenRun frozen(String runId) {
    return frozen.get(runId, id -> new FrozenRun(
        artefacts.require(ArtefactKeys.runConfiguration(id), RunConfiguration.class)));
  }

  /** A frozen configuration with its competitors, and their positions, by id. */
  private record FrozenRun(RunConfiguration configuration, java.util.Map<String, CompetitorProfile> byId,
      java.util.Map<String, Integer> positions) {

    FrozenRun(RunConfiguration configuration) {
      this(configuration, configuration.competitors().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
          CompetitorProfile::id, c -> c, (first, duplicate) -> first)), positions(configuration.competitors()));
    }

    private static java.util.Map<String, Integer> positions(List<CompetitorProfile> competitors) {
      java.util.Map<String, Integer> positions = new java.util.HashMap<>();
      for (int i = 0; i < competitors.size(); i++) {
        positions.putIfAbsent(competitors.get(i).id(), i);
      }
      return java.util.Map.copyOf(positions);
    }
  }

  /** When Plan run first ran for this run, if it got that far (a run id it could not use never did). */
  public java.util.Optional<java.time.Instant> startedAt(String runId) {
    return artefacts.read(ArtefactKeys.runStarted(runId), RunStarted.class).map(RunStarted::startedAt);
  }

  /**
   * The watch list the run was planned from, if it got that far; runs planned before the name was kept have none.
   * Read by the list's trend dashboard ({@code trends.WatchListNights}).
   */
  public java.util.Optional<String> watchList(String runId) {
    return artefacts.read(ArtefactKeys.runStarted(runId), RunStarted.class).map(RunStarted::watchList)
        .filter(WatchLists::isName);
  }

  /**
   * The run's start and the watch list it was planned from, kept beside its frozen configuration. Version 2 added
   * the watch list; runs stored before it have none.
   */
  record RunStarted(java.time.Instant startedAt, String watchList) {
    static final ArtefactFormat<RunStarted> FORMAT = ArtefactFormat.of("run-started", RunStarted.class)
        .version(2, from1 -> ((com.fasterxml.jackson.databind.node.ObjectNode) from1).putNull("watchList"));
  }

}
