package io.rivalwatch.planning;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param runConfiguration where the run configuration (settings and competitor list) is read from when a run does
 *     not name one: a Spring resource location such as {@code file:/etc/rivalwatch/run-configuration.yaml}
 */
@ConfigurationProperties("rivalwatch.planning")
public record PlanningProperties(String runConfiguration) {

  public PlanningProperties {
    if (runConfiguration == null || runConfiguration.isBlank()) {
      runConfiguration = "file:./run-configuration.yaml";
    }
  }
}
