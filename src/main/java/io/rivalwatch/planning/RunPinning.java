package io.rivalwatch.planning;

/**
 * What a model provider freezes for a run when it is planned: the models (with each task's fallback chain) and the
 * prompt texts its calls will use, so a restart with other settings in the middle of the run does not mix two
 * prompts or two models in one report. Implemented by the model adapters; with none (the offline analyser) nothing
 * is frozen. Writing is first-wins: a retried Plan run keeps what the first attempt froze. See docs/runbook.md for
 * moving a run to new prompts or models on purpose.
 */
public interface RunPinning {

  /**
   * Freezes what the run's model calls use, once.
   *
   * @param origin the run's watch list and who started it, kept with the pins for the model-call audit
   */
  void pin(String runId, RunOrigin origin);

  /**
   * @param watchList the watch list the run was planned from
   * @param startedBy who started it, as the audit trail names them ({@link RunStartAudit#actor})
   */
  record RunOrigin(String watchList, String startedBy) {}
}
