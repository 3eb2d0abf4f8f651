package io.rivalwatch.synthesis;

import java.util.Optional;

/**
 * Writes the report's executive summary: prose across competitors, answering the reviewer's comments and the
 * quality findings. A language model does this in the cloud profile; without one there is no summary (the report's
 * table and sections stand on their own).
 */
public interface ExecutiveSummaryWriter {

  /**
   * @return Markdown paragraphs and bullets that cite sources as {@code [n](url)}, using only URLs found in the
   *     request's findings; empty when this writer writes no summary
   * @throws io.rivalwatch.failure.OutsideServiceException when the model call fails
   */
  Optional<String> write(SummaryRequest request);

  /**
   * What decides this writer's answer besides the request: for a model, the model id, the prompt with a digest of
   * its text, and the answer's settings. Part of the {@link SummaryFingerprint}: a summary is reused on a later night
   * only while the writer's version is the same.
   */
  default String version() {
    return getClass().getName();
  }

  /** {@link #version()} for one run: a writer whose runs are pinned answers with the run's model and prompt. */
  default String version(String runId) {
    return version();
  }

  /**
   * True when this summary was not written as {@link #version()} says (a fallback model or no model wrote it): it is
   * not reused on a later night, which writes it again with the usual model.
   */
  default boolean degraded(String summary) {
    return false;
  }
}
