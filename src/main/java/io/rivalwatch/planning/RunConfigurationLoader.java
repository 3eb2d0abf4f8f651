package io.rivalwatch.planning;

import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Reads a watch list (a run configuration) by name from the directory the server's settings name, within a size and
 * a time limit, resolves its {@code ${...}} placeholders from the operator's allow-list only, and validates it.
 *
 * <p>The resolved configuration is frozen with the run's artefacts, so nothing secret may enter it: a placeholder
 * that names a secret, or whose value looks like one, is refused whatever the property's spelling. Error messages
 * name the field and the fix and never repeat the file's content or a resolved value.
 */
@Component
public class RunConfigurationLoader {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final String ALLOW_LIST = PlanningProperties.PREFIX + ".placeholders";

  private final ResourceLoader resources;
  private final Environment environment;
  private final PlanningProperties properties;
  private final Set<String> allowed;
  private final RunConfigurationParser parser = new RunConfigurationParser();
  // reading runs beside the caller, so that a hanging file system or store cannot hold a job past the time limit
  private final ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor();

  public RunConfigurationLoader(ResourceLoader resources, Environment environment, PlanningProperties properties) {
    this.resources = resources;
    this.environment = environment;
    this.properties = properties;
    this.allowed = Set.copyOf(properties.placeholders());
  }

  /** Whether a watch list of this name exists (the name is checked first: nothing else is ever looked up). */
  public boolean exists(String name) {
    return WatchLists.isName(name) && resource(name).exists();
  }

  /**
   * @param name the watch list's name (its file name without .yaml)
   * @throws InvalidConfigurationException when the name, the file or its content cannot be used
   */
  public RunConfiguration load(String name) {
    WatchLists.problem(WatchLists.VARIABLE, name).ifPresent(problem -> {
      throw new InvalidConfigurationException("the run's variables", List.of(problem));
    });
    String source = "watch list '" + name + "'";
    Resource resource = resource(name);
    if (!resource.exists()) {
      throw new InvalidConfigurationException(source, List.of(WatchLists.VARIABLE + ": there is no watch list '" + name
          + "' (no " + name + ".yaml in " + properties.watchLists() + ", set by " + PlanningProperties.PREFIX
          + ".watch-lists). Fix: name an existing watch list, or have the operator add " + name + ".yaml there"));
    }
    String text = read(source, resource);
    List<String> problems = new ArrayList<>();
    String resolved = resolvePlaceholders(text, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(source, problems);
    }
    return parser.parse(source, resolved);
  }

  /**
   * The names of every watch list in the directory (files {@code <name>.yaml} whose name is a watch list name; other
   * files are not watch lists and are left alone), sorted.
   */
  public List<String> names() {
    try {
      Resource[] files = org.springframework.core.io.support.ResourcePatternUtils.getResourcePatternResolver(resources)
          .getResources(properties.watchLists() + "*.yaml");
      return java.util.Arrays.stream(files).map(Resource::getFilename).filter(java.util.Objects::nonNull)
          .map(file -> file.substring(0, file.length() - ".yaml".length())).filter(WatchLists::isName).sorted()
          .distinct().toList();
    } catch (java.io.IOException e) {
      // the storage's failure, not a list's: the caller's job is retried
      throw new IllegalStateException("cannot list the watch lists in " + properties.watchLists() + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The watch list's schedule, read within the same size and time limits as the whole list; placeholders are not
   * resolved (a schedule has none) and the other sections are checked when a run plans.
   *
   * @return empty when the list has no schedule
   * @throws InvalidConfigurationException when the name, the file or its schedule cannot be used
   */
  public java.util.Optional<WatchSchedule> schedule(String name) {
    WatchLists.problem(WatchLists.VARIABLE, name).ifPresent(problem -> {
      throw new InvalidConfigurationException("the watch list's name", List.of(problem));
    });
    String source = "watch list '" + name + "'";
    Resource resource = resource(name);
    if (!resource.exists()) {
      throw new InvalidConfigurationException(source, List.of(WatchLists.VARIABLE + ": there is no watch list '"
          + name + "' (no " + name + ".yaml in " + properties.watchLists() + ")"));
    }
    return parser.parseSchedule(source, read(source, resource));
  }

  private Resource resource(String name) {
    return resources.getResource(properties.watchLists() + name + ".yaml");
  }

  private String read(String source, Resource resource) {
    long limit = properties.maxWatchListSize().toBytes();
    Future<byte[]> reading = reader.submit(() -> {
      try (InputStream in = resource.getInputStream()) {
        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      }
    });
    byte[] bytes;
    try {
      bytes = reading.get(properties.loadTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      reading.cancel(true);
      throw new InvalidConfigurationException(source, List.of("the file could not be read within "
          + properties.loadTimeout() + " (" + PlanningProperties.PREFIX + ".load-timeout). Fix: check the storage of "
          + properties.watchLists() + ", or have the operator raise the time limit"));
    } catch (InterruptedException e) {
      reading.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + source, e);
    } catch (ExecutionException e) {
      // an I/O failure is the storage's, not the file's: the job is retried
      throw new IllegalStateException("cannot read " + source + ": " + e.getCause().getClass().getSimpleName(),
          e.getCause());
    }
    if (bytes.length > limit) {
      throw new InvalidConfigurationException(source, List.of("the file is larger than "
          + properties.maxWatchListSize() + " (" + PlanningProperties.PREFIX + ".max-watch-list-size). Fix: split the"
          + " watch list into smaller ones, or have the operator raise the limit"));
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidConfigurationException(source, List.of("the file is not UTF-8 text. Fix: save it as UTF-8"));
    }
  }

  /** Replaces each allowed placeholder by its value; adds a problem for each other one. */
  private String resolvePlaceholders(String text, List<String> problems) {
    Matcher placeholder = PLACEHOLDER.matcher(text);
    StringBuilder resolved = new StringBuilder();
    while (placeholder.find()) {
      String expression = placeholder.group(1);
      int colon = expression.indexOf(':');
      String name = (colon < 0 ? expression : expression.substring(0, colon)).strip();
      String fallback = colon < 0 ? null : expression.substring(colon + 1);
      String value = null;
      String shown = "placeholder ${" + WatchLists.shown(name).replace("'", "") + "}";
      if (SecretLooks.isSecretName(name)) {
        problems.add(shown + ": names a secret, and the run configuration is kept with the run's artefacts. Fix: "
            + "remove it; secrets stay in the application's configuration (e.g. "
            + "rivalwatch.research.mastodon.access-token), where the connector that needs one reads it");
      } else if (!allowed.contains(name)) {
        problems.add(shown + ": only properties the operator allows may be read (" + ALLOW_LIST + ": "
            + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + "). Fix: write the value itself, or have "
            + "the operator add " + name + " to " + ALLOW_LIST);
      } else {
        value = environment.getProperty(name, fallback == null ? "" : fallback);
        if (fallback == null && environment.getProperty(name) == null) {
          problems.add(shown + ": the server has no property " + name + ". Fix: have the operator set it, or write "
              + "a default as ${" + name + ":value}");
          value = null;
        } else {
          String kind = SecretLooks.secretKind(value);
          if (kind != null) {
            problems.add(shown + ": its value looks like " + kind + ", and the run configuration is kept with the "
                + "run's artefacts. Fix: do not put secrets in watch lists; have the operator point " + name
                + " at a value that is not secret, or remove it from " + ALLOW_LIST);
            value = null;
          }
        }
      }
      placeholder.appendReplacement(resolved, Matcher.quoteReplacement(value == null ? "" : value));
    }
    placeholder.appendTail(resolved);
    return resolved.toString();
  }
}
