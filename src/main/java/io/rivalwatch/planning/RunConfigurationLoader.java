package io.rivalwatch.planning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Reads a run configuration from a resource location, resolves {@code ${...}} placeholders from the application's
 * environment (so one file can name hosts or secrets kept elsewhere) and validates it.
 */
@Component
public class RunConfigurationLoader {

  private final ResourceLoader resources;
  private final Environment environment;
  private final RunConfigurationParser parser = new RunConfigurationParser();

  public RunConfigurationLoader(ResourceLoader resources, Environment environment) {
    this.resources = resources;
    this.environment = environment;
  }

  public RunConfiguration load(String location) {
    Resource resource = resources.getResource(location);
    if (!resource.exists()) {
      throw new InvalidConfigurationException(
          location,
          List.of("runConfiguration: no file at '" + location + "'. Fix: set rivalwatch.planning.run-configuration "
              + "(or the run's runConfiguration variable) to an existing file, e.g. file:/etc/rivalwatch/run.yaml"));
    }
    String text;
    try {
      text = resource.getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read run configuration " + location, e);
    }
    String resolved;
    try {
      resolved = environment.resolveRequiredPlaceholders(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          location, List.of("placeholder: " + e.getMessage() + ". Fix: define that property or write the value"));
    }
    return parser.parse(location, resolved);
  }
}
