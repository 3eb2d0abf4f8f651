package io.rivalwatch.cost;

import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;

/**
 * One call to a language model, as billed: recorded for every call, including retries, because each was paid.
 *
 * @param runId the run it was made for
 * @param phase "analysis" or "synthesis"
 * @param task the task, e.g. "sentiment", "strategy", "positioning", "synthesis"
 * @param competitorId the competitor, or null for run-wide tasks
 * @param modelId the model (or inference profile) id
 * @param cacheReadTokens prompt-cache reads where the service reports them, else 0
 * @param cacheWriteTokens prompt-cache writes where the service reports them, else 0
 * @param estimated true when the service reported no usage (a stream cut off, a truncated answer): the tokens are
 *     estimated from characters, 4 to a token (the prompt's for input, the answer's received part for output)
 */
public record ModelCall(
    String runId,
    String phase,
    String task,
    String competitorId,
    String modelId,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    long latencyMs,
    Instant calledAt,
    boolean estimated) {
  static final ArtefactFormat<ModelCall> FORMAT = ArtefactFormat.of("model-call", ModelCall.class);

  /** A call whose usage the service reported. */
  public ModelCall(String runId, String phase, String task, String competitorId, String modelId, long inputTokens,
      long outputTokens, long cacheReadTokens, long cacheWriteTokens, long latencyMs, Instant calledAt) {
    this(runId, phase, task, competitorId, modelId, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
        latencyMs, calledAt, false);
  }

  /** Tokens of {@code characters} characters when the service did not say: 4 characters to a token, rounded up. */
  public static long estimateTokens(long characters) {
    return (Math.max(0, characters) + 3) / 4;
  }
}
