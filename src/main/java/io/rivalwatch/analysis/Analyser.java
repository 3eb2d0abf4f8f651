package io.rivalwatch.analysis;

/**
 * Produces one analysis of one competitor. The offline analyser works on the text alone; the Bedrock analyser
 * asks a language model.
 */
public interface Analyser {

  /**
   * @throws AnalysisNotPossibleException when the input cannot support this analysis (a business outcome: the
   *     report lists the analysis as missing and the run goes on)
   */
  AnalysisResult analyse(AnalysisKind kind, AnalysisInput input);
}
