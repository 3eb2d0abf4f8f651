package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisHistory;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.AnalysisService;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.research.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * "Since the last run" for one competitor: the analysis history names the previous run that analysed it; that
 * run's artefacts give the sentiment shift, patterns that appeared or faded, and documents that are new; the memory
 * adds what earlier runs concluded.
 */
@Component
class ChangeTracker {

  private static final int NEW_DOCUMENTS_SHOWN = 5;

  private final MemoryStore memory;
  private final ArtefactJson artefacts;
  private final ResearchArchive research;
  private final ArtefactLinks links;
  private final AnalysisHistory history;

  ChangeTracker(MemoryStore memory, ArtefactJson artefacts, ResearchArchive research, ArtefactLinks links,
      AnalysisHistory history) {
    this.memory = memory;
    this.history = history;
    this.artefacts = artefacts;
    this.research = research;
    this.links = links;
  }

  List<String> changes(String runId, String competitorId, String name, Map<AnalysisKind, AnalysisResult> now,
      List<SourceDocument> documents) {
    Optional<String> previous = history.previousRun(competitorId, runId);
    if (previous.isEmpty()) {
      return List.of();
    }
    String previousRun = previous.get();
    List<String> lines = new ArrayList<>();
    sentimentShift(previousRun, competitorId, now.get(AnalysisKind.SENTIMENT)).ifPresent(lines::add);
    lines.addAll(patternChanges(previousRun, competitorId, now.get(AnalysisKind.STRATEGY)));
    lines.addAll(newDocuments(previousRun, competitorId, documents));
    if (lines.isEmpty()) {
      lines.add("Nothing measurable changed since run " + previousRun + ". [earlier analysis]("
          + links.linkTo(AnalysisService.resultKey(previousRun, competitorId, AnalysisKind.STRATEGY)) + ")");
    }
    remembered(runId, competitorId, name).ifPresent(lines::add);
    return lines;
  }

  /** What the memory holds from earlier runs about the competitor, in one line. */
  private Optional<String> remembered(String runId, String competitorId, String name) {
    List<MemoryHit> hits = memory.search(MemoryQuery.beforeRun(MemoryEntry.competitorNamespace(competitorId),
        "What did earlier analyses conclude about " + name + "?", 5, runId));
    return hits.stream()
        .map(MemoryHit::entry)
        .filter(e -> e.phase() == null || AnalysisService.PHASE.equals(e.phase()))
        .findFirst()
        .map(e -> "Remembered from earlier runs: \"" + abbreviate(e.text(), 240) + "\"");
  }

  private static String abbreviate(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 3).strip() + "...";
  }

  private Optional<String> sentimentShift(String previousRun, String competitorId, AnalysisResult current) {
    if (current == null) {
      return Optional.empty();
    }
    var earlierKey = AnalysisService.resultKey(previousRun, competitorId, AnalysisKind.SENTIMENT);
    return artefacts.read(earlierKey, AnalysisResult.class)
        .flatMap(earlier -> {
          Double before = score(earlier);
          Double after = score(current);
          if (before == null || after == null) {
            return Optional.empty();
          }
          double delta = after - before;
          String direction = Math.abs(delta) < 0.05 ? "about the same" : delta > 0 ? "warmer" : "cooler";
          return Optional.of(String.format(Locale.ROOT,
              "Sentiment %s: %+.2f now against %+.2f in run %s (%+.2f). [earlier analysis](%s)",
              direction, after, before, previousRun, delta, links.linkTo(earlierKey)));
        });
  }

  private List<String> patternChanges(String previousRun, String competitorId, AnalysisResult current) {
    if (current == null) {
      return List.of();
    }
    var earlierKey = AnalysisService.resultKey(previousRun, competitorId, AnalysisKind.STRATEGY);
    Optional<AnalysisResult> earlier = artefacts.read(earlierKey, AnalysisResult.class);
    if (earlier.isEmpty()) {
      return List.of();
    }
    Set<String> before = categories(earlier.get());
    Set<String> after = categories(current);
    List<String> lines = new ArrayList<>();
    Set<String> appeared = new TreeSet<>(after);
    appeared.removeAll(before);
    Set<String> faded = new TreeSet<>(before);
    faded.removeAll(after);
    for (String category : appeared) {
      current.findings().stream().filter(f -> category.equals(f.category())).findFirst().ifPresent(f ->
          lines.add("New strategic signal: " + category + ". " + f.statement() + " " + cite(f.sourceUrls())));
    }
    if (!faded.isEmpty()) {
      lines.add("No longer seen: " + String.join(", ", faded) + " (present in run " + previousRun + "). "
          + "[earlier analysis](" + links.linkTo(earlierKey) + ")");
    }
    return lines;
  }

  private List<String> newDocuments(String previousRun, String competitorId, List<SourceDocument> documents) {
    Set<String> earlierUrls = research.documents(previousRun, competitorId).stream()
        .map(SourceDocument::url).collect(Collectors.toSet());
    if (earlierUrls.isEmpty()) {
      return List.of();
    }
    List<SourceDocument> fresh = documents.stream().filter(d -> !earlierUrls.contains(d.url())).toList();
    List<String> lines = new ArrayList<>();
    fresh.stream().limit(NEW_DOCUMENTS_SHOWN).forEach(d ->
        lines.add("New " + d.kind().id() + ": " + (d.title() == null || d.title().isBlank() ? d.url() : d.title())
            + " " + cite(List.of(d.url()))));
    if (fresh.size() > NEW_DOCUMENTS_SHOWN) {
      lines.add((fresh.size() - NEW_DOCUMENTS_SHOWN) + " more new documents, listed under Sources.");
    }
    if (fresh.isEmpty()) {
      lines.add("No new documents since run " + previousRun + ": every address read then was read again.");
    }
    return lines;
  }

  private static Set<String> categories(AnalysisResult result) {
    return result.findings().stream().map(Finding::category).filter(c -> c != null && !c.isBlank())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Double score(AnalysisResult result) {
    return result.metrics().get("score") instanceof Number n ? n.doubleValue() : null;
  }

  private static String cite(List<String> urls) {
    return urls.stream().limit(2).map(u -> "[source](" + u + ")").collect(Collectors.joining(" "));
  }
}
