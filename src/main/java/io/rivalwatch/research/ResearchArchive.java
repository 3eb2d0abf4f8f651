package io.rivalwatch.research;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Where research results are kept, and how later phases read them back. */
@Component
public class ResearchArchive {

  private final ArtefactJson json;

  /** The most rounds a competitor can have: the first and at most 5 extra (settings.extraResearchRounds). */
  static final int MAX_ROUNDS = 5;

  /** Characters of document text that {@link #parsed} holds at most (about one byte each, most text being Latin-1). */
  static final long PARSED_CHARS = 32L * 1024 * 1024;

  /**
   * Gathered sources as read, by key. Each is written once and never replaced (ResearchService: createOrRead) and
   * is immutable to its lists, so the jobs that read a competitor's sources (three analyses, its report section, the
   * quality check, the trends, the next night's comparison) share one parse instead of each parsing the JSON again:
   * that parsing was a twentieth of the application's CPU per job. Absent sources are not remembered (a later round
   * may still be written). A competitor's readers come within minutes of each other, so an entry goes half an hour
   * after its last read: a source that retention or a bucket lifecycle rule deletes is not served from here for long.
   */
  private final Cache<ArtefactKey, GatheredSource> parsed = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(30))
      .maximumWeight(PARSED_CHARS)
      .weigher((ArtefactKey key, GatheredSource source) -> weight(source))
      .build();

  public ResearchArchive(ArtefactJson json) {
    this.json = json;
  }

  private Optional<GatheredSource> gathered(String runId, String competitorId, SourceKind kind, int round) {
    ArtefactKey key = ArtefactKeys.gatheredSource(runId, competitorId, kind.id(), round);
    GatheredSource known = parsed.getIfPresent(key);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<GatheredSource> read = json.read(key, GatheredSource.class);
    read.ifPresent(source -> parsed.put(key, source));
    return read;
  }

  private static int weight(GatheredSource source) {
    long chars = 1;
    for (SourceDocument document : source.documents()) {
      chars += document.text() == null ? 0 : document.text().length();
    }
    return (int) Math.min(Integer.MAX_VALUE, chars);
  }

  /**
   * Every gathered source of a competitor in this run, by kind, then round. Read by their keys, round after round
   * while the sufficiency check asked for more, rather than by listing the run: a listing grows with every
   * competitor, and each competitor's jobs and report section would pay for all of them (one S3 listing of
   * thousands of keys per call).
   */
  public List<GatheredSource> sources(String runId, String competitorId) {
    List<GatheredSource> sources = new ArrayList<>();
    for (int round = 0; round <= MAX_ROUNDS; round++) {
      for (SourceKind kind : SourceKind.values()) {
        gathered(runId, competitorId, kind, round).ifPresent(sources::add);
      }
      var verdict = json.read(ArtefactKeys.sufficiencyVerdict(runId, competitorId, round), SufficiencyVerdict.class);
      if (verdict.isEmpty() || !SufficiencyVerdict.GATHER_MORE.equals(verdict.get().decision())) {
        break;
      }
    }
    sources.sort(Comparator.comparing(GatheredSource::kind).thenComparingInt(GatheredSource::round));
    return sources;
  }

  /**
   * The gathered sources of a competitor's rounds up to {@code round}, by kind, then round, without asking for the
   * verdicts in between: the caller knows each earlier round's verdict was to gather more (its research is at this
   * round). The sufficiency check reads these; it has just looked for this round's verdict itself.
   */
  public List<GatheredSource> sourcesThrough(String runId, String competitorId, int round) {
    List<GatheredSource> sources = new ArrayList<>();
    for (int r = 0; r <= Math.min(round, MAX_ROUNDS); r++) {
      for (SourceKind kind : SourceKind.values()) {
        gathered(runId, competitorId, kind, r).ifPresent(sources::add);
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
    java.util.Optional<SufficiencyVerdict> latest = java.util.Optional.empty();
    for (int round = 0; round <= MAX_ROUNDS; round++) {
      var verdict = json.read(ArtefactKeys.sufficiencyVerdict(runId, competitorId, round), SufficiencyVerdict.class);
      if (verdict.isEmpty()) {
        break;
      }
      latest = verdict;
    }
    return latest;
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

}
