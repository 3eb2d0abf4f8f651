package io.rivalwatch.localrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Prints a run's progress in the terminal from the embedded engine's record stream: each finished job with its
 * phase, competitor and outcome, each incident, and where the run ends.
 */
final class ProgressPrinter {

  private final ZeebeTestEngine engine;
  private final long rootKey;
  private final PrintStream out;
  private final Instant started = Instant.now();
  private final ObjectMapper json = new ObjectMapper();
  private final Set<Long> tree = new HashSet<>();
  private final Map<Long, String> competitorOfInstance = new HashMap<>();
  private long seen = -1;
  private boolean ended;
  private boolean incident;

  ProgressPrinter(ZeebeTestEngine engine, long rootKey, PrintStream out) {
    this.engine = engine;
    this.rootKey = rootKey;
    this.out = out;
    tree.add(rootKey);
  }

  boolean ended() {
    return ended;
  }

  /** True once an incident stopped part of the run: on a real cluster an operator would fix it in Operate. */
  boolean incident() {
    return incident;
  }

  /** Prints what happened since the last call. */
  @SuppressWarnings("unchecked")
  void printNew() {
    for (Record<?> record : RecordStream.of(engine.getRecordStreamSource()).records()) {
      if (record.getPosition() <= seen) {
        continue;
      }
      seen = record.getPosition();
      switch (record.getValueType()) {
        case PROCESS_INSTANCE -> processInstance((Record<ProcessInstanceRecordValue>) record);
        case VARIABLE -> variable((Record<VariableRecordValue>) record);
        case JOB -> job((Record<JobRecordValue>) record);
        case INCIDENT -> incident((Record<IncidentRecordValue>) record);
        default -> { }
      }
    }
  }

  private void processInstance(Record<ProcessInstanceRecordValue> record) {
    var value = record.getValue();
    if (tree.contains(value.getParentProcessInstanceKey())) {
      tree.add(value.getProcessInstanceKey());
    }
    if (!tree.contains(value.getProcessInstanceKey()) || record.getIntent() != ProcessInstanceIntent.ELEMENT_COMPLETED) {
      return;
    }
    if (value.getBpmnElementType() == BpmnElementType.END_EVENT) {
      String who = competitorOfInstance.get(value.getProcessInstanceKey());
      line(who == null ? "run" : "research", who, "reached end event " + value.getElementId());
    }
    if (value.getBpmnElementType() == BpmnElementType.PROCESS && record.getKey() == rootKey) {
      ended = true;
    }
  }

  private void variable(Record<VariableRecordValue> record) {
    var value = record.getValue();
    if ("competitorId".equals(value.getName()) && value.getScopeKey() == value.getProcessInstanceKey()) {
      competitorOfInstance.put(value.getProcessInstanceKey(), value.getValue().replace("\"", ""));
    }
  }

  private void job(Record<JobRecordValue> record) {
    var value = record.getValue();
    if (!tree.contains(value.getProcessInstanceKey())) {
      return;
    }
    String who = competitorOfInstance.get(value.getProcessInstanceKey());
    if (record.getIntent() == JobIntent.COMPLETED) {
      line(phase(value.getType()), who, value.getElementId() + " done" + outcome(value.getVariables()));
    } else if (record.getIntent() == JobIntent.FAILED) {
      line(phase(value.getType()), who, value.getElementId() + " failed, " + value.getRetries()
          + " retries left: " + value.getErrorMessage());
    } else if (record.getIntent() == JobIntent.ERROR_THROWN) {
      line(phase(value.getType()), who, value.getElementId() + " raised " + value.getErrorCode() + ": "
          + value.getErrorMessage());
    }
  }

  private void incident(Record<IncidentRecordValue> record) {
    if (record.getIntent() == IncidentIntent.CREATED && tree.contains(record.getValue().getProcessInstanceKey())) {
      incident = true;
      line("INCIDENT", null, record.getValue().getElementId() + ": " + record.getValue().getErrorMessage());
    }
  }

  private String outcome(Map<String, Object> variables) {
    for (String name : new String[] {"websiteStatus", "newsStatus", "socialStatus", "marketStatus",
        "researchNote", "sentimentStatus", "strategyStatus", "positioningStatus", "competitorIds", "reportRef",
        "qualityDecision", "reviewDecision", "emailDelivery", "slackDelivery", "dashboardDelivery", "runOutcome",
        "operatorsNotified"}) {
      if (variables.containsKey(name)) {
        try {
          return ": " + json.writeValueAsString(variables.get(name)).replace("\"", "");
        } catch (Exception e) {
          return "";
        }
      }
    }
    return "";
  }

  private static String phase(String jobType) {
    if (jobType.contains("plan")) {
      return "planning";
    }
    if (jobType.contains("gather") || jobType.contains("sufficiency")) {
      return "research";
    }
    if (jobType.contains("analyse")) {
      return "analysis";
    }
    if (jobType.contains("report")) {
      return "synthesis";
    }
    if (jobType.contains("userTask")) {
      return "review";
    }
    if (jobType.contains("deliver") || jobType.contains("dashboard")) {
      return "distribution";
    }
    return "outcome";
  }

  private void line(String phase, String competitor, String text) {
    long seconds = Duration.between(started, Instant.now()).toSeconds();
    out.printf("[%3ds] %-12s %-9s %s%n", seconds, phase, competitor == null ? "" : competitor, text);
  }
}
