package io.rivalwatch.schedule;

import io.rivalwatch.workflow.ProcessVariables;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The watch lists due at one tick, and those whose schedule cannot be read.
 *
 * @param note why nothing can be due (schedules off), or null
 */
public record DueWatchLists(List<Due> due, List<Problem> problems, String note) {

  /** One watch list due: its latest due slot, and how many slots were due. */
  public record Due(String watchList, Instant slot, int slots) {

    Map<String, Object> variables() {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put(ProcessVariables.WATCH_LIST, watchList);
      variables.put(ProcessVariables.SLOT, slot.toString());
      variables.put(ProcessVariables.SLOTS, slots);
      return variables;
    }
  }

  /** A watch list whose schedule cannot be read: the problems name the field and the fix. */
  public record Problem(String watchList, String problem) {}

  /** The job's result variables: small (a name, a time and a count per due list). */
  public Map<String, Object> variables() {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(ProcessVariables.DUE_WATCH_LISTS, due.stream().map(Due::variables).toList());
    variables.put(ProcessVariables.SCHEDULE_PROBLEMS,
        problems.stream().map(p -> p.watchList() + ": " + p.problem()).toList());
    if (note != null) {
      variables.put(ProcessVariables.DISPATCH_NOTE, note);
    }
    return variables;
  }
}
