package io.rivalwatch.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
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
  public static final String RETRY_BUDGET_SPENT = "rivalwatch.retry.budget.spent";
  public static final String MODEL_CALLS = "rivalwatch.model.calls";
  public static final String MODEL_TOKENS = "rivalwatch.model.tokens";
  public static final String MODEL_COST = "rivalwatch.model.cost";
  public static final String BUDGET_STEPS = "rivalwatch.budget.steps";
  public static final String REVIEW_WAIT = "rivalwatch.review.wait";
  public static final String REVIEW_REMINDERS = "rivalwatch.review.reminders";
  public static final String REVIEW_ESCALATIONS = "rivalwatch.review.escalations";
  public static final String OUTSIDE_CALLS = "rivalwatch.outside.calls";
  public static final String CLAIMS = "rivalwatch.claims";
  /**
   * How many web hosts get a label of their own on {@value #OUTSIDE_CALLS}; calls to any further host count under
   * {@code web:other}. Hosts come from the run configurations and their pages' links, so they are not a fixed set.
   */
  public static final int WEB_HOST_LABELS = 100;

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
  private static final Set<String> BUDGET_STEP_IDS = Set.of("cheaper_model", "skip_optional", "stopped");
  private static final List<String> REVIEW_DECISIONS = List.of("approve", "request_changes", "reject", "escalated");
  private static final List<String> ESCALATION_POLICIES = List.of("keep_waiting", "publish_internally");
  private static final Set<String> OUTSIDE_OUTCOMES =
      Set.of("success", "transient", "rate-limited", "fatal", "circuit-open");
  private static final String OTHER = "other";
  private static final String WEB = "web:";

  private final MeterRegistry meters;
  /** The web hosts that got a label of their own, first come first served (at most {@value #WEB_HOST_LABELS}). */
  private final Set<String> webHosts = new java.util.HashSet<>();

  public RunMetrics(MeterRegistry meters) {
    this.meters = meters;
    // the review's series exist from the start (at zero): dashboards and alerts see "none yet", not "no data"
    meters.counter(REVIEW_REMINDERS);
    ESCALATION_POLICIES.forEach(policy -> meters.counter(REVIEW_ESCALATIONS, "policy", policy));
    REVIEW_DECISIONS.forEach(this::reviewWaitTimer);
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

  /** Documents of a source kind whose extraction left out text addressed to AI systems (not quoted). */
  public void documentsAddressingModels(String source, int count) {
    documents(source, "addressed_to_ai", count);
  }

  private void documents(String source, String outcome, int count) {
    if (count <= 0) {
      return;
    }
    Counter.builder(DOCUMENTS)
        .description("Documents research read (fetched), could not read (failed), or read with text addressed to AI systems left"
            + " out (addressed_to_ai), by source kind")
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

  /**
   * Claims of the report checked against their sources, by analyser and outcome.
   *
   * @param analyser "offline", "model" (the analyses' findings) or "summary" (the executive summary's sentences):
   *     a label of three values, not a model id
   * @param verified claims whose quotes were found in the documents they cite
   * @param dropped claims left out of the report because a quote was not found (unverified)
   */
  public void claimsChecked(String analyser, int verified, int dropped) {
    String label = "offline".equals(analyser) || "summary".equals(analyser) ? analyser : "model";
    Counter.builder(CLAIMS)
        .description("Report claims checked against the documents they cite, by analyser and outcome")
        .tag("analyser", label).tag("outcome", "verified").register(meters).increment(verified);
    Counter.builder(CLAIMS)
        .description("Report claims checked against the documents they cite, by analyser and outcome")
        .tag("analyser", label).tag("outcome", "dropped").register(meters).increment(dropped);
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

  /** A run sent to its failure path because its retry budget was spent. */
  public void retryBudgetSpent() {
    meters.counter(RETRY_BUDGET_SPENT).increment();
  }

  /**
   * A model call that was not billed (it failed). Model ids come from the configuration, phases from the code: both
   * bounded sets, so they are labels as they are.
   */
  public void modelCallFailed(String model, String phase) {
    meters.counter(MODEL_CALLS, "model", model, "phase", phase, "outcome", "failed").increment();
  }

  /** A billed model call: its tokens by kind and what it cost at the configured price (0 without a price). */
  public void modelCall(String model, String phase, long inputTokens, long outputTokens, long cacheReadTokens,
      long cacheWriteTokens, double costUsd) {
    meters.counter(MODEL_CALLS, "model", model, "phase", phase, "outcome", "success").increment();
    tokens(model, phase, "input", inputTokens);
    tokens(model, phase, "output", outputTokens);
    tokens(model, phase, "cache_read", cacheReadTokens);
    tokens(model, phase, "cache_write", cacheWriteTokens);
    Counter.builder(MODEL_COST).baseUnit("usd")
        .description("What model calls cost, from the configured price table")
        .tags("model", model, "phase", phase)
        .register(meters)
        .increment(costUsd);
  }

  private void tokens(String model, String phase, String kind, long count) {
    meters.counter(MODEL_TOKENS, "model", model, "phase", phase, "kind", kind).increment(count);
  }

  /** A step the run's budget made it take (cheaper_model, skip_optional, stopped), once per run and step. */
  public void budgetStep(String step) {
    meters.counter(BUDGET_STEPS, "step", bounded(step, BUDGET_STEP_IDS)).increment();
  }

  /** @param decision approve, request_changes, reject or escalated */
  public void reviewWaited(String decision, Duration waited) {
    reviewWaitTimer(REVIEW_DECISIONS.contains(decision) ? decision : OTHER).record(waited);
  }

  private Timer reviewWaitTimer(String decision) {
    return Timer.builder(REVIEW_WAIT).description("how long the report's review waited for a decision")
        .tag("decision", decision).register(meters);
  }

  /** A reminder went out to the reviewers. */
  public void reviewReminded() {
    meters.counter(REVIEW_REMINDERS).increment();
  }

  /** @param policy keep_waiting or publish_internally */
  public void reviewEscalated(String policy) {
    meters.counter(REVIEW_ESCALATIONS, "policy", ESCALATION_POLICIES.contains(policy) ? policy : OTHER).increment();
  }

  /**
   * A guarded call to an outside service.
   *
   * @param service "web:&lt;host&gt;" (the first {@value #WEB_HOST_LABELS} hosts by name, later ones as
   *     {@code web:other}), "bedrock:&lt;model&gt;" (models come from the configuration), or a fixed service name
   * @param outcome success, transient, rate-limited, fatal or circuit-open
   */
  public void outsideCall(String service, String outcome) {
    meters.counter(OUTSIDE_CALLS, "service", boundedService(service), "outcome", bounded(outcome, OUTSIDE_OUTCOMES))
        .increment();
  }

  private String boundedService(String service) {
    if (service == null || !service.startsWith(WEB)) {
      return service == null ? OTHER : service;
    }
    synchronized (webHosts) {
      if (webHosts.contains(service) || (webHosts.size() < WEB_HOST_LABELS && webHosts.add(service))) {
        return service;
      }
    }
    return WEB + OTHER;
  }

  private static String bounded(String value, Set<String> allowed) {
    return value != null && allowed.contains(value) ? value : OTHER;
  }
}
