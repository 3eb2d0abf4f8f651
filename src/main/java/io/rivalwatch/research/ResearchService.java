package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Gathers one source kind for one competitor in one round and keeps the result. A repeated job (engine retry,
 * worker crash) finds the stored result and returns it instead of fetching again.
 */
@Service
public class ResearchService {

  private static final int MEMORY_TEXT_CHARS = 600;

  private final PlanningService planning;
  private final ArtefactJson artefacts;
  private final ResearchArchive archive;
  private final MemoryStore memory;
  private final Clock clock;
  private final Map<SourceKind, SourceConnector> connectors = new EnumMap<>(SourceKind.class);

  public ResearchService(
      PlanningService planning,
      ArtefactJson artefacts,
      ResearchArchive archive,
      MemoryStore memory,
      List<SourceConnector> connectors,
      Clock clock) {
    this.planning = planning;
    this.artefacts = artefacts;
    this.archive = archive;
    this.memory = memory;
    this.clock = clock;
    for (SourceConnector connector : connectors) {
      this.connectors.put(connector.kind(), connector);
    }
  }

  /**
   * @throws SourceUnavailableException when nothing could be gathered for a reason that may pass
   */
  public GatheredSource gather(String runId, String competitorId, SourceKind kind, int round) {
    ArtefactKey key = ResearchArchive.sourceKey(runId, competitorId, kind, round);
    var stored = artefacts.read(key, GatheredSource.class);
    if (stored.isPresent()) {
      return stored.get();
    }
    CompetitorProfile competitor = planning.configuration(runId).competitor(competitorId);
    SourceConnector connector = connectors.get(kind);
    if (connector == null || !connector.isConfigured(competitor)) {
      return new GatheredSource(kind, round, List.of(), List.of(), null);
    }
    List<SourceDocument> earlier = archive.documentsBefore(runId, competitorId, round);
    SourceBatch batch = connector.gather(competitor, round, earlier);
    GatheredSource gathered = new GatheredSource(kind, round, batch.documents(), batch.problems(), null);
    remember(runId, competitor, gathered);
    artefacts.createIfAbsent(key, gathered);
    return artefacts.require(key, GatheredSource.class);
  }

  /** Records that a source failed for good (its retries are used up); research goes on without it. */
  public GatheredSource giveUp(String runId, String competitorId, SourceKind kind, int round, String reason) {
    ArtefactKey key = ResearchArchive.sourceKey(runId, competitorId, kind, round);
    artefacts.createIfAbsent(key, new GatheredSource(kind, round, List.of(), List.of(), reason));
    return artefacts.require(key, GatheredSource.class);
  }

  /** Whether the competitor's configuration names this source kind at all. */
  public boolean isConfigured(String runId, String competitorId, SourceKind kind) {
    SourceConnector connector = connectors.get(kind);
    return connector != null && connector.isConfigured(planning.configuration(runId).competitor(competitorId));
  }

  private void remember(String runId, CompetitorProfile competitor, GatheredSource gathered) {
    for (SourceDocument document : gathered.documents()) {
      String text = document.title() + " (" + document.kind().id() + ", " + document.url() + "): "
          + abbreviate(document.text(), MEMORY_TEXT_CHARS);
      memory.record(new MemoryEntry(
          runId + "/research/" + competitor.id() + "/" + document.contentHash().substring(0, 16),
          MemoryEntry.competitorNamespace(competitor.id()),
          runId,
          ResearchArchive.PHASE,
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
