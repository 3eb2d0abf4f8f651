package io.rivalwatch.progress;

/** A run's model cost so far, in USD; null when it cannot be read now. */
@FunctionalInterface
public interface CostSoFar {
  Double costUsd(String runId);
}
