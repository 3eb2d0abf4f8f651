package io.rivalwatch.testsupport;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.RunPhase;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * TEST-ONLY STAND-IN, to be deleted when the workers' own hook publishes {@link JobFinished} (issue 6, observability):
 * publishes a JobFinished for every job the embedded engine records as completed, failed or ended with a BPMN error,
 * so the progress feature can be tried end to end before that hook exists. Off unless
 * {@value #PROPERTY}=true; with the real hook on as well every job would be counted twice.
 */
@Component
@ConditionalOnProperty(name = EngineJobFinishedStandIn.PROPERTY, havingValue = "true")
public class EngineJobFinishedStandIn {

  public static final String PROPERTY = "rivalwatch.test.job-finished-from-engine";

  private final ApplicationEventPublisher events;
  private final Map<Long, String> runIdOfInstance = new HashMap<>();
  private final Map<Long, String> competitorOfInstance = new HashMap<>();
  private final Map<Long, Long> parentOfInstance = new HashMap<>();
  private final Map<Long, Long> createdAt = new HashMap<>();
  private volatile boolean running = true;
  private Thread poller;
  private long seen = -1;

  EngineJobFinishedStandIn(ApplicationEventPublisher events) {
    this.events = events;
  }

  @EventListener(ContextRefreshedEvent.class)
  synchronized void start() {
    if (poller != null) {
      return;
    }
    ZeebeTestEngine engine = EmbeddedEngine.get();
    poller = new Thread(() -> {
      while (running) {
        try {
          readNew(engine);
        } catch (RuntimeException e) {
          // the engine stopped under us (end of a test class): nothing more to read
        }
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }, "job-finished-stand-in");
    poller.setDaemon(true);
    poller.start();
  }

  @PreDestroy
  void stop() {
    running = false;
  }

  @SuppressWarnings("unchecked")
  private void readNew(ZeebeTestEngine engine) {
    for (Record<?> record : RecordStream.of(engine.getRecordStreamSource()).records()) {
      if (record.getPosition() <= seen) {
        continue;
      }
      seen = record.getPosition();
      switch (record.getValueType()) {
        case VARIABLE -> variable((Record<VariableRecordValue>) record);
        case PROCESS_INSTANCE -> instance((Record<ProcessInstanceRecordValue>) record);
        case JOB -> job((Record<JobRecordValue>) record);
        default -> { }
      }
    }
  }

  private void variable(Record<VariableRecordValue> record) {
    var value = record.getValue();
    if (value.getScopeKey() != value.getProcessInstanceKey()) {
      return;
    }
    if ("runId".equals(value.getName())) {
      runIdOfInstance.put(value.getProcessInstanceKey(), unquote(value.getValue()));
    } else if ("competitorId".equals(value.getName())) {
      competitorOfInstance.put(value.getProcessInstanceKey(), unquote(value.getValue()));
    }
  }

  private void instance(Record<ProcessInstanceRecordValue> record) {
    var value = record.getValue();
    if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING && value.getParentProcessInstanceKey() > 0) {
      parentOfInstance.put(value.getProcessInstanceKey(), value.getParentProcessInstanceKey());
    }
  }

  private void job(Record<JobRecordValue> record) {
    var value = record.getValue();
    if (record.getIntent() == JobIntent.CREATED) {
      createdAt.put(record.getKey(), record.getTimestamp());
      return;
    }
    String outcome = record.getIntent() == JobIntent.COMPLETED ? JobFinished.COMPLETED
        : record.getIntent() == JobIntent.ERROR_THROWN ? JobFinished.BPMN_ERROR
        : record.getIntent() == JobIntent.FAILED ? JobFinished.FAILED : null;
    if (outcome == null) {
      return;
    }
    long instance = value.getProcessInstanceKey();
    Map<String, Object> variables = value.getVariables() == null ? Map.of() : value.getVariables();
    String runId = variables.get("runId") instanceof String id ? id : runIdOf(instance);
    // a retried job's next attempt starts no earlier than this failure
    Long created = outcome.equals(JobFinished.FAILED) ? createdAt.put(record.getKey(), record.getTimestamp())
        : createdAt.remove(record.getKey());
    Duration took = created == null ? null : Duration.ofMillis(record.getTimestamp() - created);
    events.publishEvent(new JobFinished(runId, instance, value.getType(), value.getElementId(),
        competitorOfInstance.get(instance), RunPhase.ofJobType(value.getType()), outcome, variables,
        Instant.ofEpochMilli(record.getTimestamp()), took));
  }

  private String runIdOf(long instance) {
    Long key = instance;
    while (key != null) {
      if (runIdOfInstance.containsKey(key)) {
        return runIdOfInstance.get(key);
      }
      key = parentOfInstance.get(key);
    }
    return null;
  }

  private static String unquote(String json) {
    return json == null ? null : json.replace("\"", "");
  }
}
