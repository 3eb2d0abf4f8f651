package io.rivalwatch.adapters.bedrock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.adapters.bedrock.PromptLibrary.Prompt;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.planning.RunPinning;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Freezes a run's Bedrock models, fallback chains and prompt texts when it is planned ({@link RunPinning}) and
 * hands them to each of its model calls, so a restart with other settings mid-run changes nothing for that run. A
 * run planned before pinning existed is pinned at its first model call, from the settings of that moment. Calls
 * outside a run use today's settings.
 */
public final class BedrockRunPins implements RunPinning {

  /** Runs whose pins are kept parsed; far more than run at once. */
  private static final int RUNS_KEPT = 64;

  private final BedrockProperties properties;
  private final PromptLibrary prompts;
  private final ArtefactJson artefacts;
  private final Clock clock;
  private final Cache<String, PinnedRun> pinned = Caffeine.newBuilder().maximumSize(RUNS_KEPT).build();

  /**
   * @param artefacts where the pins are kept; null for no pinning (every call uses today's settings: tools, tests)
   */
  public BedrockRunPins(BedrockProperties properties, PromptLibrary prompts, ArtefactJson artefacts, Clock clock) {
    this.properties = properties;
    this.prompts = prompts;
    this.artefacts = artefacts;
    this.clock = clock;
  }

  /** No pinning: every call uses these settings. */
  static BedrockRunPins unpinned(BedrockProperties properties, PromptLibrary prompts) {
    return new BedrockRunPins(properties, prompts, null, Clock.systemUTC());
  }

  BedrockProperties properties() {
    return properties;
  }

  @Override
  public void pin(String runId, RunOrigin origin) {
    if (artefacts != null) {
      pinned.put(runId, artefacts.createOrRead(ArtefactKeys.pinnedModels(runId), current(runId, origin),
          PinnedRun.class));
    }
  }

  /** What the run's calls use: its pins (made now from today's settings if it has none yet), or today's settings. */
  PinnedRun of(String runId) {
    if (artefacts == null || runId == null) {
      return current(runId, new RunOrigin(null, null));
    }
    return pinned.get(runId, id -> artefacts.read(ArtefactKeys.pinnedModels(id), PinnedRun.class)
        .orElseGet(() -> artefacts.createOrRead(ArtefactKeys.pinnedModels(id), current(id, new RunOrigin(null, null)),
            PinnedRun.class)));
  }

  /** Today's settings and prompt texts, in the form they are pinned in. */
  private PinnedRun current(String runId, RunOrigin origin) {
    Map<String, PinnedRun.Task> tasks = new LinkedHashMap<>();
    Map<String, PinnedRun.PinnedPrompt> texts = new LinkedHashMap<>();
    for (String name : BedrockProperties.TASK_NAMES) {
      BedrockProperties.TaskSettings t = properties.task(name);
      tasks.put(name, new PinnedRun.Task(t.modelId(), t.maxTokens(), t.temperature(), t.prompt(),
          properties.fallback().models(name)));
      Prompt prompt = prompts.get(t.prompt());
      texts.put(prompt.id(), new PinnedRun.PinnedPrompt(prompt.digest(), new java.util.TreeMap<>(prompt.sections())));
    }
    return new PinnedRun(runId, clock.instant(), origin.watchList(), origin.startedBy(), properties.cheaperModelId(),
        properties.fallback().offline(), tasks, texts);
  }
}
