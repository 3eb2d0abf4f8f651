package io.rivalwatch.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The meters that say how runs go (docs/metrics.md lists every series the application exports). Every label value
 * comes from a small fixed set: a value outside it is recorded as {@code other}, so a caller's mistake can never
 * turn a run id, a URL or a competitor into a label.
 */
@Component
public class RunMetrics {

  public static final String JOBS = "rivalwatch.jobs";
  public static final String JOB_RETRIES = "rivalwatch.job.retries";
  public static final String DOCUMENTS = "rivalwatch.documents";
  public static final String ANALYSES = "rivalwatch.analyses";
  public static final String RUNS = "rivalwatch.runs";
  public static final String DELIVERIES = "rivalwatch.deliveries";

  /** Why a job was failed back to the engine (label {@code cause} of {@value #JOB_RETRIES}). */
  public enum RetryCause {
    /** A failure that may pass (5xx, timeout, reset): retried after a backoff, counted in the run's retry budget. */
    TRANSIENT,
    /** The service asked to slow down: retried after its Retry-After or a backoff, counted in the budget. */
    RATE_LIMITED,
    /** The service's breaker is open: tried again when it may let a call through, free of retries and budget. */
    CIRCUIT_OPEN,
    /** Will not pass by itself: failed with no retries, an incident for an operator to retry after the fix. */
    FATAL,
    /** An exception nobody classified (a bug): retried as the Camunda client does, an incident when none are left. */
    BUG;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Set<String> JOB_OUTCOMES = Set.of("completed", "bpmn_error", "failed");
  private static final Set<String> SOURCES = Set.of("website", "news", "social", "market");
  private static final Set<String> ANALYSIS_KINDS = Set.of("sentiment", "strategy", "positioning");
  private static final Set<String> ANALYSIS_OUTCOMES = Set.of("analysed", "reused", "failed", "skipped_budget");
  private static final Set<String> RUN_RESULTS = Set.of("delivered", "rejected", "failed");
  private static final Set<String> CHANNELS = Set.of("email", "slack", "dashboard");
  private static final String OTHER = "other";

  private final MeterRegistry meters;

  public RunMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /**
   * One job handled by a worker of this application. The job type is bounded by the models (each type is a worker
   * of ours), the phase by {@code RunPhase}.
   *
   * @param outcome completed, bpmn-error or failed (the JobFinished outcome; written with '_' as a label)
   */
  public void jobFinished(String jobType, String phase, String outcome, Duration took) {
    Timer.builder(JOBS)
        .description("Jobs handled by this application's workers, from parameters to the command sent")
        .tag("job_type", jobType)
        .tag("phase", phase)
        .tag("outcome", bounded(outcome.replace('-', '_'), JOB_OUTCOMES))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(meters)
        .record(took);
  }

  /** A job failed back to the engine, to be tried again by the engine or, with no retries left, by an operator. */
  public void jobRetried(String jobType, String phase, RetryCause cause) {
    Counter.builder(JOB_RETRIES)
        .description("Jobs failed back to the engine for another attempt, by cause")
        .tag("job_type", jobType)
        .tag("phase", phase)
        .tag("cause", cause.label())
        .register(meters)
        .increment();
  }

  /** Documents a source kind read in one round of research. */
  public void documentsFetched(String source, int count) {
    documents(source, "fetched", count);
  }

  /** Addresses of a source kind that could not be read, or a whole source given up after its retries (one). */
  public void documentsFailed(String source, int count) {
    documents(source, "failed", count);
  }

  private void documents(String source, String outcome, int count) {
    if (count <= 0) {
      return;
    }
    Counter.builder(DOCUMENTS)
        .description("Documents research read (fetched) or could not read (failed), by source kind")
        .tag("source", bounded(source, SOURCES))
        .tag("outcome", outcome)
        .register(meters)
        .increment(count);
  }

  /** @param outcome analysed, reused (an earlier run's result for unchanged documents), failed or skipped_budget */
  public void analysis(String kind, String outcome) {
    Counter.builder(ANALYSES)
        .description("Analyses of one competitor, by kind and outcome")
        .tag("kind", bounded(kind, ANALYSIS_KINDS))
        .tag("outcome", bounded(outcome, ANALYSIS_OUTCOMES))
        .register(meters)
        .increment();
  }

  /** A run ended (its record was written), from its start to its record. */
  public void runEnded(String result, Duration took) {
    Timer.builder(RUNS)
        .description("Runs from start to their recorded end, by result")
        .tag("result", bounded(result, RUN_RESULTS))
        .register(meters)
        .record(took.isNegative() ? Duration.ZERO : took);
  }

  /** One channel's delivery of a run's report. */
  public void delivery(String channel, boolean delivered) {
    Counter.builder(DELIVERIES)
        .description("Report deliveries by channel and outcome")
        .tag("channel", bounded(channel, CHANNELS))
        .tag("outcome", delivered ? "delivered" : "failed")
        .register(meters)
        .increment();
  }

  private static String bounded(String value, Set<String> allowed) {
    return value != null && allowed.contains(value) ? value : OTHER;
  }
}
