package io.rivalwatch.analysis.offline;

import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.memory.MemoryEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Strategic patterns ({@link StrategySignals}) with their evidence, plus recurring themes
 * ({@link KeyPhraseExtractor}). A pattern's strength is the number of sentences supporting it.
 */
final class StrategyAnalysis {

  static final int THEMES = 5;
  static final int EVIDENCE_SENTENCES = 3;
  static final int CITED_DOCUMENTS = 10;
  static final int MEMORY_NOTES = 3;

  private final StrategySignals signals;
  private final KeyPhraseExtractor keyPhrases;
  private final ExtractiveSummarizer summarizer;

  StrategyAnalysis(StrategySignals signals, KeyPhraseExtractor keyPhrases, ExtractiveSummarizer summarizer) {
    this.signals = signals;
    this.keyPhrases = keyPhrases;
    this.summarizer = summarizer;
  }

  /** A detected pattern with what supports it. */
  private record Detected(StrategyPattern pattern, List<StrategySignals.Hit> hits, List<Integer> docIndexes) {

    int sentences() {
      return hits.size();
    }

    int documents() {
      return docIndexes.size();
    }
  }

  AnalysisResult analyse(Corpus corpus, AnalysisInput input) {
    String name = corpus.competitorName();
    List<Detected> detected = new ArrayList<>();
    signals.detect(corpus.sentences()).forEach((pattern, hits) -> detected.add(
        new Detected(pattern, hits, documentsByHits(hits))));
    detected.sort(Comparator.comparingInt(Detected::sentences).reversed()
        .thenComparing(Comparator.comparingInt(Detected::documents).reversed())
        .thenComparing(Detected::pattern));
    List<KeyPhraseExtractor.KeyPhrase> themes = keyPhrases.extract(corpus.sentences(), corpus.nameTokens(), THEMES);

    if (detected.isEmpty() && themes.isEmpty()) {
      throw new AnalysisNotPossibleException("none of the " + Texts.count(corpus.sentences().size(), "sentence")
          + " in the " + Texts.count(corpus.documents().size(), "document") + " gathered for " + name
          + " contains a cue for a strategic pattern (launches, pricing, partnerships, expansion, hiring, funding,"
          + " technology bets, customer wins), and no phrase recurs across documents; strategy needs at least one"
          + " such signal.");
    }

    List<Finding> findings = new ArrayList<>();
    for (Detected d : detected) {
      findings.add(patternFinding(corpus, d));
    }
    int totalDocuments = corpus.documents().size();
    for (KeyPhraseExtractor.KeyPhrase theme : themes) {
      findings.add(themeFinding(corpus, theme, totalDocuments));
    }
    findings.addAll(memoryFindings(corpus, input, detected));

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("documents", totalDocuments);
    metrics.put("sentences", corpus.sentences().size());
    metrics.put("patternsDetected", detected.size());
    List<String> ids = new ArrayList<>();
    Map<String, Object> counts = new LinkedHashMap<>();
    Map<String, Object> documents = new LinkedHashMap<>();
    for (Detected d : detected) {
      ids.add(d.pattern().id());
      counts.put(d.pattern().id(), d.sentences());
      documents.put(d.pattern().id(), d.documents());
    }
    metrics.put("patterns", List.copyOf(ids));
    metrics.put("patternCounts", Collections.unmodifiableMap(counts));
    metrics.put("patternDocuments", Collections.unmodifiableMap(documents));
    List<String> themeNames = new ArrayList<>();
    for (KeyPhraseExtractor.KeyPhrase t : themes) {
      themeNames.add(t.display());
    }
    metrics.put("themes", List.copyOf(themeNames));

    return new AnalysisResult(AnalysisKind.STRATEGY, input.competitorId(), OfflineAnalyser.PRODUCED_BY,
        summary(corpus, detected, themeNames), findings, metrics);
  }

  /** Documents supporting a pattern, most supporting sentences first, then document order. */
  private static List<Integer> documentsByHits(List<StrategySignals.Hit> hits) {
    Map<Integer, Integer> perDoc = new TreeMap<>();
    for (StrategySignals.Hit h : hits) {
      perDoc.merge(h.sentence().docIndex(), 1, Integer::sum);
    }
    List<Map.Entry<Integer, Integer>> entries = new ArrayList<>(perDoc.entrySet());
    entries.sort(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<Integer> out = new ArrayList<>();
    for (Map.Entry<Integer, Integer> e : entries) {
      out.add(e.getKey());
    }
    return List.copyOf(out);
  }

  private static List<String> urls(Corpus corpus, List<Integer> docIndexes) {
    List<String> urls = new ArrayList<>();
    for (Integer i : docIndexes) {
      urls.add(corpus.document(i).url());
    }
    return Texts.urls(urls, CITED_DOCUMENTS);
  }

  private static List<PreparedDocument> docs(Corpus corpus, List<Integer> docIndexes) {
    List<PreparedDocument> out = new ArrayList<>();
    for (Integer i : new TreeSet<>(docIndexes)) {
      out.add(corpus.document(i));
    }
    return out;
  }

  /** The most frequent cue terms of a pattern as written, most frequent first. */
  private static List<String> topCues(List<StrategySignals.Hit> hits, int limit) {
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, String> display = new TreeMap<>();
    for (StrategySignals.Hit h : hits) {
      for (String c : h.cues()) {
        String key = c.toLowerCase(Locale.ROOT);
        counts.merge(key, 1, Integer::sum);
        display.putIfAbsent(key, c);
      }
    }
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(limit, entries.size()))) {
      out.add(display.get(e.getKey()));
    }
    return out;
  }

  /** Up to three evidence sentences: the strongest of each document first, then the next strongest. */
  private static List<Sentence> evidence(List<StrategySignals.Hit> hits) {
    List<StrategySignals.Hit> ranked = new ArrayList<>(hits);
    ranked.sort(Comparator.comparingInt((StrategySignals.Hit h) -> -h.cues().size())
        .thenComparing(StrategySignals.Hit::sentence, Sentence::compareByPlace));
    List<Sentence> chosen = new ArrayList<>();
    List<Integer> docsUsed = new ArrayList<>();
    for (StrategySignals.Hit h : ranked) {
      if (chosen.size() < EVIDENCE_SENTENCES && !docsUsed.contains(h.sentence().docIndex())) {
        chosen.add(h.sentence());
        docsUsed.add(h.sentence().docIndex());
      }
    }
    for (StrategySignals.Hit h : ranked) {
      if (chosen.size() < EVIDENCE_SENTENCES && !chosen.contains(h.sentence())) {
        chosen.add(h.sentence());
      }
    }
    return chosen;
  }

  private static String quotes(List<Sentence> sentences) {
    List<String> q = new ArrayList<>();
    for (Sentence s : sentences) {
      q.add(Texts.quote(s.text(), 200));
    }
    return String.join(" | ", q);
  }

  private static Finding patternFinding(Corpus corpus, Detected d) {
    List<String> cues = topCues(d.hits(), 3);
    List<String> details = StrategySignals.topDetails(d.pattern(), d.hits(), corpus.nameTokens(), 4);
    String detailPart = "";
    if (!details.isEmpty()) {
      detailPart = switch (d.pattern()) {
        case PRICING_CHANGE -> ", with price points " + Texts.listing(details);
        case FUNDING_FINANCE, HIRING -> ", with figures such as " + Texts.listing(details);
        default -> ", naming " + Texts.listing(details);
      };
    }
    String statement = corpus.competitorName() + " shows signs of " + d.pattern().label() + ": "
        + Texts.count(d.sentences(), "sentence") + " in " + Texts.count(d.documents(), "document") + " ("
        + Texts.kindBreakdown(docs(corpus, d.docIndexes())) + (d.sentences() == 1 ? ") uses" : ") use")
        + " cues such as " + Texts.quotedListing(cues)
        + detailPart + ".";
    return new Finding(d.pattern().id(), statement, quotes(evidence(d.hits())), urls(corpus, d.docIndexes()),
        (double) d.sentences());
  }

  private static Finding themeFinding(Corpus corpus, KeyPhraseExtractor.KeyPhrase theme, int totalDocuments) {
    String statement = "Recurring theme \"" + theme.display() + "\": " + Texts.count(theme.occurrences(), "mention")
        + " in " + theme.documents() + " of " + Texts.count(totalDocuments, "document") + " ("
        + Texts.kindBreakdown(docs(corpus, theme.docIndexes())) + ").";
    return new Finding("theme", statement, Texts.quote(theme.example().text(), 200),
        urls(corpus, theme.docIndexes()), (double) theme.occurrences());
  }

  private static List<Finding> memoryFindings(Corpus corpus, AnalysisInput input, List<Detected> detected) {
    List<Finding> out = new ArrayList<>();
    List<MemoryEntry> entries = MemoryNotes.relevant(input.memory(), input.competitorId(), "strateg");
    for (Detected d : detected) {
      if (out.size() >= MEMORY_NOTES) {
        break;
      }
      for (MemoryEntry e : entries) {
        String text = e.text().toLowerCase(Locale.ROOT);
        if (text.contains(d.pattern().label().toLowerCase(Locale.ROOT)) || text.contains(d.pattern().id())) {
          String statement = Texts.capitalise(d.pattern().label()) + " also appear in the memory of "
              + MemoryNotes.describe(e) + "; this run finds " + Texts.count(d.sentences(), "supporting sentence")
              + " in " + Texts.count(d.documents(), "document") + ".";
          out.add(new Finding("recurring-pattern", statement, "memory: " + Texts.quote(e.text(), 200),
              urls(corpus, d.docIndexes()), (double) d.sentences()));
          break;
        }
      }
    }
    return out;
  }

  private String summary(Corpus corpus, List<Detected> detected, List<String> themes) {
    String name = corpus.competitorName();
    StringBuilder sb = new StringBuilder("Offline cue analysis of ")
        .append(Texts.count(corpus.documents().size(), "document")).append(" (")
        .append(Texts.count(corpus.sentences().size(), "sentence")).append(") ");
    List<Sentence> candidates = new ArrayList<>();
    if (detected.isEmpty()) {
      sb.append("finds no cue for the eight strategic patterns it looks for in the material about ").append(name)
          .append('.');
    } else {
      List<String> parts = new ArrayList<>();
      for (Detected d : detected.subList(0, Math.min(4, detected.size()))) {
        parts.add(d.pattern().label() + " (" + Texts.count(d.sentences(), "sentence") + ")");
        for (StrategySignals.Hit h : d.hits()) {
          candidates.add(h.sentence());
        }
      }
      sb.append("finds ").append(Texts.count(detected.size(), "strategic pattern")).append(" for ").append(name)
          .append(", strongest first: ").append(String.join("; ", parts)).append('.');
    }
    if (!themes.isEmpty()) {
      sb.append(" Recurring themes: ").append(Texts.quotedListing(themes.subList(0, Math.min(3, themes.size()))))
          .append('.');
    }
    Optional<Sentence> representative = summarizer.mostRepresentative(corpus, candidates);
    representative.ifPresent(s -> sb.append(" Representative evidence (").append(Texts.kindName(s.kind()))
        .append("): ").append(Texts.endSentence(Texts.quote(s.text(), 180))));
    return sb.toString();
  }
}
