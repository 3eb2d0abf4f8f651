package io.rivalwatch.benchmark;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** One pass over the embedded engine's records: when instances ran, when jobs were created, variable sizes. */
final class EngineLog {

  /** A process instance: its parent (-1 for a run) and when it started and ended (engine time, ms). */
  record Instance(long key, long parentKey, String processId, long startedMillis, long endedMillis) {
    boolean ended() {
      return endedMillis > 0;
    }

    long durationMillis() {
      return endedMillis - startedMillis;
    }
  }

  final Map<Long, Instance> instances = new HashMap<>();
  /** The end event each instance reached. */
  final Map<Long, String> endEvents = new HashMap<>();
  final Map<Long, Long> jobCreatedMillis = new HashMap<>();
  final Map<Long, Long> jobCompletedMillis = new HashMap<>();
  private final Map<Long, Map<String, Integer>> variableBytes = new HashMap<>();
  /** The highest record position read: what the benchmark may release once it has what it needs. */
  long lastPosition = -1;
  /** CPU time of the threads that read the engine's log: the benchmark's own work, not the engine's or the run's. */
  static final java.util.concurrent.atomic.AtomicLong READING_CPU_NANOS = new java.util.concurrent.atomic.AtomicLong();

  static EngineLog read(ZeebeTestEngine engine) {
    long cpuBefore = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    try {
      return readRecords(engine);
    } finally {
      READING_CPU_NANOS.addAndGet(
          java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore);
    }
  }

  private static EngineLog readRecords(ZeebeTestEngine engine) {
    EngineLog log = new EngineLog();
    var records = io.rivalwatch.testsupport.EngineRecords.snapshot(engine);
    for (var r : records.getRecords()) {
      log.lastPosition = Math.max(log.lastPosition, r.getPosition());
    }
    RecordStream stream = RecordStream.of(records);
    Map<Long, long[]> times = new LinkedHashMap<>();
    Map<Long, String[]> meta = new HashMap<>();
    for (var r : stream.processInstanceRecords()) {
      var v = r.getValue();
      if (v.getBpmnElementType() == BpmnElementType.END_EVENT && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED) {
        log.endEvents.put(v.getProcessInstanceKey(), v.getElementId());
      }
      if (v.getBpmnElementType() != BpmnElementType.PROCESS) {
        continue;
      }
      long[] t = times.computeIfAbsent(r.getKey(), k -> new long[] {0, 0, v.getParentProcessInstanceKey()});
      meta.putIfAbsent(r.getKey(), new String[] {v.getBpmnProcessId()});
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING) {
        t[0] = r.getTimestamp();
      } else if (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
        t[1] = r.getTimestamp();
      }
    }
    times.forEach((key, t) -> log.instances.put(key, new Instance(key, t[2], meta.get(key)[0], t[0], t[1])));
    for (var r : stream.jobRecords()) {
      if (r.getIntent() == JobIntent.CREATED) {
        log.jobCreatedMillis.put(r.getKey(), r.getTimestamp());
      } else if (r.getIntent() == JobIntent.COMPLETED) {
        log.jobCompletedMillis.put(r.getKey(), r.getTimestamp());
      }
    }
    for (var r : stream.variableRecords()) {
      var v = r.getValue();
      log.variableBytes.computeIfAbsent(v.getProcessInstanceKey(), k -> new HashMap<>())
          .put(v.getScopeKey() + "/" + v.getName(),
              (v.getName() + v.getValue()).getBytes(StandardCharsets.UTF_8).length);
    }
    return log;
  }

  /** Bytes of the instance's variables as the engine stores them (latest value of each, every scope). */
  int variableBytes(long processInstanceKey) {
    return variableBytes.getOrDefault(processInstanceKey, Map.of()).values().stream().mapToInt(i -> i).sum();
  }
}
