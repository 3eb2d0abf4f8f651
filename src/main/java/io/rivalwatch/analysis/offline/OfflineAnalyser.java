package io.rivalwatch.analysis.offline;

import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Analyser;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.research.SourceDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The analyser used when no language model is configured: deterministic text analysis of the gathered documents
 * with hand-written word lists ({@code src/main/resources/analysis/}). Every statement is built from what the
 * text contains and cites the documents it rests on; the same input always gives the same result.
 *
 * <ul>
 *   <li>SENTIMENT: lexicon scoring with negation, intensifiers and downtoners ({@link SentimentAnalysis});
 *   <li>STRATEGY: strategic patterns from cue terms in context, plus recurring themes ({@link StrategyAnalysis});
 *   <li>POSITIONING: segments, value propositions, price points, tagline, claims ({@link PositioningAnalysis}).
 * </ul>
 */
public final class OfflineAnalyser implements Analyser {

  /** Printed in the report as the producer of every offline result. */
  public static final String PRODUCED_BY = "offline analyser (no language model)";

  /** Raise it when a change to this package makes the same documents give a different result. */
  static final int CODE_VERSION = 1;

  /** The word lists the analyses read; editing one changes {@link #version}, so nothing stale is reused. */
  private static final List<String> WORD_LISTS = List.of("positioning-cues.tsv", "sentiment-lexicon.tsv",
      "sentiment-modifiers.tsv", "stopwords.txt", "strategy-cues.tsv");

  private final SentimentAnalysis sentiment;
  private final StrategyAnalysis strategy;
  private final PositioningAnalysis positioning;
  private final String version;
  /**
   * Corpora recently prepared, by competitor name and documents: the three analyses of a competitor read the same
   * documents, and cleaning and splitting them is most of an analysis's work. Weighed by characters, so a few huge
   * document sets cannot hold much memory; equal documents give an equal corpus, so a hit changes no result.
   */
  private final Cache<CorpusKey, Corpus> corpora = Caffeine.newBuilder()
      .maximumWeight(CORPUS_CACHE_CHARACTERS)
      .weigher((CorpusKey key, Corpus corpus) -> Math.max(1, corpus.characters()))
      .expireAfterAccess(Duration.ofMinutes(10))
      .build();

  /** Characters of cleaned text the corpus cache holds at most (about 2 bytes each). */
  static final int CORPUS_CACHE_CHARACTERS = 8_000_000;

  /** Loads the word lists from the classpath. */
  public OfflineAnalyser() {
    Stopwords stopwords = Stopwords.load();
    ExtractiveSummarizer summarizer = new ExtractiveSummarizer(stopwords);
    this.sentiment = new SentimentAnalysis(new SentimentScorer(SentimentLexicon.load()));
    this.strategy = new StrategyAnalysis(StrategySignals.load(), new KeyPhraseExtractor(stopwords), summarizer);
    this.positioning = new PositioningAnalysis(PositioningSignals.load(), summarizer);
    this.version = "offline analyser v" + CODE_VERSION + ", word lists " + wordListsDigest();
  }

  @Override
  public String version(AnalysisKind kind) {
    return version;
  }

  private static String wordListsDigest() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String name : WORD_LISTS) {
        try (InputStream in = OfflineAnalyser.class.getClassLoader().getResourceAsStream("analysis/" + name)) {
          if (in == null) {
            throw new IllegalStateException("missing classpath resource analysis/" + name);
          }
          digest.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the offline analyser's word lists", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * @throws AnalysisNotPossibleException when the documents cannot support the analysis
   */
  @Override
  public AnalysisResult analyse(AnalysisKind kind, AnalysisInput input) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(input, "input");
    Corpus corpus = corpora.get(new CorpusKey(Corpus.displayName(input), input.documents()),
        key -> Corpus.of(input));
    corpus.requireEnoughText(kind.id());
    return switch (kind) {
      case SENTIMENT -> sentiment.analyse(corpus, input);
      case STRATEGY -> strategy.analyse(corpus, input);
      case POSITIONING -> positioning.analyse(corpus, input);
    };
  }

  /** What a corpus is made of: the name it is analysed under and the documents, compared by content. */
  private record CorpusKey(String competitorName, List<SourceDocument> documents) {
  }
}
