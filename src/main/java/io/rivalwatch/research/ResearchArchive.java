package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Where research results are kept, and how later phases read them back. */
@Component
public class ResearchArchive {

  public static final String PHASE = "research";

  private final ArtefactStore store;
  private final ArtefactJson json;

  public ResearchArchive(ArtefactStore store, ArtefactJson json) {
    this.store = store;
    this.json = json;
  }

  public static ArtefactKey sourceKey(String runId, String competitorId, SourceKind kind, int round) {
    return ArtefactKey.of(runId, PHASE, competitorId, kind.id() + "-round-" + round + ".json");
  }

  public static ArtefactKey verdictKey(String runId, String competitorId, int round) {
    return ArtefactKey.of(runId, PHASE, competitorId, "sufficiency-round-" + round + ".json");
  }

  /** Every gathered source of a competitor in this run, by kind, then round. */
  public List<GatheredSource> sources(String runId, String competitorId) {
    List<GatheredSource> sources = new ArrayList<>();
    for (ArtefactKey key : store.list(runId)) {
      if (key.phase().equals(PHASE) && key.competitor().equals(competitorId) && isSourceName(key.name())) {
        json.read(key, GatheredSource.class).ifPresent(sources::add);
      }
    }
    sources.sort(Comparator.comparing(GatheredSource::kind).thenComparingInt(GatheredSource::round));
    return sources;
  }

  /** The documents gathered for a competitor, each address once (see {@link #distinct}). */
  public List<SourceDocument> documents(String runId, String competitorId) {
    return distinct(sources(runId, competitorId).stream().flatMap(s -> s.documents().stream()).toList());
  }

  /**
   * Everything gathered for a competitor before the given round, all kinds, as stored: connectors use it to
   * follow links and to tell which pages were already read (a feed entry and its full article share an address).
   */
  public List<SourceDocument> documentsBefore(String runId, String competitorId, int round) {
    return sources(runId, competitorId).stream()
        .filter(s -> s.round() < round)
        .flatMap(s -> s.documents().stream())
        .toList();
  }

  /** The latest sufficiency verdict for the competitor, if research got that far. */
  public java.util.Optional<SufficiencyVerdict> latestVerdict(String runId, String competitorId) {
    return store.list(runId).stream()
        .filter(k -> k.phase().equals(PHASE) && k.competitor().equals(competitorId))
        .filter(k -> k.name().startsWith("sufficiency-round-"))
        .max(Comparator.comparingInt(k -> roundOf(k.name())))
        .flatMap(k -> json.read(k, SufficiencyVerdict.class));
  }

  /**
   * Each address once, in the order first gathered, keeping the fullest text: a news feed entry and the article
   * read behind it in a later round share the address, and the article says more.
   */
  public static List<SourceDocument> distinct(List<SourceDocument> documents) {
    Map<String, SourceDocument> byUrl = new LinkedHashMap<>();
    for (SourceDocument document : documents) {
      byUrl.merge(document.url(), document, (kept, other) -> length(other) > length(kept) ? other : kept);
    }
    return List.copyOf(byUrl.values());
  }

  private static int length(SourceDocument document) {
    return document.text() == null ? 0 : document.text().length();
  }

  private static boolean isSourceName(String name) {
    for (SourceKind kind : SourceKind.values()) {
      if (name.startsWith(kind.id() + "-round-")) {
        return true;
      }
    }
    return false;
  }

  private static int roundOf(String name) {
    String digits = name.replaceAll("\\D", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
