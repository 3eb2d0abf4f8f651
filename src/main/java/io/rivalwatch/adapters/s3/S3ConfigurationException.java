package io.rivalwatch.adapters.s3;

import java.util.List;

/**
 * The S3 store cannot work as configured: each problem names the property and the fix. Thrown at start-up, so a
 * wrong bucket stops the application at once (reported by {@link S3ConfigurationFailureAnalyzer}) instead of failing
 * the first run hours later.
 */
public class S3ConfigurationException extends RuntimeException {

  private final List<String> problems;

  public S3ConfigurationException(List<String> problems) {
    this(problems, null);
  }

  public S3ConfigurationException(List<String> problems, Throwable cause) {
    super(String.join("\n", problems), cause);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems to report");
    }
    this.problems = List.copyOf(problems);
  }

  public S3ConfigurationException(String problem, Throwable cause) {
    this(List.of(problem), cause);
  }

  public List<String> problems() {
    return problems;
  }
}
