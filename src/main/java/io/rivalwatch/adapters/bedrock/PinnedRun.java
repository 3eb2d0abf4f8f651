package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.adapters.bedrock.PromptLibrary.Prompt;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run's model calls use, frozen when the run is planned ({@code <run>/planning/_run/pinned-models.json}):
 * per task its model, answer settings, prompt and fallback chain; the cheaper model of the budget; whether the
 * offline analyser is the chains' last link; and the text of every prompt with its digest. Timeouts are not pinned:
 * they are the operator's to change during an outage, and do not change what a model is asked.
 *
 * @param watchList the run's watch list (for the model-call audit), or null when pinned at a first call
 * @param startedBy who started the run (for the model-call audit), or null when pinned at a first call
 * @param prompts the prompt texts by prompt id
 */
public record PinnedRun(String runId, Instant pinnedAt, String watchList, String startedBy, String cheaperModelId,
    boolean offlineLink, Map<String, Task> tasks, Map<String, PinnedPrompt> prompts) {
  static final ArtefactFormat<PinnedRun> FORMAT = ArtefactFormat.of("pinned-run", PinnedRun.class);

  /**
   * @param fallbacks the task's fallback models, in order
   */
  public record Task(String modelId, int maxTokens, double temperature, String prompt, List<String> fallbacks) {}

  /** A prompt's sections as they were when the run was planned, and their digest. */
  public record PinnedPrompt(String digest, Map<String, String> sections) {}

  /** The task's settings as pinned, with the timeout of today's settings. */
  TaskSettings task(String name, BedrockProperties current) {
    Task t = tasks.get(name);
    if (t == null) {
      throw new IllegalStateException("run " + runId + " pinned no Bedrock task '" + name + "'");
    }
    return new TaskSettings(t.modelId(), t.maxTokens(), t.temperature(), current.task(name).timeout(), t.prompt());
  }

  List<String> fallbacks(String task) {
    return tasks.get(task).fallbacks();
  }

  /**
   * The prompt as pinned; its text must still have the digest it was pinned with.
   *
   * @throws IllegalStateException when the run pinned no such prompt or its stored text was altered
   */
  Prompt prompt(String id) {
    PinnedPrompt pinned = prompts.get(id);
    if (pinned == null) {
      throw new IllegalStateException("run " + runId + " pinned no prompt '" + id + "'; it pinned " + prompts.keySet());
    }
    Prompt prompt = new Prompt(id, Map.copyOf(pinned.sections()));
    if (!prompt.digest().equals(pinned.digest())) {
      throw new IllegalStateException("the pinned text of prompt " + id + " in run " + runId + " has digest "
          + prompt.digest() + ", not the " + pinned.digest() + " it was pinned with: the stored pins were altered."
          + " Fix: restore " + runId + "/planning/_run/pinned-models.json, or move the run to new prompts on purpose"
          + " (docs/runbook.md)");
    }
    return prompt;
  }
}
