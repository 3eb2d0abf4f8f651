package io.rivalwatch.progress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.RunIds;
import io.rivalwatch.workflow.RunPhase;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The progress of every run this application instance has seen since it started, fed by {@link JobFinished}. It
 * lives in memory only: a restart forgets runs in flight (the run record and Operate remain the truth), and finished
 * runs are forgotten after {@link ProgressProperties#keepFinished()} or {@link ProgressProperties#retention()}.
 *
 * <p>The event arrives on the worker's thread: the tracker only updates counters there, and hands each job's
 * {@link JobProgress} to subscribers (event streams, the local run's terminal) on a thread of its own, where the
 * cost is read too. When subscribers fall far behind, updates are dropped rather than holding up a worker.
 */
@Component
public class ProgressTracker {

  public static final String ACTIVE_RUNS_METRIC = "rivalwatch.runs.active";
  private static final Logger LOG = LoggerFactory.getLogger(ProgressTracker.class);
  private static final int QUEUE_CAPACITY = 10_000;

  private final ProgressProperties properties;
  private final CostSoFar costs;
  private final Clock clock;
  private final Map<String, RunState> runs = new LinkedHashMap<>();
  private final JobDurations durations;
  private final List<Consumer<JobProgress>> subscribers = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor delivery;
  private final AtomicLong dropped = new AtomicLong();
  private final Instant since;

  @org.springframework.beans.factory.annotation.Autowired
  ProgressTracker(ProgressProperties properties, CostSoFar costs, ObjectProvider<MeterRegistry> meters,
      ObjectProvider<Clock> clock) {
    this(properties, costs, meters.getIfAvailable(), clock.getIfAvailable(Clock::systemUTC));
  }

  public ProgressTracker(ProgressProperties properties, CostSoFar costs, MeterRegistry meters, Clock clock) {
    this.properties = properties;
    this.costs = costs;
    this.clock = clock;
    this.since = clock.instant();
    this.durations = new JobDurations(properties.etaSamples());
    this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
        runnable -> {
          Thread thread = new Thread(runnable, "progress-events");
          thread.setDaemon(true);
          return thread;
        },
        (runnable, executor) -> {
          if (dropped.incrementAndGet() % 1000 == 1) {
            LOG.warn("progress subscribers are behind: {} job updates dropped so far", dropped.get());
          }
        });
    if (meters != null) {
      for (RunPhase phase : RunState.ORDER) {
        Gauge.builder(ACTIVE_RUNS_METRIC, this, tracker -> tracker.activeIn(phase))
            .description("Runs in flight, by the phase they are in (as seen by this instance since it started)")
            .tag("phase", phase.id())
            .register(meters);
      }
    }
  }

  /** When this instance started tracking: runs started earlier are known from their first job seen after it. */
  public Instant since() {
    return since;
  }

  /** Runs on the thread that published the event (a worker's): never throws, so progress cannot fail a job. */
  @EventListener
  public void onJobFinished(JobFinished job) {
    try {
      track(job);
    } catch (RuntimeException e) {
      LOG.warn("progress of run {} not updated for job {}: {}", job.runId(), job.jobType(), e.toString());
    }
  }

  private void track(JobFinished job) {
    String runId = job.runId() != null && !job.runId().isBlank() ? job.runId()
        : job.processInstanceKey() > 0 ? RunIds.of(job.processInstanceKey()) : null;
    if (runId == null) {
      return;
    }
    JobProgress update;
    synchronized (this) {
      Instant at = job.at() == null ? clock.instant() : job.at();
      RunState run = runs.computeIfAbsent(runId, id -> new RunState(id, at));
      run.apply(job);
      RunPhase phase = job.phase() == null ? RunPhase.ofJobType(job.jobType()) : job.phase();
      if (!JobFinished.FAILED.equals(job.outcome()) && phase != RunPhase.REVIEW && phase != RunPhase.OTHER) {
        // a review lasts as long as a person takes: no measure of machine speed
        durations.add(phase, at, job.took());
      }
      PhaseProgress ofPhase = run.progressOf(phase);
      update = new JobProgress(runId, run.processInstanceKey, phase.id(), job.jobType(), job.elementId(),
          job.competitorId(), job.outcome(), note(job.variables()), ofPhase.completed(), ofPhase.pending(), null,
          eta(run), run.phase().id(), run.status(), at);
      evict();
    }
    if (!subscribers.isEmpty()) {
      delivery.execute(() -> deliver(update));
    }
  }

  /** Status variables our workers complete jobs with: small facts meant for people (they show in Operate too). */
  private static final List<String> NOTE_VARIABLES = List.of("websiteStatus", "newsStatus", "socialStatus",
      "marketStatus", "researchNote", "sentimentStatus", "strategyStatus", "positioningStatus", "competitorIds",
      "reportRef", "qualityDecision", "reviewDecision", "emailDelivery", "slackDelivery", "dashboardDelivery",
      "runOutcome", "operatorsNotified");

  private static String note(Map<String, Object> variables) {
    if (variables == null) {
      return null;
    }
    for (String name : NOTE_VARIABLES) {
      Object value = variables.get(name);
      if (value != null) {
        String text = value instanceof List<?> list
            ? list.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
            : String.valueOf(value);
        return text.length() <= JobProgress.NOTE_LENGTH ? text : text.substring(0, JobProgress.NOTE_LENGTH - 1) + "…";
      }
    }
    return null;
  }

  private void deliver(JobProgress update) {
    JobProgress withCost = update.withCost(costs.costUsd(update.runId()));
    for (Consumer<JobProgress> subscriber : subscribers) {
      try {
        subscriber.accept(withCost);
      } catch (RuntimeException e) {
        LOG.warn("a progress subscriber failed on run {}: {}", update.runId(), e.toString());
      }
    }
  }

  /** Calls {@code subscriber} with each job's progress, on the tracker's delivery thread; close to stop. */
  public AutoCloseable subscribe(Consumer<JobProgress> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  /** Every run known here, the most recently started first. */
  public List<RunProgress> runs() {
    List<RunState> states;
    synchronized (this) {
      evict();
      states = new ArrayList<>(runs.values());
    }
    states.sort(Comparator.comparing((RunState s) -> s.startedAt).reversed());
    return states.stream().map(this::view).toList();
  }

  public Optional<RunProgress> run(String runId) {
    RunState state;
    synchronized (this) {
      evict();
      state = runs.get(runId);
    }
    return Optional.ofNullable(state).map(this::view);
  }

  /** Runs not ended, in the given phase (the gauge). */
  public synchronized int activeIn(RunPhase phase) {
    int count = 0;
    for (RunState run : runs.values()) {
      if (!run.ended() && run.phase() == phase) {
        count++;
      }
    }
    return count;
  }

  // the cost is read outside the lock: it may read the artefact store
  private RunProgress view(RunState run) {
    Map<String, PhaseProgress> phases = new LinkedHashMap<>();
    RunProgress withoutCost;
    synchronized (this) {
      RunState.ORDER.forEach(phase -> phases.put(phase.id(), run.progressOf(phase)));
      withoutCost = new RunProgress(run.runId, run.processInstanceKey, run.phase().id(), run.status(), phases, null,
          run.startedAt, run.updatedAt, run.endedAt, eta(run), run.seenFromStart());
    }
    return new RunProgress(withoutCost.runId(), withoutCost.processInstanceKey(), withoutCost.phase(),
        withoutCost.status(), withoutCost.phases(), costOf(run), withoutCost.startedAt(),
        withoutCost.updatedAt(), withoutCost.endedAt(), withoutCost.eta(), withoutCost.seenFromStart());
  }

  /**
   * A finished run's cost no longer changes: it is read once more after the cost cache has turned over, then kept,
   * so listing many finished runs does not read their ledgers again and again.
   */
  private Double costOf(RunState run) {
    Double known = run.finalCostUsd;
    if (known != null) {
      return known;
    }
    Double cost = costs.costUsd(run.runId);
    Instant endedAt = run.endedAt;
    if (cost != null && endedAt != null && clock.instant().isAfter(endedAt.plus(properties.costCache()))) {
      run.finalCostUsd = cost;
    }
    return cost;
  }

  /**
   * Remaining items times the recent mean job duration of their phase, divided by the parallelism seen in that
   * phase; up to the report being ready for review, then (after the review) up to the end.
   */
  private RunProgress.Eta eta(RunState run) {
    if (run.ended()) {
      return new RunProgress.Eta(RunProgress.Eta.ENDED, null, null);
    }
    if (run.waitingForReview()) {
      return new RunProgress.Eta(RunProgress.Eta.WAITING, null, "review");
    }
    boolean beforeReview = run.beforeReview();
    double seconds = 0;
    for (RunPhase phase : RunState.ORDER) {
      boolean counts = beforeReview ? phase.ordinal() < RunPhase.REVIEW.ordinal()
          : phase.ordinal() > RunPhase.REVIEW.ordinal();
      int pending = run.pendingOf(phase);
      if (!counts || pending == 0) {
        continue;
      }
      JobDurations.Rate rate = durations.rate(phase);
      if (rate == null) {
        return new RunProgress.Eta(RunProgress.Eta.UNKNOWN, null, null);
      }
      seconds += rate.secondsFor(pending);
    }
    long whole = Math.round(seconds);
    return new RunProgress.Eta(clock.instant().plusSeconds(whole).toString(), whole, beforeReview ? "review" : "end");
  }

  private void evict() {
    Instant now = clock.instant();
    Duration retention = properties.retention();
    runs.values().removeIf(run -> run.ended() && run.endedAt.plus(retention).isBefore(now));
    List<RunState> finished = runs.values().stream().filter(RunState::ended)
        .sorted(Comparator.comparing((RunState s) -> s.endedAt)).toList();
    for (int i = 0; i < finished.size() - properties.keepFinished(); i++) {
      runs.remove(finished.get(i).runId);
    }
    if (runs.size() > properties.maxRuns()) {
      List<RunState> idleFirst = runs.values().stream().sorted(Comparator.comparing((RunState s) -> s.updatedAt))
          .toList();
      for (int i = 0; i < idleFirst.size() - properties.maxRuns(); i++) {
        LOG.info("progress of run {} forgotten: more than {} runs known", idleFirst.get(i).runId,
            properties.maxRuns());
        runs.remove(idleFirst.get(i).runId);
      }
    }
  }

  @PreDestroy
  void stop() {
    delivery.shutdownNow();
  }
}
