package io.rivalwatch.planning;

import io.rivalwatch.artefact.ArtefactFormat;
import java.util.List;

/** What one run researches and how: the validated content of a run configuration file. */
public record RunConfiguration(RunSettings settings, List<CompetitorProfile> competitors) {
  static final ArtefactFormat<RunConfiguration> FORMAT = ArtefactFormat.of("run-configuration", RunConfiguration.class);

  public RunConfiguration {
    competitors = List.copyOf(competitors);
  }

  public CompetitorProfile competitor(String id) {
    return competitors.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no competitor with id '" + id + "' in this run"));
  }
}
