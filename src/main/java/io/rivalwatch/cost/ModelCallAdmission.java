package io.rivalwatch.cost;

/**
 * The port a model adapter asks before it sends a call: may this call be made within the run's budget? The adapter
 * knows the exact prompt and the most output tokens at the moment of sending, so it asks then; the answer (and the
 * policy behind it) is the budget's, never the adapter's. {@link RunBudget} implements it.
 */
@FunctionalInterface
public interface ModelCallAdmission {

  /** Admits every call: for adapters used outside a run's budget (tools, tests). */
  ModelCallAdmission UNLIMITED = (runId, task, modelId, inputCharacters, maxOutputTokens) -> Admission.NONE;

  /**
   * Admits one model call, or refuses it; the caller closes the admission once the call is recorded or has failed.
   *
   * @param inputCharacters the characters of the system prompt and every message
   * @param maxOutputTokens the most output tokens the call may produce
   * @throws BudgetSpentException when the call is not to be made
   */
  Admission admit(String runId, String task, String modelId, long inputCharacters, int maxOutputTokens);

  /** An admitted model call; closing it releases its estimate once the call is recorded or has failed. */
  @FunctionalInterface
  interface Admission extends AutoCloseable {
    Admission NONE = () -> { };

    @Override
    void close();
  }
}
