package io.rivalwatch.analysis.offline;

import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Analyser;
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

  private final SentimentAnalysis sentiment;
  private final StrategyAnalysis strategy;
  private final PositioningAnalysis positioning;

  /** Loads the word lists from the classpath. */
  public OfflineAnalyser() {
    Stopwords stopwords = Stopwords.load();
    ExtractiveSummarizer summarizer = new ExtractiveSummarizer(stopwords);
    this.sentiment = new SentimentAnalysis(new SentimentScorer(SentimentLexicon.load()));
    this.strategy = new StrategyAnalysis(StrategySignals.load(), new KeyPhraseExtractor(stopwords), summarizer);
    this.positioning = new PositioningAnalysis(PositioningSignals.load(), summarizer);
  }

  /**
   * @throws AnalysisNotPossibleException when the documents cannot support the analysis
   */
  @Override
  public AnalysisResult analyse(AnalysisKind kind, AnalysisInput input) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(input, "input");
    Corpus corpus = Corpus.of(input);
    corpus.requireEnoughText(kind.id());
    return switch (kind) {
      case SENTIMENT -> sentiment.analyse(corpus, input);
      case STRATEGY -> strategy.analyse(corpus, input);
      case POSITIONING -> positioning.analyse(corpus, input);
    };
  }
}
