package io.rivalwatch.trends;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.analysis.AnalysisFingerprint;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.MissingArtefactException;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.failure.TaskFailures;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.research.SourceDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads one ended run into a {@link Night} from what the run stored: its frozen watch list, the three analyses of
 * each competitor, its documents (against the list's previous night's), its report revisions and its model usage.
 * Values from pages and models are kept as data and cut to a bounded size; the page escapes them.
 */
@Component
class NightReader {

  /** Finding categories that are not strategic signals: recurring phrases and what memory recalled. */
  static final Set<String> NOT_SIGNALS = Set.of("theme", "recurring-pattern");
  static final int MAX_PRICE_POINTS = 20;
  static final int MAX_SIGNAL_KINDS = 20;
  static final int MAX_TEXT = 80;
  private static final Pattern REPORT = Pattern.compile("report-r(\\d{1,4})\\.html");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final PlanningService planning;
  private final ResearchArchive research;
  private final ModelUsageLedger usage;

  NightReader(ArtefactStore store, ArtefactJson artefacts, PlanningService planning, ResearchArchive research,
      ModelUsageLedger usage) {
    this.store = store;
    this.artefacts = artefacts;
    this.planning = planning;
    this.research = research;
    this.usage = usage;
  }

  /**
   * @param previous the list's night before this one, to compare documents with (empty on the list's first night)
   * @return empty when the run was never planned (no watch list, no competitors: nothing to draw)
   */
  Optional<Night> read(String runId, String watchList, String status, Instant endedAt, Optional<Night> previous) {
    RunConfiguration configuration;
    try {
      configuration = planning.configuration(runId);
    } catch (MissingArtefactException notPlanned) {
      return Optional.empty();
    }
    String previousRun = previous.map(Night::runId).orElse(null);
    Prepared ready = prepared.getIfPresent(runId);
    List<Night.CompetitorNight> competitors = ready != null && Objects.equals(ready.previousRun(), previousRun)
        ? ready.competitors() : competitors(runId, configuration, previousRun);
    return Optional.of(new Night(runId, watchList, status, endedAt, latestReport(runId), usage.cost(runId).costUsd(),
        competitors));
  }

  /**
   * What a night's competitors will be when the run ends, read now: once every competitor has ended, nothing later in
   * the run changes their analyses, documents or costs (issue 14). {@link #read} uses it when the run's previous
   * night is still {@code previousRun}; else, or on an instance that did not prepare it, it reads them itself.
   */
  void prepare(String runId, String previousRun) {
    prepared.put(runId, new Prepared(previousRun, competitors(runId, planning.configuration(runId), previousRun)));
  }

  /** A run's competitors as read ahead, and the previous night they were compared with. */
  private record Prepared(String previousRun, List<Night.CompetitorNight> competitors) {}

  /** A few runs' worth: a run's last step comes seconds after its preparation. */
  private final Cache<String, Prepared> prepared =
      Caffeine.newBuilder().maximumSize(64)
          .expireAfterWrite(Duration.ofHours(6)).build();

  private List<Night.CompetitorNight> competitors(String runId, RunConfiguration configuration, String previousRun) {
    Map<String, Double> costs = usage.costPerCompetitor(runId);
    // the competitors side by side: reading a hundred competitors' analyses and documents one after another was most
    // of a run's last step, after its deliveries (issue 14)
    List<java.util.concurrent.Future<Night.CompetitorNight>> pending = new ArrayList<>();
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(COMPETITORS_AT_ONCE);
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (CompetitorProfile competitor : configuration.competitors()) {
        pending.add(executor.submit(() -> {
          slots.acquire();
          try {
            return competitor(runId, competitor, previousRun, costs);
          } finally {
            slots.release();
          }
        }));
      }
      List<Night.CompetitorNight> competitors = new ArrayList<>();
      for (var competitor : pending) {
        competitors.add(competitor.get());
      }
      return competitors;
    } catch (java.util.concurrent.ExecutionException e) {
      throw TaskFailures.rethrown(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading run " + runId + " for its trend dashboard", e);
    }
  }

  /** Competitors read at once; the artefact store's client serves them side by side. */
  static final int COMPETITORS_AT_ONCE = 16;

  private Night.CompetitorNight competitor(String runId, CompetitorProfile competitor, String previousRun,
      Map<String, Double> costs) {
    String id = competitor.id();
    Optional<AnalysisResult> sentiment = analysis(runId, id, AnalysisKind.SENTIMENT);
    Optional<AnalysisResult> strategy = analysis(runId, id, AnalysisKind.STRATEGY);
    Optional<AnalysisResult> positioning = analysis(runId, id, AnalysisKind.POSITIONING);
    return new Night.CompetitorNight(id, competitor.name(),
        sentiment.map(NightReader::score).orElse(null),
        positioning.map(NightReader::pricePoints).orElse(null),
        strategy.map(NightReader::signals).orElse(null),
        documents(runId, id, previousRun),
        costs.getOrDefault(id, 0.0));
  }

  private Optional<AnalysisResult> analysis(String runId, String competitorId, AnalysisKind kind) {
    return artefacts.read(ArtefactKeys.analysis(runId, competitorId, kind.id()), AnalysisResult.class);
  }

  private Integer latestReport(String runId) {
    Integer latest = null;
    for (ArtefactKey key : store.list(runId)) {
      Matcher report = REPORT.matcher(key.name());
      if (key.phase().equals(ArtefactKeys.SYNTHESIS) && report.matches()) {
        int revision = Integer.parseInt(report.group(1));
        latest = latest == null ? revision : Math.max(latest, revision);
      }
    }
    return latest;
  }

  static Double score(AnalysisResult sentiment) {
    return sentiment.metrics().get("score") instanceof Number n && Double.isFinite(n.doubleValue())
        ? Math.max(-1, Math.min(1, n.doubleValue())) : null;
  }

  static List<String> pricePoints(AnalysisResult positioning) {
    if (!(positioning.metrics().get("pricePoints") instanceof List<?> prices)) {
      return null;
    }
    return prices.stream().filter(String.class::isInstance).map(p -> cut((String) p)).filter(p -> !p.isBlank())
        .distinct().limit(MAX_PRICE_POINTS).toList();
  }

  /**
   * Strategic signals by kind: the supporting sentences per pattern where the analyser counts them (the offline
   * analyser's "patternCounts"), else the findings of each category; themes and memory notes are not signals.
   */
  static Map<String, Integer> signals(AnalysisResult strategy) {
    Map<String, Integer> signals = new TreeMap<>();
    if (strategy.metrics().get("patternCounts") instanceof Map<?, ?> counts && !counts.isEmpty()) {
      counts.forEach((kind, count) -> {
        if (kind instanceof String k && count instanceof Number n && n.intValue() > 0) {
          signals.merge(cut(k), n.intValue(), Integer::sum);
        }
      });
    } else {
      for (Finding finding : strategy.findings()) {
        String kind = finding.category() == null ? "" : cut(finding.category());
        if (!kind.isBlank() && !NOT_SIGNALS.contains(kind)) {
          signals.merge(kind, 1, Integer::sum);
        }
      }
    }
    Map<String, Integer> kept = new LinkedHashMap<>();
    signals.entrySet().stream().limit(MAX_SIGNAL_KINDS).forEach(e -> kept.put(e.getKey(), e.getValue()));
    return kept;
  }

  /** This run's documents against the previous night's, by address and content hash. */
  private Night.DocumentCounts documents(String runId, String competitorId, String previousRun) {
    Map<String, String> now = hashes(research.documents(runId, competitorId));
    Map<String, String> before = previousRun == null ? Map.of() : hashes(research.documents(previousRun, competitorId));
    int added = 0;
    int changed = 0;
    int unchanged = 0;
    for (Map.Entry<String, String> document : now.entrySet()) {
      String earlier = before.get(document.getKey());
      if (earlier == null) {
        added++;
      } else if (earlier.equals(document.getValue())) {
        unchanged++;
      } else {
        changed++;
      }
    }
    int gone = (int) before.keySet().stream().filter(url -> !now.containsKey(url)).count();
    return new Night.DocumentCounts(added, changed, unchanged, gone, previousRun);
  }

  private static Map<String, String> hashes(List<SourceDocument> documents) {
    Map<String, String> hashes = new LinkedHashMap<>();
    documents.forEach(d -> hashes.putIfAbsent(d.url(), AnalysisFingerprint.contentHash(d)));
    return hashes;
  }

  /** One line of at most {@link #MAX_TEXT} characters: a value from a page or a model, kept as data. */
  static String cut(String text) {
    String flat = WHITESPACE.matcher(text).replaceAll(" ").strip();
    return flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT - 3).strip() + "...";
  }
}
