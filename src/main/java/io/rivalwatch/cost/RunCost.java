package io.rivalwatch.cost;

import java.util.List;

/**
 * Tokens and money a run spent on models, in total and per model and phase.
 *
 * @param lines one per (phase, model), sorted
 * @param unpricedModels models used that have no entry in the price table
 * @param estimatedCalls calls whose tokens are estimated because the service reported none ({@link ModelCall#estimated})
 */
public record RunCost(
    long calls, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, double costUsd,
    List<Line> lines, List<String> unpricedModels, long estimatedCalls) {

  public RunCost(long calls, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
      double costUsd, List<Line> lines, List<String> unpricedModels) {
    this(calls, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costUsd, lines, unpricedModels, 0);
  }

  /** Usage of one model in one phase. */
  public record Line(
      String phase, String modelId, long calls, long inputTokens, long outputTokens, long cacheReadTokens,
      long cacheWriteTokens, double costUsd) {}

  public static RunCost none() {
    return new RunCost(0, 0, 0, 0, 0, 0, List.of(), List.of());
  }
}
