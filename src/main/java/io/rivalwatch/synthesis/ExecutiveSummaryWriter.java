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
}
