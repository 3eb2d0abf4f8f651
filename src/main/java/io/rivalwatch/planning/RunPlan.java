package io.rivalwatch.planning;

import java.util.List;

/** What planning hands to the process: the run's id and the competitors to research, in configuration order. */
public record RunPlan(String runId, List<String> competitorIds) {}
