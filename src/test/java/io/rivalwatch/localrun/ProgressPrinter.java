package io.rivalwatch.localrun;

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
import io.rivalwatch.progress.JobProgress;
import io.rivalwatch.progress.ProgressTracker;
import io.rivalwatch.progress.RunProgress;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.RunPhase;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Prints a run's progress in the terminal: each finished job with its phase, competitor and outcome, and its phase's
 * jobs done out of those expected so far and the run's cost, from the same {@link ProgressTracker} that serves
 * {@code /api/runs} (so the terminal and the API agree); failed attempts, errors, incidents and where the run ends
 * from the embedded engine's record stream.
 */
final class ProgressPrinter implements AutoCloseable {

  private final ZeebeTestEngine engine;
  private final long rootKey;
  private final PrintStream out;
  private final Instant started = Instant.now();
  private final Set<Long> tree = new HashSet<>();
  private final Map<Long, String> competitorOfInstance = new HashMap<>();
  private long seen = -1;
  private boolean ended;
  private boolean incident;
  private final String runId;
  private final ProgressTracker tracker;
  private final BlockingQueue<JobProgress> jobs = new LinkedBlockingQueue<>();
  private final AutoCloseable subscription;

  ProgressPrinter(ZeebeTestEngine engine, long rootKey, String runId, ProgressTracker tracker, PrintStream out) {
    this.engine = engine;
    this.rootKey = rootKey;
    this.runId = runId;
    this.tracker = tracker;
    this.out = out;
    tree.add(rootKey);
    subscription = tracker.subscribe(job -> {
      if (runId.equals(job.runId())) {
        jobs.add(job);
      }
    });
  }

  @Override
  public void close() throws Exception {
    subscription.close();
  }

  /**
   * Prints the jobs the tracker still has to report once the engine says the run ended (the tracker hears of them a
   * moment later), waiting at most {@code patience} for the run's last one.
   */
  void printRest(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    JobProgress job;
    while ((job = jobs.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
      print(job);
      if (job.status().equals(RunProgress.DELIVERED) || job.status().equals(RunProgress.REJECTED)
          || (job.status().equals(RunProgress.FAILED) && job.pending() == 0)) {
        break;
      }
    }
    printNew();
    tracker.run(runId).ifPresent(run -> {
      StringBuilder phases = new StringBuilder();
      run.phases().forEach((phase, counts) -> phases.append(phases.isEmpty() ? "" : ", ").append(phase).append(' ')
          .append(counts.completed()).append('/').append(counts.completed() + counts.pending()));
      out.printf("%nProgress: %s; %s; model cost $%.4f%n", run.status(), phases,
          run.costUsd() == null ? 0 : run.costUsd());
    });
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
    JobProgress job;
    while ((job = jobs.poll()) != null) {
      print(job);
    }
    for (Record<?> record : RecordStream.of(io.rivalwatch.testsupport.EngineRecords.snapshot(engine)).records()) {
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
    if (record.getIntent() == JobIntent.FAILED) {
      line(RunPhase.ofJobType(value.getType()).id(), who, value.getElementId() + " failed, " + value.getRetries()
          + " retries left: " + value.getErrorMessage());
    } else if (record.getIntent() == JobIntent.ERROR_THROWN) {
      line(RunPhase.ofJobType(value.getType()).id(), who, value.getElementId() + " raised " + value.getErrorCode()
          + ": " + value.getErrorMessage());
    }
  }

  private void incident(Record<IncidentRecordValue> record) {
    if (record.getIntent() == IncidentIntent.CREATED && tree.contains(record.getValue().getProcessInstanceKey())) {
      incident = true;
      line("INCIDENT", null, record.getValue().getElementId() + ": " + record.getValue().getErrorMessage());
    }
  }

  /** A finished job as the tracker saw it, with its phase's done/expected and the run's cost so far. */
  private void print(JobProgress job) {
    if (!JobFinished.COMPLETED.equals(job.outcome())) {
      return; // failures and BPMN errors are printed from the engine's records, with their messages
    }
    String note = job.note() == null ? "" : ": " + job.note();
    line(job.phase(), job.competitorId(), job.elementId() + " done" + note + "  [" + job.phase() + " "
        + job.completed() + "/" + (job.completed() + job.pending()) + ", $"
        + String.format(java.util.Locale.ROOT, "%.4f", job.costUsd() == null ? 0 : job.costUsd()) + "]");
  }

  private void line(String phase, String competitor, String text) {
    long seconds = Duration.between(started, Instant.now()).toSeconds();
    out.printf("[%3ds] %-12s %-9s %s%n", seconds, phase, competitor == null ? "" : competitor, text);
  }
}
