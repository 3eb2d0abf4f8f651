package io.rivalwatch.synthesis;

import java.util.Optional;

/** Without a language model the report has no executive summary; its table and sections carry the findings. */
public class NoExecutiveSummary implements ExecutiveSummaryWriter {

  @Override
  public Optional<String> write(SummaryRequest request) {
    return Optional.empty();
  }
}
