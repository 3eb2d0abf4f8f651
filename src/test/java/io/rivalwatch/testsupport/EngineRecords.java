package io.rivalwatch.testsupport;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/** Reads engine state from the embedded engine's record stream: what tests wait on and assert. */
public final class EngineRecords {

  private final java.util.function.Supplier<ZeebeTestEngine> engine;

  /** Reads whichever engine runs when it is asked (process tests restart it per application context). */
  public EngineRecords(java.util.function.Supplier<ZeebeTestEngine> engine) {
    this.engine = engine;
  }

  private RecordStream stream() {
    return RecordStream.of(snapshot(engine.get()));
  }

  /**
   * The engine's records so far, copied. The embedded engine appends to the list it hands out while it runs, so
   * reading it in place can fail with a ConcurrentModificationException; a copy that hit one is simply taken again.
   */
  public static io.camunda.zeebe.process.test.api.RecordStreamSource snapshot(ZeebeTestEngine engine) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<Record<?>> copy = new ArrayList<>();
        engine.getRecordStreamSource().getRecords().forEach(copy::add);
        return () -> copy;
      } catch (java.util.ConcurrentModificationException busy) {
        if (attempt == 10) {
          throw busy;
        }
      }
    }
  }

  private List<Record<ProcessInstanceRecordValue>> processRecords() {
    List<Record<ProcessInstanceRecordValue>> all = new ArrayList<>();
    stream().processInstanceRecords().forEach(all::add);
    return all;
  }

  /** The instance and every instance it called, transitively. */
  public Set<Long> instanceTree(long rootKey) {
    Set<Long> keys = new HashSet<>();
    keys.add(rootKey);
    boolean grew = true;
    List<Record<ProcessInstanceRecordValue>> records = processRecords();
    while (grew) {
      grew = false;
      for (var r : records) {
        if (keys.contains(r.getValue().getParentProcessInstanceKey()) && keys.add(r.getValue().getProcessInstanceKey())) {
          grew = true;
        }
      }
    }
    return keys;
  }

  public boolean hasEnded(long processInstanceKey) {
    return processRecords().stream().anyMatch(r ->
        r.getKey() == processInstanceKey
            && r.getValue().getBpmnElementType() == BpmnElementType.PROCESS
            && (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED));
  }

  /** Element ids completed in the instance and in the instances it called, in order. */
  public List<String> completedElements(long rootKey) {
    Set<Long> tree = instanceTree(rootKey);
    return processRecords().stream()
        .filter(r -> tree.contains(r.getValue().getProcessInstanceKey()))
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .map(r -> r.getValue().getElementId())
        .toList();
  }

  /** Element ids activated (entered) in the instance and the instances it called. */
  public List<String> activatedElements(long rootKey) {
    Set<Long> tree = instanceTree(rootKey);
    return processRecords().stream()
        .filter(r -> tree.contains(r.getValue().getProcessInstanceKey()))
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .map(r -> r.getValue().getElementId())
        .toList();
  }

  public long countActivated(long rootKey, String elementId) {
    return activatedElements(rootKey).stream().filter(elementId::equals).count();
  }

  /** Keys of the process instances whose start event with this id completed. */
  public List<Long> processInstancesStartedBy(String startEventId) {
    return processRecords().stream()
        .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .filter(r -> r.getValue().getBpmnElementType() == BpmnElementType.START_EVENT)
        .filter(r -> r.getValue().getElementId().equals(startEventId))
        .filter(r -> r.getValue().getParentProcessInstanceKey() < 0)
        .map(r -> r.getValue().getProcessInstanceKey())
        .distinct()
        .toList();
  }

  /** The current value (JSON) of every variable in the instance's root scope. */
  public Map<String, String> rootVariables(long processInstanceKey) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Record<VariableRecordValue> r : stream().variableRecords()) {
      if (r.getValue().getScopeKey() == processInstanceKey) {
        values.put(r.getValue().getName(), r.getValue().getValue());
      }
    }
    return values;
  }

  /** Every value (JSON) any variable of the instance or the instances it called ever had. */
  public List<String> variableValuesInTree(long rootKey) {
    Set<Long> tree = instanceTree(rootKey);
    List<String> values = new java.util.ArrayList<>();
    for (Record<VariableRecordValue> r : stream().variableRecords()) {
      if (tree.contains(r.getValue().getProcessInstanceKey())) {
        values.add(r.getValue().getName() + "=" + r.getValue().getValue());
      }
    }
    return values;
  }

  /**
   * Bytes of all variables held by one process instance (every scope in it, latest value of each), as the engine
   * stores them: name plus JSON value.
   */
  public int variableBytes(long processInstanceKey) {
    Map<String, String> latest = new LinkedHashMap<>();
    for (Record<VariableRecordValue> r : stream().variableRecords()) {
      if (r.getValue().getProcessInstanceKey() == processInstanceKey) {
        latest.put(r.getValue().getScopeKey() + "/" + r.getValue().getName(),
            r.getValue().getName() + r.getValue().getValue());
      }
    }
    return latest.values().stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
  }

  /** Where a run stands, for a failing test's message: elements active now, open jobs, incidents. */
  public String describe(long rootKey) {
    Set<Long> tree = instanceTree(rootKey);
    Map<Long, String> active = new LinkedHashMap<>();
    for (var r : processRecords()) {
      if (!tree.contains(r.getValue().getProcessInstanceKey())) {
        continue;
      }
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
        active.put(r.getKey(), r.getValue().getElementId());
      } else if (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
        active.remove(r.getKey());
      }
    }
    Map<Long, String> jobs = new LinkedHashMap<>();
    Map<Long, List<String>> histories = new LinkedHashMap<>();
    for (var r : stream().jobRecords()) {
      if (tree.contains(r.getValue().getProcessInstanceKey())) {
        jobs.put(r.getKey(), r.getValue().getElementId() + " " + r.getIntent() + " (retries "
            + r.getValue().getRetries() + ", worker '" + r.getValue().getWorker() + "')");
        histories.computeIfAbsent(r.getKey(), k -> new java.util.ArrayList<>())
            .add(r.getIntent() + (r.getRecordType() == io.camunda.zeebe.protocol.record.RecordType.EVENT ? ""
                : " " + r.getRecordType() + (r.getRejectionReason().isEmpty() ? "" : " '" + r.getRejectionReason() + "'")));
      }
    }
    // the whole history of each job that did not complete: which command the engine last took or refused
    histories.forEach((key, history) -> {
      if (!jobs.get(key).contains(" COMPLETED ")) {
        jobs.put(key, jobs.get(key) + " history " + history);
      }
    });
    return "active elements " + active.values() + ", jobs by last state " + jobs.values() + ", incidents "
        + incidents(rootKey);
  }

  /** A job's record: what happened to the job (its intent) and which worker held it. */
  public record JobEvent(long position, long jobKey, String elementId, String intent, String worker) {}

  /** Every job record of the instance tree, in the order the engine wrote them. */
  public List<JobEvent> jobEvents(long rootKey) {
    Set<Long> tree = instanceTree(rootKey);
    return StreamSupport.stream(stream().jobRecords().spliterator(), false)
        .filter(r -> tree.contains(r.getValue().getProcessInstanceKey()))
        .map(r -> new JobEvent(r.getPosition(), r.getKey(), r.getValue().getElementId(), r.getIntent().name(),
            r.getValue().getWorker()))
        .toList();
  }

  /**
   * The job retries spent in the instance tree: for each job, its retries when created less the fewest it was left
   * with since (a job failed with the same retries, as one waiting out an outage is, spends none).
   */
  public int retriesSpent(long rootKey) {
    Set<Long> tree = instanceTree(rootKey);
    Map<Long, int[]> firstAndFewest = new LinkedHashMap<>();
    for (var r : stream().jobRecords()) {
      if (!tree.contains(r.getValue().getProcessInstanceKey()) || r.getRecordType() != RecordType.EVENT) {
        continue;
      }
      int retries = r.getValue().getRetries();
      firstAndFewest.merge(r.getKey(), new int[] {retries, retries},
          (known, next) -> new int[] {known[0], Math.min(known[1], next[1])});
    }
    return firstAndFewest.values().stream().mapToInt(v -> v[0] - v[1]).sum();
  }

  /** An incident: its key, the job it stopped, and its message as Operate shows it. */
  public record Incident(long key, long jobKey, String elementId, String message) {}

  /** Incidents in the instance tree that are not resolved. */
  public List<Incident> openIncidents(long rootKey) {
    Set<Long> tree = instanceTree(rootKey);
    Map<Long, Incident> open = new LinkedHashMap<>();
    for (var r : stream().incidentRecords()) {
      if (!tree.contains(r.getValue().getProcessInstanceKey())) {
        continue;
      }
      if (r.getIntent() == IncidentIntent.CREATED) {
        open.put(r.getKey(), new Incident(r.getKey(), r.getValue().getJobKey(), r.getValue().getElementId(),
            r.getValue().getErrorMessage()));
      } else if (r.getIntent() == IncidentIntent.RESOLVED) {
        open.remove(r.getKey());
      }
    }
    return List.copyOf(open.values());
  }

  /** Incidents raised (and not necessarily resolved) in the instance tree, as "elementId: message". */
  public List<String> incidents(long rootKey) {
    Set<Long> tree = instanceTree(rootKey);
    return StreamSupport.stream(stream().incidentRecords().spliterator(), false)
        .filter(r -> r.getIntent() == IncidentIntent.CREATED)
        .filter(r -> tree.contains(r.getValue().getProcessInstanceKey()))
        .map(r -> r.getValue().getElementId() + ": " + r.getValue().getErrorMessage())
        .toList();
  }
}
