package io.rivalwatch.analysis;

import java.util.List;

/**
 * A language model answered, but even after being told what was wrong its answer could not be used (not the
 * requested JSON, missing fields, a citation of a URL that was not among the documents, a score out of range).
 * The call itself worked and was paid for; repeating the same request at once is unlikely to help, so this is not
 * an {@link io.rivalwatch.failure.OutsideServiceException}.
 */
public class ModelOutputInvalidException extends RuntimeException {

  private final String modelId;
  private final String task;
  private final List<String> problems;

  public ModelOutputInvalidException(String modelId, String task, List<String> problems) {
    super("model " + modelId + " gave no usable " + task + " answer after one correction: " + listed(problems));
    this.modelId = modelId;
    this.task = task;
    this.problems = List.copyOf(problems);
  }

  private static String listed(List<String> problems) {
    int shown = Math.min(5, problems.size());
    String text = String.join("; ", problems.subList(0, shown));
    return shown < problems.size() ? text + "; and " + (problems.size() - shown) + " more" : text;
  }

  public String modelId() {
    return modelId;
  }

  public String task() {
    return task;
  }

  /** What was wrong with the last answer, one line each. */
  public List<String> problems() {
    return problems;
  }
}
