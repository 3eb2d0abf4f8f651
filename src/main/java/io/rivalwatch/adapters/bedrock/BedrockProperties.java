package io.rivalwatch.adapters.bedrock;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Amazon Bedrock settings ({@code rivalwatch.bedrock.*}); used when {@code rivalwatch.analysis.provider=bedrock}.
 * Every field has a default, so an empty section works in us-east-1 with the default models. Credentials never
 * come from here: the SDK's default chain (environment, system properties, profile, container or instance role).
 *
 * @param region AWS region of the runtime and control-plane endpoints
 * @param endpoint runtime endpoint override (a fake in tests; a VPC endpoint in production), or null
 * @param controlEndpoint control-plane endpoint override, used only to verify model ids at start-up, or null
 * @param verifyModels whether start-up checks each configured model id with the control plane
 * @param inputCharBudget the most document characters one analysis prompt carries; documents beyond it are
 *     shortened or left out, most relevant first, and the prompt says what was cut
 * @param tasks model and inference settings per task
 * @param cheaperModelId the model analyses switch to when a run has spent {@code rivalwatch.cost.cheaper-model-at}
 *     of its budget (the same prompts and settings, a cheaper model); default {@value #SMALL_MODEL}
 * @param fallback each task's fallback models and when a task moves down to them (docs/fallback-models.md)
 */
@ConfigurationProperties("rivalwatch.bedrock")
public record BedrockProperties(
    String region, URI endpoint, URI controlEndpoint, Boolean verifyModels, Integer inputCharBudget, Tasks tasks,
    String cheaperModelId, Fallback fallback) {

  public static final String PREFIX = "rivalwatch.bedrock";
  /** The name the cheaper model goes by where a task name is expected (model checks). */
  static final String CHEAPER = "cheaper";
  public static final String DEFAULT_REGION = "us-east-1";
  public static final int DEFAULT_INPUT_CHAR_BUDGET = 60_000;
  /** Small and fast: sentiment is classification more than reasoning. */
  public static final String SMALL_MODEL = "amazon.nova-lite-v1:0";
  /** Large: strategy, positioning and the executive summary need reasoning over many documents. */
  public static final String LARGE_MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  /** The tasks, in the order of {@link Tasks#all()}. */
  static final List<String> TASK_NAMES = List.of("sentiment", "strategy", "positioning", "synthesis");
  private static final Set<String> GEOGRAPHIES = Set.of("us", "us-gov", "eu", "apac", "global", "ca", "jp", "au");
  private static final Pattern PROFILE_ARN =
      Pattern.compile("arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(application-)?inference-profile/.+");

  @ConstructorBinding
  public BedrockProperties {
    region = region == null || region.isBlank() ? DEFAULT_REGION : region.trim();
    verifyModels = verifyModels == null || verifyModels;
    inputCharBudget = inputCharBudget == null ? DEFAULT_INPUT_CHAR_BUDGET : inputCharBudget;
    if (inputCharBudget < 1_000) {
      throw new IllegalArgumentException(PREFIX + ".input-char-budget must be at least 1000, was " + inputCharBudget);
    }
    tasks = tasks == null ? new Tasks(null, null, null, null) : tasks;
    cheaperModelId = cheaperModelId == null || cheaperModelId.isBlank() ? SMALL_MODEL : cheaperModelId.trim();
    fallback = fallback == null ? Fallback.none() : fallback;
    TASK_NAMES.forEach(fallback::check);
  }

  /** Settings with a cheaper model of their own and no fallback models. */
  public BedrockProperties(String region, URI endpoint, URI controlEndpoint, Boolean verifyModels,
      Integer inputCharBudget, Tasks tasks, String cheaperModelId) {
    this(region, endpoint, controlEndpoint, verifyModels, inputCharBudget, tasks, cheaperModelId, null);
  }

  /** Settings without a cheaper model of their own (the default one). */
  public BedrockProperties(
      String region, URI endpoint, URI controlEndpoint, Boolean verifyModels, Integer inputCharBudget, Tasks tasks) {
    this(region, endpoint, controlEndpoint, verifyModels, inputCharBudget, tasks, null, null);
  }

  /** All defaults. */
  public static BedrockProperties defaults() {
    return new BedrockProperties(null, null, null, null, null, null);
  }

  public BedrockProperties withEndpoints(URI runtime, URI control) {
    return new BedrockProperties(region, runtime, control, verifyModels, inputCharBudget, tasks, cheaperModelId,
        fallback);
  }

  public BedrockProperties withTasks(Tasks newTasks) {
    return new BedrockProperties(region, endpoint, controlEndpoint, verifyModels, inputCharBudget, newTasks,
        cheaperModelId, fallback);
  }

  public BedrockProperties withInputCharBudget(int budget) {
    return new BedrockProperties(region, endpoint, controlEndpoint, verifyModels, budget, tasks, cheaperModelId,
        fallback);
  }

  public BedrockProperties withFallback(Fallback newFallback) {
    return new BedrockProperties(region, endpoint, controlEndpoint, verifyModels, inputCharBudget, tasks,
        cheaperModelId, newFallback);
  }

  /** The settings of one task by its name ("sentiment", "strategy", "positioning", "synthesis"). */
  public TaskSettings task(String name) {
    return switch (name) {
      case "sentiment" -> tasks.sentiment();
      case "strategy" -> tasks.strategy();
      case "positioning" -> tasks.positioning();
      case "synthesis" -> tasks.synthesis();
      default -> throw new IllegalArgumentException("no Bedrock task '" + name + "'");
    };
  }

  /** The property a person edits to change a task's model, for messages that say what to fix. */
  public static String modelIdProperty(String task) {
    if (task.equals(CHEAPER)) {
      return PREFIX + ".cheaper-model-id";
    }
    if (task.startsWith(Fallback.NAME + ".")) {
      // "fallback.strategy[1]": a fallback model, named by its own property
      return PREFIX + "." + task;
    }
    return PREFIX + ".tasks." + task + ".model-id";
  }

  /**
   * True for an inference profile: an id with a geography prefix ("us.", "eu.", "apac.", "global."...) or an
   * inference-profile ARN; false for a plain foundation model id.
   */
  public static boolean isInferenceProfile(String modelId) {
    if (modelId.startsWith("arn:")) {
      return PROFILE_ARN.matcher(modelId).matches();
    }
    int dot = modelId.indexOf('.');
    return dot > 0 && GEOGRAPHIES.contains(modelId.substring(0, dot)) && modelId.indexOf('.', dot + 1) > 0;
  }

  /** The longest timeout of any task: the clients' default, each call sets its own. */
  public Duration longestTimeout() {
    Duration longest = Duration.ZERO;
    for (TaskSettings t : tasks.all()) {
      if (t.timeout().compareTo(longest) > 0) {
        longest = t.timeout();
      }
    }
    return longest;
  }

  /**
   * Per-task settings; a task left out, or a field left out, takes the default of that task.
   */
  public record Tasks(TaskSettings sentiment, TaskSettings strategy, TaskSettings positioning, TaskSettings synthesis) {

    public Tasks {
      sentiment = TaskSettings.merge(sentiment, new TaskSettings(SMALL_MODEL, 1500, 0.0, Duration.ofSeconds(60),
          "sentiment.v1"));
      strategy = TaskSettings.merge(strategy, new TaskSettings(LARGE_MODEL, 3000, 0.2, Duration.ofSeconds(120),
          "strategy.v1"));
      positioning = TaskSettings.merge(positioning, new TaskSettings(LARGE_MODEL, 3000, 0.2, Duration.ofSeconds(120),
          "positioning.v1"));
      synthesis = TaskSettings.merge(synthesis, new TaskSettings(LARGE_MODEL, 4000, 0.3, Duration.ofSeconds(300),
          "synthesis.v2"));
    }

    public List<TaskSettings> all() {
      return List.of(sentiment, strategy, positioning, synthesis);
    }
  }

  /**
   * @param modelId a foundation model id ("amazon.nova-lite-v1:0"), an inference profile id ("us.anthropic...")
   *     or an inference profile ARN
   * @param maxTokens the most output tokens one call may produce
   * @param temperature sampling temperature, 0 to 1
   * @param timeout the whole call, from sending to the last byte (the SDK's API call timeout)
   * @param prompt the prompt resource, {@code prompts/<prompt>.md}: task name and version, e.g. "strategy.v1"
   */
  public record TaskSettings(String modelId, Integer maxTokens, Double temperature, Duration timeout, String prompt) {

    static TaskSettings merge(TaskSettings given, TaskSettings defaults) {
      if (given == null) {
        return defaults;
      }
      TaskSettings merged = new TaskSettings(
          blank(given.modelId) ? defaults.modelId : given.modelId.trim(),
          given.maxTokens == null ? defaults.maxTokens : given.maxTokens,
          given.temperature == null ? defaults.temperature : given.temperature,
          given.timeout == null ? defaults.timeout : given.timeout,
          blank(given.prompt) ? defaults.prompt : given.prompt.trim());
      merged.check(defaults.prompt.substring(0, defaults.prompt.indexOf('.')));
      return merged;
    }

    public TaskSettings withModelId(String id) {
      return new TaskSettings(id, maxTokens, temperature, timeout, prompt);
    }

    public TaskSettings withTimeout(Duration t) {
      return new TaskSettings(modelId, maxTokens, temperature, t, prompt);
    }

    private void check(String task) {
      String at = PREFIX + ".tasks." + task;
      if (maxTokens < 1) {
        throw new IllegalArgumentException(at + ".max-tokens must be positive, was " + maxTokens);
      }
      if (temperature < 0 || temperature > 1) {
        throw new IllegalArgumentException(at + ".temperature must be between 0 and 1, was " + temperature);
      }
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException(at + ".timeout must be positive, was " + timeout);
      }
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }
  }

  /**
   * What each task falls back to ({@code rivalwatch.bedrock.fallback.*}). A task's chain is its own model, then its
   * fallback models in this order, then, when {@code offline} is true, the offline analyser (for the executive
   * summary: an extractive summary of the verified findings). A task moves down when its model's circuit breaker is
   * open, when it is throttled for longer than {@code throttlingWait}, on an error named in {@code unavailableErrors},
   * or when its answer fails the checks after its repair attempt; every call starts again at the task's own model.
   *
   * @param sentiment fallback model or inference profile ids of the sentiment analysis, tried in order
   * @param throttlingWait how long a model may keep throttling (or a Retry-After ask for) before the task moves
   *     down instead of retrying later; 0 moves down at the first throttling
   * @param unavailableErrors Bedrock error codes that say the model cannot answer now, so the task moves down at
   *     once
   * @param offline whether the offline analyser is the chain's last link
   */
  public record Fallback(List<String> sentiment, List<String> strategy, List<String> positioning,
      List<String> synthesis, Duration throttlingWait, List<String> unavailableErrors, Boolean offline) {

    static final String NAME = "fallback";
    public static final Duration DEFAULT_THROTTLING_WAIT = Duration.ofSeconds(10);
    public static final List<String> DEFAULT_UNAVAILABLE_ERRORS =
        List.of("ResourceNotFoundException", "ModelNotReadyException", "ServiceUnavailableException");

    public Fallback {
      sentiment = ids("sentiment", sentiment);
      strategy = ids("strategy", strategy);
      positioning = ids("positioning", positioning);
      synthesis = ids("synthesis", synthesis);
      throttlingWait = throttlingWait == null ? DEFAULT_THROTTLING_WAIT : throttlingWait;
      if (throttlingWait.isNegative()) {
        throw new IllegalArgumentException(PREFIX + "." + NAME + ".throttling-wait must not be negative, was "
            + throttlingWait + ". Fix: e.g. PT60S, or PT0S to move down at the first throttling");
      }
      unavailableErrors = unavailableErrors == null ? DEFAULT_UNAVAILABLE_ERRORS
          : unavailableErrors.stream().map(String::strip).toList();
      for (int i = 0; i < unavailableErrors.size(); i++) {
        if (unavailableErrors.get(i).isEmpty()) {
          throw new IllegalArgumentException(PREFIX + "." + NAME + ".unavailable-errors[" + i + "] is blank. Fix: "
              + "name a Bedrock error code such as ServiceUnavailableException, or remove the entry");
        }
      }
      offline = offline == null || offline;
    }

    /** No fallback models; the offline analyser last. */
    public static Fallback none() {
      return new Fallback(null, null, null, null, null, null, null);
    }

    /** The fallback models of one task, in order. */
    public List<String> models(String task) {
      return switch (task) {
        case "sentiment" -> sentiment;
        case "strategy" -> strategy;
        case "positioning" -> positioning;
        case "synthesis" -> synthesis;
        default -> throw new IllegalArgumentException("no Bedrock task '" + task + "'");
      };
    }

    /** The property of one fallback model, e.g. "fallback.strategy[1]", for messages (see modelIdProperty). */
    static String property(String task, int index) {
      return NAME + "." + task + "[" + index + "]";
    }

    // the task's own model may be listed (a profile's chain outlives a changed model-id): the walk skips it
    private void check(String task) {
      List<String> models = models(task);
      for (int i = 0; i < models.size(); i++) {
        if (models.indexOf(models.get(i)) < i) {
          throw new IllegalArgumentException(PREFIX + "." + property(task, i) + " repeats " + models.get(i)
              + ". Fix: name each fallback model once");
        }
      }
    }

    private static List<String> ids(String task, List<String> given) {
      if (given == null) {
        return List.of();
      }
      for (int i = 0; i < given.size(); i++) {
        if (given.get(i) == null || given.get(i).isBlank()) {
          throw new IllegalArgumentException(PREFIX + "." + property(task, i) + " is blank. Fix: give a model id or"
              + " an inference profile id, or remove the entry");
        }
      }
      return given.stream().map(String::strip).toList();
    }
  }
}
