package io.rivalwatch.adapters.bedrock;

/**
 * What one model call is for, so its usage is accounted to the right run, phase, task and competitor.
 *
 * @param runId the run, or null outside a run (then usage is logged, not recorded)
 * @param phase "analysis" or "synthesis"
 * @param task "sentiment", "strategy", "positioning" or "synthesis"; also names the settings used
 * @param competitorId the competitor, or null for run-wide tasks
 */
public record CallContext(String runId, String phase, String task, String competitorId) {}
