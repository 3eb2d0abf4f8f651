package io.rivalwatch.planning;

import java.util.List;

/**
 * What planning hands to the process: the run's id, the competitors to research in configuration order, and the
 * review's timing.
 */
public record RunPlan(String runId, List<String> competitorIds, ReviewTiming review) {}
