package io.rivalwatch.workflow;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.observability.RunTraces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What happens around every job one of our workers handles, in one place so that no worker does it itself:
 * <ul>
 *   <li>the run's context in the logging MDC for every line of the job's work ({@value #RUN_ID},
 *       {@value #PROCESS_INSTANCE_KEY}, {@value #PHASE}, {@value #COMPETITOR_ID}, {@value #JOB_TYPE},
 *       {@value #ELEMENT_ID}), cleared after;
 *   <li>a span named by the job type in the run's trace ({@link RunTraces});
 *   <li>the job's duration and outcome ({@code rivalwatch.jobs});
 *   <li>{@link JobFinished}, for progress and anyone else listening.
 * </ul>
 * It wraps the SDK's handler (parameters, the worker method, result and exception handling), so the outcome is the
 * command that handler sent: completed, a BPMN error, or failed.
 */
@Component
public class JobObservation {

  public static final String RUN_ID = "runId";
  public static final String PROCESS_INSTANCE_KEY = "processInstanceKey";
  public static final String PHASE = "phase";
  public static final String COMPETITOR_ID = "competitorId";
  public static final String JOB_TYPE = "jobType";
  public static final String ELEMENT_ID = "elementId";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobObservation.class);

  private final RunMetrics metrics;
  private final RunTraces traces;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  public JobObservation(RunMetrics metrics, RunTraces traces, ApplicationEventPublisher events, Clock clock) {
    this.metrics = metrics;
    this.traces = traces;
    this.events = events;
    this.clock = clock;
  }

  /** The handler, observed. */
  public JobHandler around(JobHandler handler) {
    return (client, job) -> handle(handler, client, job);
  }

  void handle(JobHandler handler, JobClient client, ActivatedJob job) throws Exception {
    long started = System.nanoTime();
    Map<String, Object> variables = job.getVariablesAsMap();
    // the schedules' dispatcher runs no run: its jobs are measured and logged, but no run id is made up for them
    boolean ofRun = ProcessIds.isRun(job.getBpmnProcessId());
    String runId = ofRun ? runIdOf(variables.get("runId"), job) : job.getBpmnProcessId() + "-"
        + job.getProcessInstanceKey();
    String competitorId = text(variables.get("competitorId"));
    RunPhase phase = RunPhase.ofJobType(job.getType());
    JobCommandRecorder commands = new JobCommandRecorder(client, job.getKey());
    String outcome = null;
    Map<String, String> context = new LinkedHashMap<>();
    context.put(RUN_ID, runId);
    context.put(PROCESS_INSTANCE_KEY, Long.toString(job.getProcessInstanceKey()));
    context.put(PHASE, phase.id());
    if (competitorId != null) {
      context.put(COMPETITOR_ID, competitorId);
    }
    context.put(JOB_TYPE, job.getType());
    context.put(ELEMENT_ID, job.getElementId());
    try (var logged = logContext(context);
        var span = traces.startJob(runId, job.getType())) {
      span.tag("rivalwatch.run_id", runId).tag("rivalwatch.competitor_id", competitorId)
          .tag("rivalwatch.phase", phase.id()).tag("camunda.element_id", job.getElementId())
          .tag("camunda.process_instance_key", Long.toString(job.getProcessInstanceKey()));
      try {
        handler.handle(commands.client(), job);
        // a handler that sent nothing kept the job (a worker without auto-complete that answers later, such as a
        // person deciding): it has not finished, so it is neither measured nor reported now
        outcome = commands.outcome();
      } catch (Exception | Error e) {
        // the SDK handles a worker's exceptions itself; one that escapes it fails the job in the job runner
        outcome = JobFinished.FAILED;
        span.span().error(e);
        throw e;
      } finally {
        if (outcome != null) {
          span.tag("rivalwatch.outcome", outcome);
          finished(job, ofRun ? runId : null, competitorId, phase, outcome, commands,
              Duration.ofNanos(System.nanoTime() - started));
        }
      }
    }
  }

  /** Metrics and the event, still inside the job's MDC so that listeners' lines carry it too. */
  private void finished(ActivatedJob job, String runId, String competitorId, RunPhase phase, String outcome,
      JobCommandRecorder commands, Duration took) {
    try {
      metrics.jobFinished(job.getType(), phase.id(), outcome, took);
      if (runId == null) {
        // not a run's job: progress would take it for a run of its own
        return;
      }
      events.publishEvent(new JobFinished(runId, job.getProcessInstanceKey(), job.getType(), job.getElementId(),
          competitorId, phase, outcome, commands.variables(), Instant.now(clock), took));
    } catch (RuntimeException e) {
      // watching a job must never change what happens to it
      LOG.warn("could not report job {} of {} as {}: {}", job.getKey(), job.getElementId(), outcome, e.toString(), e);
    }
  }

  /** Puts the fields into the MDC until closed (worker threads are pooled: nothing may stay behind). */
  private static LogContext logContext(Map<String, String> fields) {
    fields.forEach(MDC::put);
    return () -> fields.keySet().forEach(MDC::remove);
  }

  /** An AutoCloseable whose close throws nothing. */
  private interface LogContext extends AutoCloseable {
    @Override
    void close();
  }

  private static String runIdOf(Object variable, ActivatedJob job) {
    // before Plan run there may be no runId: the one Plan run will derive from the process instance
    return RunIds.resolve(text(variable), job.getProcessInstanceKey());
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
