package io.rivalwatch.api;

import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfigurationLoader;
import io.rivalwatch.planning.RunLimits;
import io.rivalwatch.planning.RunSettings;
import io.rivalwatch.planning.WatchLists;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/runs}, checked before anything is started, read or stored: a request picks a watch
 * list by name, the refresh mode, a lower budget and a run id; nothing else (no URL, no path, no configuration).
 *
 * @param variables the start variables it asks for (only the fields above, each valid)
 * @param problems what is wrong with it, each naming the field and the fix; empty when it can start a run
 */
record RunStartRequest(Map<String, Object> variables, List<String> problems) {

  static final Set<String> FIELDS = Set.of(WatchLists.VARIABLE, "refresh", "budgetUsd", "runId");

  static RunStartRequest read(Map<String, Object> body, RunConfigurationLoader watchLists, RunLimits limits) {
    Map<String, Object> variables = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    if (body == null) {
      return new RunStartRequest(variables, problems);
    }
    for (String field : body.keySet()) {
      if (WatchLists.LEGACY_LOCATION_VARIABLE.equals(field)) {
        problems.add(field + ": a run's configuration cannot be given by location (URL, path or resource); nothing "
            + "was read from it. Fix: send {\"" + WatchLists.VARIABLE + "\": \"<name>\"} to run the watch list "
            + "<name>.yaml from the server's directory (rivalwatch.planning.watch-lists), or leave it out for the "
            + "default watch list");
      } else if (!FIELDS.contains(field)) {
        problems.add("'" + shortField(field) + "': not a field of a run request. Fix: send only "
            + String.join(", ", FIELDS.stream().sorted().toList()) + " (all optional)");
      }
    }
    String watchList = text(body, WatchLists.VARIABLE, problems);
    if (watchList != null) {
      WatchLists.problem(WatchLists.VARIABLE, watchList).ifPresentOrElse(problems::add, () -> {
        if (!watchLists.exists(watchList)) {
          problems.add(WatchLists.VARIABLE + ": there is no watch list '" + watchList + "' on the server. Fix: name "
              + "one of the files <name>.yaml in the directory set by rivalwatch.planning.watch-lists, or leave it "
              + "out for the default watch list");
        } else {
          variables.put(WatchLists.VARIABLE, watchList);
        }
      });
    }
    String refresh = text(body, "refresh", problems);
    if (refresh != null) {
      if (RunSettings.fullRefresh(refresh) == null) {
        problems.add("refresh: '" + shortField(refresh) + "' is not a refresh mode. " + RunSettings.refreshFix());
      } else {
        variables.put("refresh", refresh);
      }
    }
    String runId = text(body, "runId", problems);
    if (runId != null) {
      PlanningService.runIdProblem(runId).ifPresentOrElse(problems::add, () -> variables.put("runId", runId));
    }
    Object budget = body.get("budgetUsd");
    if (budget != null) {
      if (!(budget instanceof Number number)) {
        problems.add("budgetUsd: not a number. Fix: send an amount of US dollars as a JSON number, e.g. 2.5");
      } else {
        limits.budgetProblem("budgetUsd", number.doubleValue()).ifPresentOrElse(problems::add,
            () -> variables.put("budgetUsd", number.doubleValue()));
      }
    }
    return new RunStartRequest(variables, problems);
  }

  /** A text field, or null when absent or blank; a problem when it is not text. */
  private static String text(Map<String, Object> body, String field, List<String> problems) {
    Object value = body.get(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      problems.add(field + ": not text. Fix: send it as a JSON string");
      return null;
    }
    return text.isBlank() ? null : text.strip();
  }

  private static String shortField(String text) {
    String oneLine = text.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
  }
}
