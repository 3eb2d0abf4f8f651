package io.rivalwatch.progress;

/**
 * Items of one phase of a run.
 *
 * @param completed jobs of this phase that finished (completed, or took a modelled error path)
 * @param pending jobs the plan still expects in this phase as far as known now (grows with extra research rounds,
 *     report revisions and review rounds; shrinks when a competitor is skipped)
 * @param failedAttempts job attempts that failed (each is retried by the engine or becomes an incident)
 */
public record PhaseProgress(int completed, int pending, int failedAttempts) {}
