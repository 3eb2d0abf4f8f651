package io.rivalwatch.schedule;

import io.rivalwatch.workflow.ProcessVariables;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one dispatch of a due watch list did.
 *
 * @param runProcessInstanceKey the run started, or the run that was in the way (skipped, waiting); null otherwise
 * @param note what happened, in words, for Operate and the log
 */
public record Dispatch(String watchList, Outcome outcome, Long runProcessInstanceKey, String note) {

  public enum Outcome {
    /** The list's run was started. */
    STARTED,
    /** The list's previous run had not ended and the list skips on overlap: the slot is left out. */
    SKIPPED,
    /** The list's previous run had not ended and the list waits on overlap: a later tick starts it. */
    WAITING,
    /** Another tick or instance dispatched the slot, it is no longer due, or the previous start is unrecorded. */
    ALREADY_DISPATCHED,
    /** The list has no schedule any more. */
    NOT_SCHEDULED;

    /** The value of {@code dispatchOutcome}, which the model's gateway tests. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The job's result variables. */
  public Map<String, Object> variables() {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(ProcessVariables.DISPATCH_OUTCOME, outcome.id());
    variables.put(ProcessVariables.DISPATCH_NOTE, note);
    if (runProcessInstanceKey != null) {
      variables.put(ProcessVariables.RUN_PROCESS_INSTANCE_KEY, runProcessInstanceKey);
    }
    return variables;
  }
}
