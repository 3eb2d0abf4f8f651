package io.rivalwatch.cost;

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
    Instant calledAt) {}
