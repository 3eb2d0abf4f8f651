package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisProvenance;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.text.Mentions;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.baseline.Baselines;
import io.rivalwatch.baseline.Baselines.BaselineRun;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.synthesis.DocumentComparison.DocumentStatus;
import io.rivalwatch.workflow.RunPhase;
import io.rivalwatch.text.MarkdownText;
import io.rivalwatch.text.Spaces;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * "What changed since the last delivered report" for one competitor. The baseline of the run's watch list names the
 * run whose report its people last received (never a rejected, failed or unreviewed one, ADR 0023); that run's stored
 * documents and analyses give the rest: which documents are new, changed (same address, other
 * text) or unchanged, which analyses were reused because nothing they rest on changed, prices and products that new
 * or changed documents mention for the first time, the sentiment shift in numbers, patterns that appeared or faded,
 * new filings, headlines and posts. The memory adds what earlier runs concluded.
 */
@Component
class ChangeTracker {

  private static final int DOCUMENTS_SHOWN = 5;
  private static final int MENTIONS_SHOWN = 5;

  private final MemoryStore memory;
  private final ArtefactJson artefacts;
  private final ResearchArchive research;
  private final ArtefactLinks links;
  private final Baselines baselines;
  private final PlanningService planning;

  ChangeTracker(MemoryStore memory, ArtefactJson artefacts, ResearchArchive research, ArtefactLinks links,
      Baselines baselines, PlanningService planning) {
    this.memory = memory;
    this.baselines = baselines;
    this.planning = planning;
    this.artefacts = artefacts;
    this.research = research;
    this.links = links;
  }

  /**
   * @param now the analyses that finished in this run
   * @param provenance where each of them came from (analysed in this run or reused)
   * @param documents what research gathered in this run
   */
  SinceLastRun since(String runId, String competitorId, String name, Map<AnalysisKind, AnalysisResult> now,
      Map<AnalysisKind, AnalysisProvenance> provenance, List<SourceDocument> documents) {
    Optional<BaselineRun> baseline = baselines.baselineFor(runId);
    if (baseline.isEmpty()) {
      return SinceLastRun.firstRun(List.of("No report of watch list " + planning.scope(runId).watchList()
          + " has been delivered yet: nothing earlier to compare with."));
    }
    String previousRun = baseline.get().runId();
    List<SourceDocument> earlier = research.documents(previousRun, competitorId);
    if (earlier.isEmpty() && artefacts.read(ArtefactKeys.analysis(previousRun, competitorId,
        AnalysisKind.SENTIMENT.id()), AnalysisResult.class).isEmpty()) {
      return SinceLastRun.firstRun(List.of("Not in the last delivered report (" + baseline.get().describe()
          + "): nothing earlier to compare with."));
    }
    DocumentComparison comparison = earlier.isEmpty() ? null : DocumentComparison.of(earlier, documents);
    List<String> lines = new ArrayList<>();
    lines.add(overview(baseline.get(), comparison));
    lines.addAll(analyses(provenance));
    if (comparison != null) {
      lines.addAll(prices(previousRun, comparison, documents));
      products(name, comparison, documents).ifPresent(lines::add);
    }
    sentimentShift(previousRun, competitorId, now.get(AnalysisKind.SENTIMENT)).ifPresent(lines::add);
    lines.addAll(patternChanges(previousRun, competitorId, now.get(AnalysisKind.STRATEGY)));
    if (comparison != null) {
      lines.addAll(documentChanges(previousRun, comparison, documents));
    }
    remembered(runId, competitorId, name).ifPresent(lines::add);
    return new SinceLastRun(previousRun, comparison == null ? Map.of() : comparison.status(),
        comparison == null ? 0 : comparison.gone().size(), lines);
  }

  private static String overview(BaselineRun baseline, DocumentComparison comparison) {
    if (comparison == null) {
      return "Compared with " + baseline.describe() + ", the last delivered report, whose documents are no longer "
          + "stored: documents cannot be compared.";
    }
    String line = String.format(Locale.ROOT,
        "Compared with %s, the last delivered report: %d new, %d changed and %d unchanged documents",
        baseline.describe(), comparison.count(DocumentStatus.NEW), comparison.count(DocumentStatus.CHANGED),
        comparison.count(DocumentStatus.UNCHANGED));
    int gone = comparison.gone().size();
    return line + (gone == 0 ? "." : "; " + gone + (gone == 1 ? " document" : " documents")
        + " read then not found this time.");
  }

  /** Which analyses were made again and why, which were reused; one line per reason. */
  private static List<String> analyses(Map<AnalysisKind, AnalysisProvenance> provenance) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    provenance.values().forEach(p -> byReason.computeIfAbsent(
        p.reused() ? "Not analysed again, documents unchanged: %s (results of run " + p.analysedIn() + ")."
            : "Analysed again (" + p.reason() + "): %s.",
        k -> new ArrayList<>()).add(p.kind().id()));
    return byReason.entrySet().stream().map(e -> String.format(e.getKey(), String.join(", ", e.getValue()))).toList();
  }

  /**
   * Price points new or changed documents mention that no document of the previous run did, and those the previous
   * run's versions of the changed or vanished documents mentioned that nothing mentions now.
   */
  private static List<String> prices(String previousRun, DocumentComparison comparison,
      List<SourceDocument> documents) {
    List<SourceDocument> fresh = freshDocuments(comparison, documents);
    List<SourceDocument> replaced = new ArrayList<>(comparison.gone());
    comparison.documents(documents, DocumentStatus.CHANGED).forEach(d -> replaced.add(comparison.before().get(d.url())));
    if (fresh.isEmpty() && replaced.isEmpty()) {
      return List.of();
    }
    Set<String> before = mentioned(comparison.before().values(), d -> Mentions.prices(d.text()));
    Map<String, String> added = firstMentions(fresh, d -> Mentions.prices(d.text()), before);
    Set<String> nowMentioned = mentioned(documents, d -> Mentions.prices(d.text()));
    Map<String, String> dropped = firstMentions(replaced, d -> Mentions.prices(d.text()), nowMentioned);
    List<String> lines = new ArrayList<>();
    if (!added.isEmpty()) {
      lines.add("New " + (added.size() == 1 ? "price" : "prices") + " mentioned: " + listed(added));
    }
    if (!dropped.isEmpty()) {
      // a price that vanished with its document is not cited: that address was not gathered this time
      Set<String> current = comparison.status().keySet();
      dropped.replaceAll((price, url) -> current.contains(url) ? url : null);
      lines.add("No longer mentioned: " + listed(dropped) + " (read in run " + previousRun + ")");
    }
    return lines;
  }

  /** Product names after launch phrases in new or changed documents that no document of the previous run named. */
  private static Optional<String> products(String name, DocumentComparison comparison, List<SourceDocument> documents) {
    List<SourceDocument> fresh = freshDocuments(comparison, documents);
    if (fresh.isEmpty()) {
      return Optional.empty();
    }
    Set<String> before = mentioned(comparison.before().values(), d -> Mentions.products(d.text(), name));
    Map<String, String> added = firstMentions(fresh, d -> Mentions.products(d.text(), name), before);
    return added.isEmpty() ? Optional.empty()
        : Optional.of("New " + (added.size() == 1 ? "product" : "products") + " mentioned: " + listed(added));
  }

  private static List<SourceDocument> freshDocuments(DocumentComparison comparison, List<SourceDocument> documents) {
    List<SourceDocument> fresh = new ArrayList<>(comparison.documents(documents, DocumentStatus.NEW));
    fresh.addAll(comparison.documents(documents, DocumentStatus.CHANGED));
    return fresh;
  }

  private static Set<String> mentioned(
      java.util.Collection<SourceDocument> documents, Function<SourceDocument, Set<String>> mentions) {
    Set<String> all = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    documents.forEach(d -> all.addAll(mentions.apply(d)));
    return all;
  }

  /** Each mention not in {@code known}, with the address of the first document that makes it. */
  private static Map<String, String> firstMentions(
      List<SourceDocument> documents, Function<SourceDocument, Set<String>> mentions, Set<String> known) {
    Map<String, String> first = new LinkedHashMap<>();
    for (SourceDocument d : documents) {
      for (String mention : mentions.apply(d)) {
        if (!known.contains(mention)) {
          first.putIfAbsent(mention, d.url());
        }
      }
    }
    return first;
  }

  private static String listed(Map<String, String> mentions) {
    String shown = mentions.entrySet().stream().limit(MENTIONS_SHOWN)
        .map(e -> MarkdownText.escape(e.getKey()) + (e.getValue() == null ? "" : " " + cite(List.of(e.getValue()))))
        .collect(Collectors.joining("; "));
    return mentions.size() > MENTIONS_SHOWN ? shown + "; and " + (mentions.size() - MENTIONS_SHOWN) + " more" : shown;
  }

  /** New filings, headlines, posts and pages; changed documents; what was not found again. */
  private static List<String> documentChanges(
      String previousRun, DocumentComparison comparison, List<SourceDocument> documents) {
    List<String> lines = new ArrayList<>();
    List<SourceDocument> added = comparison.documents(documents, DocumentStatus.NEW);
    added.stream().limit(DOCUMENTS_SHOWN).forEach(d -> lines.add(newLabel(d.kind()) + ": " + title(d) + " "
        + cite(List.of(d.url()))));
    if (added.size() > DOCUMENTS_SHOWN) {
      lines.add("And " + (added.size() - DOCUMENTS_SHOWN) + " more new documents.");
    }
    List<SourceDocument> changed = comparison.documents(documents, DocumentStatus.CHANGED);
    changed.stream().limit(DOCUMENTS_SHOWN).forEach(d -> lines.add("Changed since run " + previousRun + ": "
        + title(d) + " (" + (d.kind() == null ? "document" : d.kind().id()) + ") " + cite(List.of(d.url()))));
    if (changed.size() > DOCUMENTS_SHOWN) {
      lines.add("And " + (changed.size() - DOCUMENTS_SHOWN) + " more changed documents.");
    }
    if (!comparison.gone().isEmpty()) {
      SourceDocument example = comparison.gone().get(0);
      // named, not linked: only documents gathered in this run are cited
      lines.add("Not found this time: " + comparison.gone().size() + " of the documents read in run " + previousRun
          + ", e.g. " + title(example) + " (`" + example.url().replaceAll("[`\\r\\n]", "%60") + "`)");
    }
    if (added.isEmpty() && changed.isEmpty() && comparison.gone().isEmpty()) {
      lines.add("No new or changed documents since run " + previousRun + ": every address read then was read "
          + "again, with the same text.");
    }
    return lines;
  }

  private static String newLabel(SourceKind kind) {
    if (kind == null) {
      return "New document";
    }
    return switch (kind) {
      case WEBSITE -> "New page";
      case NEWS -> "New headline";
      case SOCIAL -> "New post";
      case MARKET -> "New filing";
    };
  }

  private static String title(SourceDocument d) {
    return MarkdownText.escape(d.title() == null || d.title().isBlank() ? d.url()
        : "\"" + abbreviate(d.title(), 120) + "\"");
  }

  /** What the memory holds from earlier runs about the competitor, in one line. */
  private Optional<String> remembered(String runId, String competitorId, String name) {
    List<MemoryHit> hits = memory.search(MemoryQuery.beforeRun(planning.scope(runId).competitorNamespace(competitorId),
        "What did earlier analyses conclude about " + name + "?", 5, runId));
    return hits.stream()
        .map(MemoryHit::entry)
        .filter(e -> e.phase() == null || RunPhase.ANALYSIS.id().equals(e.phase()))
        .findFirst()
        .map(e -> "Remembered from earlier runs: \"" + MarkdownText.escape(abbreviate(e.text(), 240)) + "\"");
  }

  private static String abbreviate(String text, int max) {
    String flat = Spaces.collapse(text).strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 3).strip() + "...";
  }

  private Optional<String> sentimentShift(String previousRun, String competitorId, AnalysisResult current) {
    if (current == null) {
      return Optional.empty();
    }
    var earlierKey = ArtefactKeys.analysis(previousRun, competitorId, AnalysisKind.SENTIMENT.id());
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
    var earlierKey = ArtefactKeys.analysis(previousRun, competitorId, AnalysisKind.STRATEGY.id());
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
          lines.add("New strategic signal: " + MarkdownText.escape(category) + ". " + MarkdownText.escape(f.statement())
              + " " + cite(f.sourceUrls())));
    }
    if (!faded.isEmpty()) {
      lines.add("No longer seen: " + MarkdownText.escape(String.join(", ", faded)) + " (present in run " + previousRun + "). "
          + "[earlier analysis](" + links.linkTo(earlierKey) + ")");
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
    return urls.stream().limit(2).map(u -> MarkdownText.link("source", u)).collect(Collectors.joining(" "));
  }
}
