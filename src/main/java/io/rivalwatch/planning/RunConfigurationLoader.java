package io.rivalwatch.planning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Reads a run configuration from a resource location, resolves {@code ${...}} placeholders from the application's
 * environment (so one file can name hosts kept elsewhere) and validates it.
 *
 * <p>Placeholders that name a secret (a token, password, key or webhook) are refused: the resolved configuration is
 * frozen with the run's artefacts, and secrets stay in the application's configuration, where the connectors and
 * channels that need them read them.
 */
@Component
public class RunConfigurationLoader {

  private final ResourceLoader resources;
  private final Environment environment;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)");
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(token|secret|password|credential|api-?key|access-?key|private-?key|webhook).*");

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
    List<String> secrets = secretPlaceholders(text);
    if (!secrets.isEmpty()) {
      throw new InvalidConfigurationException(location, secrets);
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

  static List<String> secretPlaceholders(String text) {
    List<String> problems = new ArrayList<>();
    Matcher placeholder = PLACEHOLDER.matcher(text);
    while (placeholder.find()) {
      String name = placeholder.group(1).strip();
      if (SECRET_NAME.matcher(name).matches()) {
        problems.add("placeholder ${" + name + "}: names a secret, and the run configuration is kept with the run's "
            + "artefacts. Fix: remove it; secrets stay in the application's configuration (e.g. "
            + "rivalwatch.research.mastodon.access-token), where the connector that needs one reads it");
      }
    }
    return problems;
  }
}
