package io.rivalwatch.planning;

import java.util.List;

/**
 * The run configuration cannot be used. Each problem names the field (as a path such as
 * {@code competitors[1].website.pages[0]}) and says how to fix it.
 */
public class InvalidConfigurationException extends RuntimeException {

  private final List<String> problems;

  public InvalidConfigurationException(String source, List<String> problems) {
    super("Run configuration " + source + " is invalid: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
