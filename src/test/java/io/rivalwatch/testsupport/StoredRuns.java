package io.rivalwatch.testsupport;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.analysis.Analyser;
import io.rivalwatch.analysis.AnalysisHistory;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.AnalysisReuse;
import io.rivalwatch.analysis.AnalysisService;
import io.rivalwatch.analysis.offline.OfflineAnalyser;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.PaidResults;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.planning.PlanningProperties;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfigurationLoader;
import io.rivalwatch.research.GatheredSource;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.text.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Runs as the artefact store keeps them, without the engine: a run is planned from a YAML file, given documents as
 * research would store them, and analysed by the real {@link AnalysisService} with the offline analyser behind a
 * counter. Each {@link #nextNight} moves the clock a day on, as between nightly runs.
 */
public final class StoredRuns {

  private final Path directory;
  private final FileArtefactStore store;
  private final ArtefactJson json;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T02:00:00Z"));
  private final PlanningService planning;
  private final Path watchLists;
  /** The watch list of {@link #plan}: one list, so its runs share history, reuse and memory as nights do. */
  public static final String WATCH_LIST = "nightly";
  private final ResearchArchive research;
  private final AnalysisHistory history;
  private final io.rivalwatch.baseline.Baselines baselines;
  private final AnalysisReuse reuse;
  private final ArtefactLinks links;
  private final CountingAnalyser analyser = new CountingAnalyser(new OfflineAnalyser());
  private final AnalysisService analysis;
  private final MemoryStore memory;

  public StoredRuns(Path directory) {
    this(directory, new ForgetfulMemory());
  }

  /** With a memory the analyses read their context from (and record their milestones in). */
  public StoredRuns(Path directory, MemoryStore memory) {
    this.memory = memory;
    this.directory = directory;
    this.store = new FileArtefactStore(directory.resolve("artefacts"));
    this.json = new ArtefactJson(store);
    this.watchLists = directory.resolve("watch-lists");
    PlanningProperties planningProperties = PlanningProperties.of(watchLists.toUri().toString(), null, null);
    this.planning = new PlanningService(
        new RunConfigurationLoader(new DefaultResourceLoader(), new StandardEnvironment(), planningProperties), json,
        planningProperties, memory, clock);
    this.research = new ResearchArchive(json);
    this.history = new AnalysisHistory(store, json, planning, clock);
    this.reuse = new AnalysisReuse(store, json, planning);
    this.baselines = new io.rivalwatch.baseline.Baselines(store, json, planning, history,
        new io.rivalwatch.outcome.DeliveredRunRecords(json));
    this.links = new ArtefactLinks("http://localhost:8080");
    var ledger = new io.rivalwatch.cost.ModelUsageLedger(json, store, new io.rivalwatch.cost.CostProperties(
        java.util.List.of()));
    this.analysis = new AnalysisService(planning, research, analyser, json, memory, history, reuse,
        new PaidResults(), new io.rivalwatch.cost.RunBudget(ledger, json, store, planning,
            new io.rivalwatch.cost.CostProperties(java.util.List.of()),
            new io.rivalwatch.observability.RunMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
            clock), clock);
  }

  /**
   * Plans a run of the given competitors.
   *
   * @param refresh the start variable ("full", "incremental") or null
   * @param competitors id, name, id, name, ...
   */
  public void plan(String runId, String refresh, String... competitors) {
    planFrom(WATCH_LIST, runId, refresh, competitors);
  }

  /** Plans a run of the given watch list (written afresh for each run, as if edited between nights). */
  public void planIn(String watchList, String runId, String refresh, String... competitors) {
    planFrom(watchList, runId, refresh, competitors);
  }

  /** Plans a run of the given competitors from the named watch list (written again for this run). */
  public void planFrom(String watchList, String runId, String refresh, String... competitors) {
    StringBuilder yaml = new StringBuilder("settings: {minUsableDocuments: 1}\ncompetitors:\n");
    for (int i = 0; i < competitors.length; i += 2) {
      yaml.append("  - id: ").append(competitors[i]).append("\n    name: ").append(competitors[i + 1])
          .append("\n    social: {hackerNewsQuery: \"").append(competitors[i + 1]).append("\"}\n");
    }
    try {
      Files.createDirectories(watchLists);
      Files.writeString(watchLists.resolve(watchList + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    planning.plan(runId, watchList, refresh, null);
  }

  /** Stores the documents as research of round 0 would, one gathered source per kind. */
  public void gathered(String runId, String competitorId, SourceDocument... documents) {
    Map<SourceKind, List<SourceDocument>> byKind = Arrays.stream(documents)
        .collect(Collectors.groupingBy(SourceDocument::kind, TreeMap::new, Collectors.toList()));
    byKind.forEach((kind, docs) -> json.createIfAbsent(ArtefactKeys.gatheredSource(runId, competitorId, kind.id(), 0),
        new GatheredSource(kind, 0, docs, List.of(), null)));
  }

  /** Every analysis of one competitor in a run, as the three analysis jobs do. */
  public void analyseAll(String runId, String competitorId) {
    for (AnalysisKind kind : AnalysisKind.values()) {
      analysis.analyse(runId, competitorId, kind);
    }
  }

  /** A document as a connector makes it, fetched now (fetch times differ from night to night). */
  public SourceDocument document(SourceKind kind, String url, String title, String text) {
    return new SourceDocument(url, title, kind, clock.instant(), null, Sha256.hex(text), text, List.of());
  }

  /** As if the run's report was approved and delivered: it becomes its watch list's baseline. */
  public void delivered(String runId) {
    baselines.recordDelivered(runId, clock.instant());
  }

  public io.rivalwatch.baseline.Baselines baselines() {
    return baselines;
  }

  public MutableClock clock() {
    return clock;
  }

  public void nextNight() {
    clock.advance(Duration.ofDays(1));
  }

  public PlanningService planning() {
    return planning;
  }

  public ArtefactJson json() {
    return json;
  }

  public FileArtefactStore store() {
    return store;
  }

  public ResearchArchive research() {
    return research;
  }

  public AnalysisHistory history() {
    return history;
  }

  public AnalysisReuse reuse() {
    return reuse;
  }

  public ArtefactLinks links() {
    return links;
  }

  public MemoryStore memory() {
    return memory;
  }

  public AnalysisService analysis() {
    return analysis;
  }

  public CountingAnalyser analyser() {
    return analyser;
  }

  /** The analyser the service calls, counting each call as "competitor/kind"; its version can be changed. */
  public static final class CountingAnalyser implements Analyser {
    private final Analyser delegate;
    private final List<String> calls = new ArrayList<>();
    private final List<AnalysisInput> inputs = new ArrayList<>();
    private volatile String versionSuffix = "";

    CountingAnalyser(Analyser delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized AnalysisResult analyse(AnalysisKind kind, AnalysisInput input) {
      calls.add(input.competitorId() + "/" + kind.id());
      inputs.add(input);
      return delegate.analyse(kind, input);
    }

    /** What the analyser was given, oldest first. */
    public synchronized List<AnalysisInput> inputs() {
      return List.copyOf(inputs);
    }

    @Override
    public String version(AnalysisKind kind) {
      return delegate.version(kind) + versionSuffix;
    }

    /** As if a prompt or word list changed. */
    public void changeVersion(String suffix) {
      versionSuffix = suffix;
    }

    /** Calls so far, then forgets them. */
    public synchronized List<String> takeCalls() {
      List<String> taken = List.copyOf(calls);
      calls.clear();
      return taken;
    }
  }
}
