package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.Tokenizer;
import io.rivalwatch.text.SentenceSplitter;
import io.rivalwatch.text.PriceExtractor;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.research.SourceKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How the competitor positions itself: target segments and industries, value propositions, price points, its
 * own tagline (from its website: the title of the page nearest the site root and its first real sentence) and
 * its differentiator claims. Signals in WEBSITE documents are preferred as evidence, being the company's own
 * words.
 */
final class PositioningAnalysis {

  static final int MAX_SEGMENTS = 5;
  static final int MAX_INDUSTRIES = 4;
  static final int MAX_VALUES = 6;
  static final int MAX_PRICES = 10;
  static final int MAX_CLAIMS = 3;
  static final int CITED_DOCUMENTS = 10;

  private static final Pattern TITLE_SEPARATOR = Pattern.compile("\\s+[-|\u00B7\u2022]\\s+|\\s*[|\u00B7\u2022]\\s*|:\\s+");

  private final PositioningSignals signals;
  private final ExtractiveSummarizer summarizer;

  PositioningAnalysis(PositioningSignals signals, ExtractiveSummarizer summarizer) {
    this.signals = signals;
    this.summarizer = summarizer;
  }

  /** Everything said about one segment, industry, value proposition or price point. */
  private static final class Tally {
    final String name;
    final List<Sentence> sentences = new ArrayList<>();
    final Set<Integer> docs = new TreeSet<>();
    final Map<String, Integer> terms = new TreeMap<>();
    final Map<String, String> written = new TreeMap<>();

    Tally(String name) {
      this.name = name;
    }

    void add(Sentence s, List<String> surfaces) {
      if (sentences.isEmpty() || sentences.get(sentences.size() - 1) != s) {
        sentences.add(s);
      }
      docs.add(s.docIndex());
      for (String surface : surfaces) {
        terms.merge(surface.toLowerCase(Locale.ROOT), 1, Integer::sum);
        written.putIfAbsent(surface.toLowerCase(Locale.ROOT), surface);
      }
    }

    /** The most frequent terms as first written, then alphabetical. */
    List<String> topTerms(int limit) {
      List<Map.Entry<String, Integer>> e = new ArrayList<>(terms.entrySet());
      e.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, Integer> x : e.subList(0, Math.min(limit, e.size()))) {
        out.add(written.get(x.getKey()));
      }
      return out;
    }
  }

  AnalysisResult analyse(Corpus corpus, AnalysisInput input) {
    String name = corpus.competitorName();
    List<PositioningSignals.Signals> found = new ArrayList<>();
    for (Sentence s : corpus.sentences()) {
      PositioningSignals.Signals sig = signals.find(s);
      if (sig.any()) {
        found.add(sig);
      }
    }
    if (found.isEmpty()) {
      throw new AnalysisNotPossibleException("none of the " + Texts.count(corpus.sentences().size(), "sentence")
          + " in the " + Texts.count(corpus.documents().size(), "document") + " gathered for " + name
          + " names a target segment or industry, a value proposition, a price or a differentiating claim;"
          + " positioning needs at least one such statement.");
    }
    List<Tally> segments = tallies(found, PositioningSignals.Group.SEGMENT);
    List<Tally> industries = tallies(found, PositioningSignals.Group.INDUSTRY);
    List<Tally> values = tallies(found, PositioningSignals.Group.VALUE);
    List<Tally> prices = priceTallies(found);
    List<PositioningSignals.Signals> claims = claims(found);
    Optional<Tagline> tagline = tagline(corpus);

    List<Finding> findings = new ArrayList<>();
    tagline.ifPresent(t -> findings.add(t.finding(name)));
    for (Tally t : limit(segments, MAX_SEGMENTS)) {
      findings.add(cueFinding(corpus, "segment", name + " targets " + t.name, t));
    }
    for (Tally t : limit(industries, MAX_INDUSTRIES)) {
      findings.add(cueFinding(corpus, "industry", name + " names the " + t.name + " industry", t));
    }
    for (Tally t : limit(values, MAX_VALUES)) {
      findings.add(cueFinding(corpus, "value-proposition", name + " stresses " + t.name, t));
    }
    for (Tally t : limit(prices, MAX_PRICES)) {
      findings.add(priceFinding(corpus, name, t));
    }
    for (PositioningSignals.Signals c : claims) {
      findings.add(claimFinding(name, c));
    }

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("documents", corpus.documents().size());
    metrics.put("sentences", corpus.sentences().size());
    metrics.put("signalSentences", found.size());
    metrics.put("segmentCounts", counts(segments));
    metrics.put("industryCounts", counts(industries));
    metrics.put("valuePropositionCounts", counts(values));
    List<String> pricePoints = new ArrayList<>();
    for (Tally t : prices) {
      pricePoints.add(t.name);
    }
    metrics.put("pricePoints", List.copyOf(pricePoints));
    int claimSentences = 0;
    for (PositioningSignals.Signals s : found) {
      if (!s.of(PositioningSignals.Group.CLAIM).isEmpty()) {
        claimSentences++;
      }
    }
    metrics.put("differentiatorClaims", claimSentences);
    tagline.ifPresent(t -> metrics.put("tagline", t.shortText()));

    String summary = summary(corpus, found, segments, industries, values, pricePoints, tagline, claims);
    return new AnalysisResult(
        AnalysisKind.POSITIONING, input.competitorId(), OfflineAnalyser.PRODUCED_BY, summary, findings, metrics);
  }

  private static <T> List<T> limit(List<T> list, int max) {
    return list.subList(0, Math.min(max, list.size()));
  }

  private static Map<String, Object> counts(List<Tally> tallies) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Tally t : tallies) {
      m.put(t.name, t.sentences.size());
    }
    return Collections.unmodifiableMap(m);
  }

  /** Names of one group, most sentences first, then most documents, then name. */
  private static List<Tally> tallies(List<PositioningSignals.Signals> found, PositioningSignals.Group group) {
    Map<String, Tally> byName = new TreeMap<>();
    for (PositioningSignals.Signals sig : found) {
      sig.of(group).forEach((n, surfaces) ->
          byName.computeIfAbsent(n, Tally::new).add(sig.sentence(), surfaces));
    }
    List<Tally> list = new ArrayList<>(byName.values());
    list.sort(Comparator.comparingInt((Tally t) -> -t.sentences.size())
        .thenComparingInt(t -> -t.docs.size())
        .thenComparing(t -> t.name, String.CASE_INSENSITIVE_ORDER)
        .thenComparing(t -> t.name));
    return list;
  }

  /** Price points in order of first appearance. */
  private static List<Tally> priceTallies(List<PositioningSignals.Signals> found) {
    Map<String, Tally> byPrice = new LinkedHashMap<>();
    for (PositioningSignals.Signals sig : found) {
      for (PriceExtractor.PricePoint p : sig.prices()) {
        byPrice.computeIfAbsent(p.canonical(), Tally::new).add(sig.sentence(), List.of(p.text()));
      }
    }
    return new ArrayList<>(byPrice.values());
  }

  /** Claim sentences: website first, then more claim terms, then document order. */
  private static List<PositioningSignals.Signals> claims(List<PositioningSignals.Signals> found) {
    List<PositioningSignals.Signals> claims = new ArrayList<>();
    for (PositioningSignals.Signals s : found) {
      if (!s.of(PositioningSignals.Group.CLAIM).isEmpty()) {
        claims.add(s);
      }
    }
    claims.sort(Comparator.comparingInt((PositioningSignals.Signals s) -> s.sentence().kind() == SourceKind.WEBSITE ? 0 : 1)
        .thenComparingInt(s -> -s.of(PositioningSignals.Group.CLAIM).size())
        .thenComparing(PositioningSignals.Signals::sentence, Sentence::compareByPlace));
    return limit(claims, MAX_CLAIMS);
  }

  /** Evidence sentences: website first, then document order; at most two. */
  private static List<Sentence> evidence(Tally t) {
    List<Sentence> ranked = new ArrayList<>(t.sentences);
    ranked.sort(Comparator.comparingInt((Sentence s) -> s.kind() == SourceKind.WEBSITE ? 0 : 1)
        .thenComparing(Sentence::compareByPlace));
    return limit(ranked, 2);
  }

  private static String quotes(List<Sentence> sentences) {
    List<String> q = new ArrayList<>();
    for (Sentence s : sentences) {
      q.add(Texts.quote(s.text(), 200));
    }
    return String.join(" | ", q);
  }

  private static List<String> urls(Corpus corpus, Tally t) {
    List<Sentence> ranked = evidence(t);
    List<String> urls = new ArrayList<>();
    for (Sentence s : ranked) {
      urls.add(s.url());
    }
    for (Integer i : t.docs) {
      urls.add(corpus.document(i).url());
    }
    return Texts.urls(urls, CITED_DOCUMENTS);
  }

  private static List<PreparedDocument> docs(Corpus corpus, Tally t) {
    List<PreparedDocument> out = new ArrayList<>();
    for (Integer i : t.docs) {
      out.add(corpus.document(i));
    }
    return out;
  }

  private static Finding cueFinding(Corpus corpus, String category, String claim, Tally t) {
    String statement = claim + ": " + Texts.count(t.sentences.size(), "sentence") + " in "
        + Texts.count(t.docs.size(), "document") + " (" + Texts.kindBreakdown(docs(corpus, t))
        + (t.sentences.size() == 1 ? ") mentions " : ") mention ")
        + Texts.quotedListing(t.topTerms(3)) + ".";
    return new Finding(category, statement, quotes(evidence(t)), urls(corpus, t), (double) t.sentences.size());
  }

  private static Finding priceFinding(Corpus corpus, String name, Tally t) {
    String where = " (" + Texts.count(t.docs.size(), "document") + ": " + Texts.kindBreakdown(docs(corpus, t)) + ")";
    String statement = switch (t.name) {
      case "contact sales" -> name + " sends buyers to sales for pricing (\"contact sales\")" + where + ".";
      case "free tier" -> name + " offers a free tier" + where + ".";
      default -> t.name.endsWith("free trial")
          ? name + " offers a " + t.name + where + "."
          : name + " lists the price point \"" + t.name + "\"" + where + ".";
    };
    return new Finding("price-point", statement, quotes(evidence(t)), urls(corpus, t), null);
  }

  private static Finding claimFinding(String name, PositioningSignals.Signals c) {
    List<String> terms = new ArrayList<>();
    c.of(PositioningSignals.Group.CLAIM).values().forEach(terms::addAll);
    Sentence s = c.sentence();
    String statement = name + " makes a differentiator claim (" + Texts.quotedListing(terms) + ") in "
        + Texts.kindName(s.kind()) + " text: " + Texts.quote(s.text(), 160);
    return new Finding("differentiator", statement, Texts.quote(s.text(), 300), List.of(s.url()),
        (double) terms.size());
  }

  /** The company's own line: title part and first real sentence of its website page nearest the root. */
  private record Tagline(String title, String opening, String url) {

    String shortText() {
      return title != null ? title : Texts.shorten(opening, 160);
    }

    Finding finding(String company) {
      String statement;
      if (title != null && opening != null) {
        statement = company + "'s website presents it as \"" + title + "\", opening with "
            + Texts.endSentence(Texts.quote(opening, 160));
      } else if (title != null) {
        statement = company + "'s website presents it as \"" + title + "\".";
      } else {
        statement = company + "'s website opens with " + Texts.endSentence(Texts.quote(opening, 160));
      }
      List<String> parts = new ArrayList<>();
      if (title != null) {
        parts.add("title: \"" + title + "\"");
      }
      if (opening != null) {
        parts.add("first sentence: " + Texts.quote(opening, 300));
      }
      return new Finding("tagline", statement, String.join("; ", parts), List.of(url), null);
    }
  }

  private static Optional<Tagline> tagline(Corpus corpus) {
    PreparedDocument home = null;
    int homeDepth = Integer.MAX_VALUE;
    for (PreparedDocument d : corpus.documents()) {
      if (d.kind() != SourceKind.WEBSITE) {
        continue;
      }
      int depth = depth(d.url());
      if (depth < homeDepth) {
        home = d;
        homeDepth = depth;
      }
    }
    if (home == null) {
      return Optional.empty();
    }
    String title = titlePart(home.title(), corpus.nameTokens());
    String opening = null;
    for (String s : SentenceSplitter.split(home.text())) {
      if (isProse(s)) {
        opening = s;
        break;
      }
    }
    if (title != null && opening != null && Tokenizer.words(title).equals(Tokenizer.words(opening))) {
      opening = null;
    }
    if (title == null && opening == null) {
      return Optional.empty();
    }
    return Optional.of(new Tagline(title, opening, home.url()));
  }

  /** Path segments of a URL (a query counts one more); unparsable URLs come last. */
  private static int depth(String url) {
    try {
      URI uri = new URI(url.strip());
      String path = uri.getPath() == null ? "" : uri.getPath();
      int depth = 0;
      for (String part : path.split("/")) {
        if (!part.isEmpty()) {
          depth++;
        }
      }
      return depth + (uri.getQuery() == null ? 0 : 1);
    } catch (Exception e) {
      return 1000;
    }
  }

  /** The longest part of a title that is more than the company's name, or null. */
  private static String titlePart(String title, Set<String> nameTokens) {
    if (title == null || title.isBlank()) {
      return null;
    }
    String best = null;
    int bestWords = 0;
    for (String part : TITLE_SEPARATOR.split(title)) {
      List<String> words = new ArrayList<>();
      for (String t : Tokenizer.words(part)) {
        if (!Tokenizer.isClauseMark(t)) {
          words.add(t);
        }
      }
      if (words.size() < 2 || nameTokens.containsAll(words)) {
        continue;
      }
      if (words.size() > bestWords) {
        best = part.strip();
        bestWords = words.size();
      }
    }
    return best == null ? null : Texts.shorten(best, 160);
  }

  /** A real sentence rather than a menu line: 4 to 40 words, and either closing punctuation or mostly lower case. */
  private static boolean isProse(String s) {
    Tokenizer.Tokens tokens = Tokenizer.tokenize(s);
    int words = 0;
    int capitalised = 0;
    for (int i = 0; i < tokens.words().size(); i++) {
      String w = tokens.words().get(i);
      if (Tokenizer.isClauseMark(w) || !Tokenizer.isWord(w)) {
        continue;
      }
      words++;
      if (Character.isUpperCase(s.charAt(tokens.starts()[i]))) {
        capitalised++;
      }
    }
    if (words < 4 || words > 40) {
      return false;
    }
    char last = s.charAt(s.length() - 1);
    return last == '.' || last == '!' || last == '?' || capitalised * 10 < words * 6;
  }

  private String summary(
      Corpus corpus, List<PositioningSignals.Signals> found, List<Tally> segments, List<Tally> industries,
      List<Tally> values, List<String> pricePoints, Optional<Tagline> tagline,
      List<PositioningSignals.Signals> claims) {
    String name = corpus.competitorName();
    StringBuilder sb = new StringBuilder("Offline cue analysis finds positioning signals in ")
        .append(Texts.count(found.size(), "sentence")).append(" of ")
        .append(Texts.count(corpus.documents().size(), "document")).append(" about ").append(name).append(": ");
    if (segments.isEmpty() && industries.isEmpty()) {
      sb.append("no target segment or industry is named");
    } else {
      List<String> targets = new ArrayList<>();
      for (Tally t : limit(segments, 2)) {
        targets.add(t.name + " (" + t.sentences.size() + ")");
      }
      for (Tally t : limit(industries, 2)) {
        targets.add(t.name + " (" + t.sentences.size() + ")");
      }
      sb.append("it targets ").append(Texts.listing(targets));
    }
    if (!values.isEmpty()) {
      List<String> v = new ArrayList<>();
      for (Tally t : limit(values, 3)) {
        v.add(t.name + " (" + t.sentences.size() + ")");
      }
      sb.append(" and stresses ").append(Texts.listing(v));
    }
    sb.append('.');
    if (pricePoints.isEmpty()) {
      sb.append(" No price point is stated.");
    } else {
      sb.append(" Price points: ").append(Texts.listing(limit(pricePoints, 4))).append('.');
    }
    if (tagline.isPresent()) {
      sb.append(" Its website presents it as ").append(Texts.endSentence(Texts.quote(tagline.get().shortText(), 160)));
    } else if (!claims.isEmpty()) {
      sb.append(" Leading claim (").append(Texts.kindName(claims.get(0).sentence().kind())).append("): ")
          .append(Texts.endSentence(Texts.quote(claims.get(0).sentence().text(), 160)));
    } else {
      List<Sentence> candidates = new ArrayList<>();
      for (PositioningSignals.Signals s : found) {
        candidates.add(s.sentence());
      }
      summarizer.mostRepresentative(corpus, candidates).ifPresent(s -> sb.append(" Representative line (")
          .append(Texts.kindName(s.kind())).append("): ").append(Texts.endSentence(Texts.quote(s.text(), 160))));
    }
    return sb.toString();
  }
}
