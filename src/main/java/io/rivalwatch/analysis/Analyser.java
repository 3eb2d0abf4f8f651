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

  /**
   * What would make this analyser answer differently for the same documents: its model, prompt wording, settings,
   * word lists, or a version raised when its code changes. An earlier analysis is reused only when this is the
   * same as when it was made, so a new prompt or model analyses everything again.
   */
  String version(AnalysisKind kind);

  /**
   * {@link #version(AnalysisKind)} for one run: an analyser whose runs are pinned to the models and prompts they were
   * planned with answers with the run's, so a run's reuse compares what the run really uses.
   */
  default String version(AnalysisKind kind, String runId) {
    return version(kind);
  }

  /**
   * The cheaper model this analyser switches to for this analysis when a run's budget runs short
   * ({@link AnalysisInput#cheaperModel}); empty when it has none, or already uses it.
   */
  default java.util.Optional<String> cheaperModel(AnalysisKind kind) {
    return java.util.Optional.empty();
  }
}
