package io.rivalwatch.progress;

import io.rivalwatch.workflow.ProcessVariables;

import io.micrometer.core.instrument.Gauge;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.resilience.DeploymentInstances;
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
import java.util.Set;
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
 * <p>With several worker instances ({@code rivalwatch.deployment.instances} above 1) each instance also shares its
 * finished jobs through the artefact store and reads the others' ({@link ProgressJournal}, ADR 0021); every instance
 * applies all jobs in the order they finished, so each gives the same answer, at most a poll interval apart. An
 * instance that starts reads back {@code retention} of jobs, so it knows runs in flight from their start.
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
  /** With several instances: the finished jobs of all of them, shared through the artefact store; else null. */
  private final ProgressJournal journal;
  private final java.util.concurrent.ScheduledExecutorService journalThread;
  /** With several instances: every known run's finished jobs in the order they finished, to apply them in order. */
  private final Map<String, java.util.TreeMap<String, JobFinished>> journaled = new java.util.HashMap<>();
  /** Runs forgotten (evicted): a late job of another instance must not bring them back as a run seen mid-way. */
  private final Set<String> forgotten = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 10_000;
    }
  });

  @org.springframework.beans.factory.annotation.Autowired
  ProgressTracker(ProgressProperties properties, CostSoFar costs, ObjectProvider<MeterRegistry> meters,
      ObjectProvider<Clock> clock, ObjectProvider<DeploymentInstances> instances, ObjectProvider<ArtefactStore> store,
      ObjectProvider<ObjectMapper> json) {
    this(properties, costs, meters.getIfAvailable(), clock.getIfAvailable(Clock::systemUTC),
        instances.getIfAvailable(DeploymentInstances::single).several() ? store.getIfAvailable() : null,
        json.getIfAvailable(ObjectMapper::new));
  }

  public ProgressTracker(ProgressProperties properties, CostSoFar costs, MeterRegistry meters, Clock clock) {
    this(properties, costs, meters, clock, null, null);
  }

  /**
   * @param shared the artefact store through which the worker instances share their finished jobs (ADR 0021), or
   *     null for one instance: it then knows its own workers' jobs only
   */
  public ProgressTracker(ProgressProperties properties, CostSoFar costs, MeterRegistry meters, Clock clock,
      ArtefactStore shared, ObjectMapper json) {
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
    if (shared != null) {
      Set<String> tracked = new java.util.HashSet<>(NOTE_VARIABLES);
      tracked.addAll(RunState.VARIABLES);
      journal = new ProgressJournal(shared, tracked, since, properties.retention());
      journalThread = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress-journal");
        thread.setDaemon(true);
        return thread;
      });
      journalThread.scheduleWithFixedDelay(this::pollQuietly, 0, properties.pollInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      journal = null;
      journalThread = null;
    }
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
      if (journal == null) {
        track(job, null);
        return;
      }
      Instant at = job.at() == null ? clock.instant() : job.at();
      JobFinished timed = job.at() == null ? new JobFinished(job.runId(), job.processInstanceKey(), job.jobType(),
          job.elementId(), job.competitorId(), job.phase(), job.outcome(), job.variables(), at, job.took()) : job;
      ProgressJournal.Entry entry = journal.entry(timed, at);
      track(timed, entry.name());
      // written off the worker's thread: a slow store never holds up a job
      journalThread.execute(() -> {
        try {
          journal.write(entry);
        } catch (RuntimeException e) {
          LOG.warn("job {} of run {} not shared with the other instances' progress: {}", job.jobType(), job.runId(),
              e.toString());
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("progress of run {} not updated for job {}: {}", job.runId(), job.jobType(), e.toString());
    }
  }

  /** Reads the other instances' finished jobs; a failing store skips one poll. */
  private void pollQuietly() {
    try {
      for (ProgressJournal.Entry entry : journal.poll(clock.instant())) {
        track(entry.job(), entry.name());
      }
    } catch (RuntimeException e) {
      LOG.debug("other instances' finished jobs not read this time: {}", e.toString());
    }
  }

  /**
   * @param name the job's name in the shared journal (several instances), which orders it among every instance's
   *     jobs; null with one instance, where jobs are applied as they come
   */
  private void track(JobFinished job, String name) {
    String runId = job.runId() != null && !job.runId().isBlank() ? job.runId()
        : job.processInstanceKey() > 0 ? RunIds.of(job.processInstanceKey()) : null;
    if (runId == null) {
      return;
    }
    JobProgress update;
    synchronized (this) {
      Instant at = job.at() == null ? clock.instant() : job.at();
      RunState run;
      if (name == null) {
        run = runs.computeIfAbsent(runId, id -> new RunState(id, at));
        run.apply(job);
      } else {
        run = applyInOrder(runId, name, job);
        if (run == null) {
          return;
        }
      }
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

  /**
   * Applies a job in the order of the shared journal: at once when it is the run's latest, else (a job another
   * instance finished earlier, read late) by applying the run's jobs again from the first, so that every instance
   * ends with the same state whatever order the jobs reached it in. Null for a run already forgotten here.
   */
  private RunState applyInOrder(String runId, String name, JobFinished job) {
    if (forgotten.contains(runId)) {
      return null;
    }
    java.util.TreeMap<String, JobFinished> jobs = journaled.computeIfAbsent(runId, id -> new java.util.TreeMap<>());
    if (jobs.putIfAbsent(name, job) != null) {
      return runs.get(runId);
    }
    RunState run = runs.get(runId);
    if (run != null && jobs.lastKey().equals(name)) {
      run.apply(job);
      return run;
    }
    JobFinished first = jobs.firstEntry().getValue();
    RunState rebuilt = new RunState(runId, first.at() == null ? clock.instant() : first.at());
    if (run != null) {
      rebuilt.finalCostUsd = run.finalCostUsd;
    }
    jobs.values().forEach(rebuilt::apply);
    runs.put(runId, rebuilt);
    return rebuilt;
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
        Object judgement = variables.get(ProcessVariables.RESEARCH_NOTE);
        if (judgement != null && !name.equals(ProcessVariables.RESEARCH_NOTE)) {
          // the gathering that judged its round: its own status, then the round's judgement
          text = text + "; round judged: " + judgement;
        }
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
    runs.values().removeIf(run -> run.ended() && run.endedAt.plus(retention).isBefore(now) && forget(run.runId));
    // counted before sorting: this runs after every job, and there is seldom a finished run too many
    int ended = 0;
    for (RunState run : runs.values()) {
      ended += run.ended() ? 1 : 0;
    }
    if (ended > properties.keepFinished()) {
      List<RunState> finished = runs.values().stream().filter(RunState::ended)
          .sorted(Comparator.comparing((RunState s) -> s.endedAt)).toList();
      for (int i = 0; i < finished.size() - properties.keepFinished(); i++) {
        runs.remove(finished.get(i).runId);
        forget(finished.get(i).runId);
      }
    }
    if (runs.size() > properties.maxRuns()) {
      List<RunState> idleFirst = runs.values().stream().sorted(Comparator.comparing((RunState s) -> s.updatedAt))
          .toList();
      for (int i = 0; i < idleFirst.size() - properties.maxRuns(); i++) {
        LOG.info("progress of run {} forgotten: more than {} runs known", idleFirst.get(i).runId,
            properties.maxRuns());
        runs.remove(idleFirst.get(i).runId);
        forget(idleFirst.get(i).runId);
      }
    }
  }

  /** Drops a run's shared jobs with it; true, for use in a filter. */
  private boolean forget(String runId) {
    if (journal != null) {
      journaled.remove(runId);
      forgotten.add(runId);
    }
    return true;
  }

  @PreDestroy
  void stop() {
    if (journalThread != null) {
      journalThread.shutdownNow();
    }
    delivery.shutdownNow();
  }
}
