package io.rivalwatch.analysis.offline;

import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.research.SourceKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tone of the gathered material, from lexicon scores of its sentences (see {@link SentimentScorer}).
 *
 * <p>Normalisation: a document's score is the mean score of its opinionated sentences (those with at least one
 * sentiment term), 0 if it has none, so it lies in [-1, 1]. The overall score (and each source kind's) is the
 * mean of the document scores weighted by each document's number of opinionated sentences, capped at
 * {@value #DOCUMENT_WEIGHT_CAP} so one long page cannot outvote the rest; a weighted mean of values in [-1, 1]
 * stays in [-1, 1].
 */
final class SentimentAnalysis {

  static final int DOCUMENT_WEIGHT_CAP = 25;
  static final int CITED_DOCUMENTS = 20;

  private final SentimentScorer scorer;

  SentimentAnalysis(SentimentScorer scorer) {
    this.scorer = scorer;
  }

  /** Tone of a set of sentences (one document, one kind, everything). */
  record Tone(double score, int documents, int sentences, int positive, int negative, int opinionated) {

    String label() {
      if (score >= 0.35) {
        return "clearly positive";
      }
      if (score >= 0.1) {
        return "mildly positive";
      }
      if (score <= -0.35) {
        return "clearly negative";
      }
      if (score <= -0.1) {
        return "mildly negative";
      }
      if (positive > 0 && negative > 0 && Math.min(positive, negative) * 3 >= Math.max(positive, negative)) {
        return "mixed";
      }
      return "neutral";
    }
  }

  private record DocumentTone(PreparedDocument document, Tone tone) {

    int weight() {
      return Math.min(tone.opinionated(), DOCUMENT_WEIGHT_CAP);
    }
  }

  AnalysisResult analyse(Corpus corpus, AnalysisInput input) {
    List<SentimentScorer.Scored> scored = new ArrayList<>();
    for (Sentence s : corpus.sentences()) {
      scored.add(scorer.score(s));
    }
    List<List<SentimentScorer.Scored>> perDocument = new ArrayList<>();
    for (int i = 0; i < corpus.documents().size(); i++) {
      perDocument.add(new ArrayList<>());
    }
    for (SentimentScorer.Scored s : scored) {
      perDocument.get(s.sentence().docIndex()).add(s);
    }
    List<DocumentTone> docTones = new ArrayList<>();
    for (PreparedDocument d : corpus.documents()) {
      docTones.add(new DocumentTone(d, documentTone(perDocument.get(d.index()))));
    }
    Tone overall = combine(docTones);
    String name = corpus.competitorName();

    List<Finding> findings = new ArrayList<>();
    findings.add(overallFinding(name, overall, docTones, scored));

    Optional<SentimentScorer.Scored> mostPositive = scored.stream().filter(SentimentScorer.Scored::positive)
        .min(Comparator.comparingDouble((SentimentScorer.Scored s) -> -s.score())
            .thenComparing(SentimentScorer.Scored::sentence, Sentence::compareByPlace));
    Optional<SentimentScorer.Scored> mostNegative = scored.stream().filter(SentimentScorer.Scored::negative)
        .min(Comparator.comparingDouble(SentimentScorer.Scored::score)
            .thenComparing(SentimentScorer.Scored::sentence, Sentence::compareByPlace));
    mostPositive.ifPresent(s -> findings.add(extremeFinding("most-positive", "Most positive", s)));
    mostNegative.ifPresent(s -> findings.add(extremeFinding("most-negative", "Most negative", s)));

    Map<SourceKind, Tone> kindTones = kindTones(corpus, docTones);
    if (kindTones.size() >= 2) {
      kindTones.forEach((kind, tone) -> findings.add(kindFinding(kind, tone, docTones, scored)));
    }

    Optional<MemoryNotes.RecordedScore> earlier = MemoryNotes.toneScore(input.memory(), input.competitorId());
    String trend = null;
    if (earlier.isPresent()) {
      double delta = overall.score() - earlier.get().score();
      String change = Math.abs(delta) < 0.005 ? "unchanged"
          : String.format(Locale.ROOT, "%.2f", Math.abs(delta)) + (delta > 0 ? " higher" : " lower");
      trend = "Memory from " + MemoryNotes.describe(earlier.get().entry()) + " gives a tone score of "
          + Texts.signed(earlier.get().score()) + "; this run's " + Texts.signed(overall.score()) + " is "
          + change + ".";
      findings.add(new Finding("tone-trend", trend, "", citedUrls(docTones), Texts.round(delta, 3)));
    }

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("score", Texts.round(overall.score(), 3));
    metrics.put("documents", corpus.documents().size());
    metrics.put("sentences", overall.sentences());
    metrics.put("positiveSentences", overall.positive());
    metrics.put("negativeSentences", overall.negative());
    metrics.put("neutralSentences", overall.sentences() - overall.positive() - overall.negative());
    Map<String, Object> byKind = new LinkedHashMap<>();
    kindTones.forEach((kind, tone) -> byKind.put(kind.id(), Texts.round(tone.score(), 3)));
    metrics.put("kindScores", Collections.unmodifiableMap(byKind));
    Map<String, Object> byDocument = new LinkedHashMap<>();
    for (DocumentTone dt : docTones) {
      if (byDocument.size() < 50) {
        byDocument.putIfAbsent(dt.document().url(), Texts.round(dt.tone().score(), 3));
      }
    }
    metrics.put("documentScores", Collections.unmodifiableMap(byDocument));

    String summary = summary(name, overall, kindTones, scored, mostPositive, mostNegative, trend);
    return new AnalysisResult(
        AnalysisKind.SENTIMENT, input.competitorId(), OfflineAnalyser.PRODUCED_BY, summary, findings, metrics);
  }

  private static Tone documentTone(List<SentimentScorer.Scored> sentences) {
    int positive = 0;
    int negative = 0;
    int opinionated = 0;
    double sum = 0;
    for (SentimentScorer.Scored s : sentences) {
      if (s.positive()) {
        positive++;
      } else if (s.negative()) {
        negative++;
      }
      if (s.opinionated()) {
        opinionated++;
        sum += s.score();
      }
    }
    double score = opinionated == 0 ? 0 : sum / opinionated;
    return new Tone(score, 1, sentences.size(), positive, negative, opinionated);
  }

  private static Tone combine(List<DocumentTone> docs) {
    double weighted = 0;
    int weights = 0;
    int sentences = 0;
    int positive = 0;
    int negative = 0;
    int opinionated = 0;
    for (DocumentTone d : docs) {
      weighted += d.tone().score() * d.weight();
      weights += d.weight();
      sentences += d.tone().sentences();
      positive += d.tone().positive();
      negative += d.tone().negative();
      opinionated += d.tone().opinionated();
    }
    double score = weights == 0 ? 0 : Math.max(-1, Math.min(1, weighted / weights));
    return new Tone(score, docs.size(), sentences, positive, negative, opinionated);
  }

  /** Tone per source kind, for the kinds with enough text of their own. */
  private static Map<SourceKind, Tone> kindTones(Corpus corpus, List<DocumentTone> docTones) {
    Map<SourceKind, Tone> tones = new EnumMap<>(SourceKind.class);
    for (SourceKind kind : SourceKind.values()) {
      List<DocumentTone> ofKind = new ArrayList<>();
      int characters = 0;
      for (DocumentTone dt : docTones) {
        if (dt.document().kind() == kind) {
          ofKind.add(dt);
          characters += dt.document().text().length();
        }
      }
      Tone tone = combine(ofKind);
      if (tone.sentences() >= Corpus.MIN_SENTENCES && characters >= Corpus.MIN_CHARACTERS) {
        tones.put(kind, tone);
      }
    }
    return tones;
  }

  private static List<String> citedUrls(List<DocumentTone> docTones) {
    List<DocumentTone> ordered = new ArrayList<>(docTones);
    ordered.sort(Comparator.comparingInt((DocumentTone d) -> -d.weight())
        .thenComparingInt(d -> d.document().index()));
    List<String> urls = new ArrayList<>();
    for (DocumentTone d : ordered) {
      urls.add(d.document().url());
    }
    return Texts.urls(urls, CITED_DOCUMENTS);
  }

  private static Finding overallFinding(
      String name, Tone overall, List<DocumentTone> docTones, List<SentimentScorer.Scored> scored) {
    String statement = "The gathered material about " + name + " reads " + overall.label() + " (tone score "
        + Texts.signed(overall.score()) + " on a -1 to +1 scale) across " + Texts.count(overall.documents(), "document")
        + " and " + Texts.count(overall.sentences(), "sentence") + ": " + overall.positive() + " positive, "
        + overall.negative() + " negative.";
    List<String> positives = frequentTerms(scored, true);
    List<String> negatives = frequentTerms(scored, false);
    String evidence;
    if (positives.isEmpty() && negatives.isEmpty()) {
      evidence = "No sentence contains a term of the sentiment lexicon.";
    } else {
      List<String> parts = new ArrayList<>();
      if (!positives.isEmpty()) {
        parts.add("most frequent positive terms: " + String.join(", ", positives));
      }
      if (!negatives.isEmpty()) {
        parts.add("most frequent negative terms: " + String.join(", ", negatives));
      }
      evidence = Texts.capitalise(String.join("; ", parts)) + ".";
    }
    return new Finding("tone", statement, evidence, citedUrls(docTones), Texts.round(overall.score(), 3));
  }

  /** Up to five terms of one polarity with how often they occur, most frequent first: "reliable" (4). */
  private static List<String> frequentTerms(List<SentimentScorer.Scored> scored, boolean positive) {
    Map<String, Integer> counts = new TreeMap<>();
    for (SentimentScorer.Scored s : scored) {
      for (SentimentScorer.Term t : s.terms()) {
        if (positive ? t.weight() > 0 : t.weight() < 0) {
          counts.merge(t.label(), 1, Integer::sum);
        }
      }
    }
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(5, entries.size()))) {
      out.add("\"" + e.getKey() + "\" (" + e.getValue() + ")");
    }
    return out;
  }

  private static Finding extremeFinding(String category, String label, SentimentScorer.Scored s) {
    Sentence sentence = s.sentence();
    String statement = label + " statement, from " + Texts.kindName(sentence.kind()) + " (score "
        + Texts.signed(s.score()) + "): " + Texts.quote(sentence.text(), 160);
    List<String> terms = new ArrayList<>();
    for (SentimentScorer.Term t : s.terms()) {
      terms.add("\"" + t.surface() + "\" " + Texts.signed(t.weight()));
    }
    String evidence = Texts.quote(sentence.text(), 300) + " (terms: " + String.join(", ", terms) + ")";
    return new Finding(category, statement, evidence, List.of(sentence.url()), Texts.round(s.score(), 3));
  }

  private static String kindPhrase(SourceKind kind) {
    return switch (kind) {
      case WEBSITE -> "Website text";
      case NEWS -> "News coverage";
      case SOCIAL -> "Social posts";
      case MARKET -> "Market and filing text";
    };
  }

  private static Finding kindFinding(
      SourceKind kind, Tone tone, List<DocumentTone> docTones, List<SentimentScorer.Scored> scored) {
    List<DocumentTone> ofKind = new ArrayList<>();
    for (DocumentTone dt : docTones) {
      if (dt.document().kind() == kind) {
        ofKind.add(dt);
      }
    }
    String statement = kindPhrase(kind) + " reads " + tone.label() + " (" + Texts.signed(tone.score()) + ") over "
        + Texts.count(tone.documents(), "document") + " and " + Texts.count(tone.sentences(), "sentence") + ": "
        + tone.positive() + " positive, " + tone.negative() + " negative.";
    Optional<SentimentScorer.Scored> typical = scored.stream()
        .filter(s -> s.sentence().kind() == kind)
        .filter(s -> tone.score() >= 0 ? s.positive() : s.negative())
        .min(Comparator.comparingDouble((SentimentScorer.Scored s) -> tone.score() >= 0 ? -s.score() : s.score())
            .thenComparing(SentimentScorer.Scored::sentence, Sentence::compareByPlace));
    String evidence = typical.map(s -> Texts.quote(s.sentence().text())).orElse("");
    return new Finding("tone-by-source", statement, evidence, citedUrls(ofKind), Texts.round(tone.score(), 3));
  }

  private static String summary(
      String name, Tone overall, Map<SourceKind, Tone> kindTones, List<SentimentScorer.Scored> scored,
      Optional<SentimentScorer.Scored> mostPositive, Optional<SentimentScorer.Scored> mostNegative, String trend) {
    StringBuilder sb = new StringBuilder();
    sb.append("Offline lexicon scoring rates the tone of the material gathered about ").append(name).append(" as ")
        .append(overall.label()).append(", a tone score of ").append(Texts.signed(overall.score()))
        .append(" (-1 to +1) over ").append(Texts.count(overall.documents(), "document")).append(" and ")
        .append(Texts.count(overall.sentences(), "sentence")).append(" (").append(overall.positive())
        .append(" positive, ").append(overall.negative()).append(" negative).");
    if (kindTones.size() >= 2) {
      Map.Entry<SourceKind, Tone> best = null;
      Map.Entry<SourceKind, Tone> worst = null;
      for (Map.Entry<SourceKind, Tone> e : kindTones.entrySet()) {
        if (best == null || e.getValue().score() > best.getValue().score()) {
          best = e;
        }
        if (worst == null || e.getValue().score() < worst.getValue().score()) {
          worst = e;
        }
      }
      if (best.getKey() != worst.getKey()) {
        sb.append(" By source kind, ").append(best.getKey().id()).append(" is the most positive (")
            .append(Texts.signed(best.getValue().score())).append(") and ").append(worst.getKey().id())
            .append(" the least (").append(Texts.signed(worst.getValue().score())).append(").");
      }
    } else {
      List<String> positives = frequentTerms(scored, true);
      List<String> negatives = frequentTerms(scored, false);
      if (!positives.isEmpty() || !negatives.isEmpty()) {
        sb.append(" Leading terms: ");
        List<String> parts = new ArrayList<>();
        if (!positives.isEmpty()) {
          parts.add("positive " + String.join(", ", positives.subList(0, Math.min(3, positives.size()))));
        }
        if (!negatives.isEmpty()) {
          parts.add("negative " + String.join(", ", negatives.subList(0, Math.min(3, negatives.size()))));
        }
        sb.append(String.join("; ", parts)).append('.');
      }
    }
    if (trend != null) {
      sb.append(' ').append(trend);
    } else {
      Optional<SentimentScorer.Scored> line = overall.score() >= 0 ? mostPositive.or(() -> mostNegative)
          : mostNegative.or(() -> mostPositive);
      line.ifPresent(s -> sb.append(s.positive() ? " Most positive line (" : " Most negative line (")
          .append(Texts.kindName(s.sentence().kind())).append("): ").append(Texts.endSentence(Texts.quote(s.sentence().text(), 160))));
    }
    return sb.toString();
  }
}
