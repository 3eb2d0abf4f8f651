package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.resilience.InFlightLimits;
import io.rivalwatch.workflow.RunPhase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Gathers one source kind for one competitor in one round and keeps the result. A repeated job (engine retry,
 * worker crash) finds the stored result and returns it instead of fetching again.
 *
 * <p>A kind may have several connectors (social: Hacker News and Mastodon; market: SEC EDGAR and CSV/JSON
 * endpoints); the competitor's configuration chooses which of them run, and their batches make one result.
 */
@Service
public class ResearchService {

  private static final int MEMORY_TEXT_CHARS = 600;

  private final PlanningService planning;
  private final FailedPages failedPages;
  private final ArtefactJson artefacts;
  private final ResearchArchive archive;
  private final MemoryStore memory;
  private final RunMetrics metrics;
  private final Clock clock;
  private final Map<SourceKind, List<SourceConnector>> connectors = new EnumMap<>(SourceKind.class);
  private final InFlightLimits inFlight;

  public ResearchService(
      PlanningService planning,
      ArtefactJson artefacts,
      ResearchArchive archive,
      MemoryStore memory,
      List<SourceConnector> connectors,
      FailedPages failedPages,
      RunMetrics metrics,
      Clock clock,
      InFlightLimits inFlight) {
    this.inFlight = inFlight;
    this.planning = planning;
    this.failedPages = failedPages;
    this.artefacts = artefacts;
    this.archive = archive;
    this.memory = memory;
    this.metrics = metrics;
    this.clock = clock;
    for (SourceConnector connector : connectors) {
      this.connectors.computeIfAbsent(connector.kind(), k -> new ArrayList<>()).add(connector);
    }
  }

  /**
   * @return what was gathered, or empty when the competitor's configuration names no source of this kind
   * @throws io.rivalwatch.failure.OutsideServiceException when nothing could be gathered for a reason that may pass
   */
  public Optional<GatheredSource> gather(String runId, String competitorId, SourceKind kind, int round) {
    ArtefactKey key = ArtefactKeys.gatheredSource(runId, competitorId, kind.id(), round);
    CompetitorProfile competitor = planning.competitor(runId, competitorId);
    List<SourceConnector> configured = connectors.getOrDefault(kind, List.of()).stream()
        .filter(c -> c.isConfigured(competitor))
        .toList();
    if (configured.isEmpty()) {
      return Optional.empty();
    }
    var stored = artefacts.read(key, GatheredSource.class);
    if (stored.isEmpty()) {
      // round 0 reads the configured entry points: nothing earlier to list
      List<SourceDocument> earlier = round == 0 ? List.of() : archive.documentsBefore(runId, competitorId, round);
      // at most rivalwatch.concurrency.source-in-flight gatherings of one source API at once (per host: the turns),
      // the run's first competitors first, so their analyses can start after one wave of gatherings
      SourceBatch batch = inFlight.source(kind.id(), planning.position(runId, competitorId),
          () -> gatherAll(configured, competitor, round, earlier, failedPages.forRun(runId)));
      stored = Optional.of(artefacts.createOrRead(key,
          new GatheredSource(kind, round, batch.documents(), batch.problems(), null), GatheredSource.class));
      metrics.documentsFetched(kind.id(), batch.documents().size());
      metrics.documentsFailed(kind.id(), batch.problems().size());
      metrics.documentsAddressingModels(kind.id(),
          (int) batch.documents().stream().filter(SourceDocument::addressesModels).count());
    }
    // what was read is kept first; remembering it is idempotent, so a retry remembers again instead of reading again
    remember(runId, competitor, stored.get());
    return stored;
  }

  /**
   * One batch from several connectors of a kind, keeping the connector contract: a connector that could not be
   * reached while another gathered something is a problem line; only when nothing at all was gathered is its
   * failure thrown (the first one), so the job is retried.
   */
  static SourceBatch gatherAll(List<SourceConnector> connectors, CompetitorProfile competitor, int round,
      List<SourceDocument> earlier, PageMemory pages) {
    List<SourceDocument> documents = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> urls = new HashSet<>();
    OutsideServiceException firstFailure = null;
    for (SourceConnector connector : connectors) {
      try {
        SourceBatch batch = connector.gather(competitor, round, earlier, pages);
        for (SourceDocument document : batch.documents()) {
          // the same address from two connectors of a kind is one document (a news article and its feed entry
          // share an address, but they come from the one news connector)
          if (connectors.size() == 1 || urls.add(document.url())) {
            documents.add(document);
          }
        }
        problems.addAll(batch.problems());
      } catch (OutsideServiceException e) {
        firstFailure = firstFailure == null ? e : firstFailure;
        problems.add(e.getMessage());
      }
    }
    if (documents.isEmpty() && firstFailure != null) {
      throw firstFailure;
    }
    return new SourceBatch(documents, problems);
  }

  static SourceBatch gatherAll(
      List<SourceConnector> connectors, CompetitorProfile competitor, int round, List<SourceDocument> earlier) {
    return gatherAll(connectors, competitor, round, earlier, PageMemory.NONE);
  }

  /**
   * True when every source kind the competitor's configuration names has its result for the round stored (gathered,
   * or given up on). Each gathering stores its own result before it asks, so of a round's gatherings at least the
   * last to store finds them all: a store that reads its own and others' writes (S3, the file store) is all this
   * needs.
   */
  public boolean roundGathered(String runId, String competitorId, int round) {
    CompetitorProfile competitor = planning.competitor(runId, competitorId);
    for (SourceKind kind : SourceKind.values()) {
      boolean configured = connectors.getOrDefault(kind, List.of()).stream().anyMatch(c -> c.isConfigured(competitor));
      if (configured && !artefacts.exists(ArtefactKeys.gatheredSource(runId, competitorId, kind.id(), round))) {
        return false;
      }
    }
    return true;
  }

  /** Records that a source failed for good (its retries are used up); research goes on without it. */
  public GatheredSource giveUp(String runId, String competitorId, SourceKind kind, int round, String reason) {
    ArtefactKey key = ArtefactKeys.gatheredSource(runId, competitorId, kind.id(), round);
    // the whole source failed: one failure, however many addresses it had
    metrics.documentsFailed(kind.id(), 1);
    return artefacts.createOrRead(key, new GatheredSource(kind, round, List.of(), List.of(), reason),
        GatheredSource.class);
  }

  private void remember(String runId, CompetitorProfile competitor, GatheredSource gathered) {
    for (SourceDocument document : gathered.documents()) {
      String text = document.title() + " (" + document.kind().id() + ", " + document.url() + "): "
          + abbreviate(document.text(), MEMORY_TEXT_CHARS);
      memory.record(new MemoryEntry(
          runId + "/research/" + competitor.id() + "/" + document.contentHash().substring(0, 16),
          planning.scope(runId).competitorNamespace(competitor.id()),
          runId,
          RunPhase.RESEARCH.id(),
          competitor.id(),
          "gathered",
          text,
          clock.instant()));
    }
  }

  static String abbreviate(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max).trim() + "...";
  }
}
