package io.rivalwatch.planning;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.workflow.RunPhase;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Loads and validates the run configuration once per run and freezes it as an artefact, so every later step
 * (and a retried one) sees the same competitors and settings even if the file changes during the night.
 */
@Service
public class PlanningService {

  // areas of the artefact store that span runs
  private static final java.util.Set<String> RESERVED_IDS = java.util.Set.of(ArtefactKeys.DASHBOARD, ArtefactKeys.HISTORY);
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final RunConfigurationLoader loader;
  private final ArtefactJson artefacts;
  private final PlanningProperties properties;
  private final MemoryStore memory;
  private final Clock clock;

  public PlanningService(RunConfigurationLoader loader, ArtefactJson artefacts, PlanningProperties properties,
      MemoryStore memory, Clock clock) {
    this.loader = loader;
    this.artefacts = artefacts;
    this.properties = properties;
    this.memory = memory;
    this.clock = clock;
  }

  /** Plans a run with the refresh its configuration asks for. */
  public RunPlan plan(String runId, String requestedLocation) {
    return plan(runId, requestedLocation, null);
  }

  /**
   * @param runId the run's id
   * @param requestedLocation the run's own configuration location, or null for the application default
   * @param refresh "full" or "incremental" to override the configuration's {@code settings.refresh}, or null
   * @throws InvalidConfigurationException when the configuration cannot be used
   */
  public RunPlan plan(String runId, String requestedLocation, String refresh) {
    Boolean fullRefresh = refresh == null || refresh.isBlank() ? null : RunSettings.fullRefresh(refresh);
    if (refresh != null && !refresh.isBlank() && fullRefresh == null) {
      throw new InvalidConfigurationException("the run's variables", List.of("refresh: '" + refresh
          + "' is not a refresh mode. " + RunSettings.refreshFix() + ", or leave refresh out to use the run "
          + "configuration's settings.refresh"));
    }
    if (!RUN_ID.matcher(runId).matches() || RESERVED_IDS.contains(runId)) {
      throw new InvalidConfigurationException("the run's variables", List.of("runId: '" + runId
          + "' cannot name a run. Fix: use a name other than dashboard or history, of 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit,"
          + " or leave runId out to get one derived from the process instance"));
    }
    // when the run started, for its duration when it ends (kept from the first attempt: a retried plan is no restart)
    artefacts.createIfAbsent(ArtefactKeys.runStarted(runId), new RunStarted(clock.instant()));
    ArtefactKey key = ArtefactKeys.runConfiguration(runId);
    RunConfiguration configuration =
        artefacts
            .read(key, RunConfiguration.class)
            .orElseGet(
                () -> {
                  String location = requestedLocation == null || requestedLocation.isBlank()
                      ? properties.runConfiguration()
                      : requestedLocation;
                  RunConfiguration loaded = withRefresh(loader.load(location), fullRefresh);
                  memory.record(new MemoryEntry(runId + "/planning", MemoryEntry.RUN_NAMESPACE, runId,
                      RunPhase.PLANNING.id(), null,
                      "planned", "Run " + runId + " planned from " + location + ": researching "
                          + loaded.competitors().stream().map(CompetitorProfile::name).toList(), clock.instant()));
                  artefacts.createIfAbsent(key, loaded);
                  // a concurrent attempt may have written first: use what is stored
                  return artefacts.require(key, RunConfiguration.class);
                });
    return new RunPlan(runId, configuration.competitors().stream().map(CompetitorProfile::id).toList(),
        configuration.settings().review());
  }

  /** The start variable wins over the file, and is frozen with it, so every job of the run sees the same. */
  private static RunConfiguration withRefresh(RunConfiguration loaded, Boolean fullRefresh) {
    return fullRefresh == null ? loaded
        : new RunConfiguration(loaded.settings().withFullRefresh(fullRefresh), loaded.competitors());
  }

  /**
   * The configuration frozen for this run by {@link #plan}. Every job asks for it; it never changes once frozen,
   * so {@link ArtefactJson} serves it from its cache after the first read.
   */
  public RunConfiguration configuration(String runId) {
    return artefacts.require(ArtefactKeys.runConfiguration(runId), RunConfiguration.class);
  }

  /** When Plan run first ran for this run, if it got that far (a run id it could not use never did). */
  public java.util.Optional<java.time.Instant> startedAt(String runId) {
    return artefacts.read(ArtefactKeys.runStarted(runId), RunStarted.class).map(RunStarted::startedAt);
  }

  /** The run's start, kept beside its frozen configuration. */
  record RunStarted(java.time.Instant startedAt) {}

}
