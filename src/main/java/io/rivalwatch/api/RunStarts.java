package io.rivalwatch.api;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.planning.RunLimits;
import io.rivalwatch.progress.ProgressTracker;
import io.rivalwatch.progress.RunProgress;
import io.rivalwatch.workflow.RunIds;
import io.rivalwatch.workflow.RunInstances;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Starts and cancels runs for the API within the server's caps: a run id that exists is refused, and so is a start
 * beyond the concurrent runs or the starts per minute. Nothing is created for a refused start.
 *
 * <p>Runs in flight are those this instance's progress tracker has seen and that have not ended, plus those it started
 * whose first job has not finished yet; a restart forgets the latter (a cluster's own limits stay the backstop).
 */
@Component
class RunStarts {

  private static final Pattern DERIVED_RUN_ID = Pattern.compile("run-(\\d{1,19})");
  private static final int REMEMBERED = 10_000;

  private final RunInstances instances;
  private final ProgressTracker tracker;
  private final ArtefactStore store;
  private final RunLimits limits;
  private final RateLimiter starts;
  /** Runs started here, by run id: to cancel them, and to count them before the tracker sees them. */
  private final Map<String, Long> started = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED;
    }
  });
  private final Set<String> unseen = Collections.synchronizedSet(new HashSet<>());
  private final Set<String> cancelled = Collections.synchronizedSet(new HashSet<>());

  RunStarts(RunInstances instances, ProgressTracker tracker, ArtefactStore store, RunLimits limits) {
    this.instances = instances;
    this.tracker = tracker;
    this.store = store;
    this.limits = limits;
    this.starts = RateLimiter.of("run-starts", RateLimiterConfig.custom()
        .limitForPeriod(limits.runStartsPerMinute()).limitRefreshPeriod(Duration.ofMinutes(1))
        .timeoutDuration(Duration.ZERO).build());
  }

  /** A request the caps refuse: the status and the message (which cap, and which property sets it). */
  static final class Refused extends RuntimeException {
    final HttpStatus status;

    Refused(HttpStatus status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  record Started(String runId, long processInstanceKey) {}

  /**
   * Starts a run with these variables, if the caps allow.
   *
   * @throws Refused when the run id exists, or a cap is reached
   */
  synchronized Started start(Map<String, Object> variables) {
    String runId = (String) variables.get("runId");
    if (runId != null && exists(runId)) {
      throw new Refused(HttpStatus.CONFLICT, "runId: a run '" + runId + "' exists already (it has artefacts or is "
          + "known to this instance); a run id names one run's artefacts. Fix: choose another runId, or leave it out "
          + "to get one derived from the process instance");
    }
    int inFlight = inFlight();
    if (inFlight >= limits.concurrentRuns()) {
      throw new Refused(HttpStatus.TOO_MANY_REQUESTS, inFlight + " runs are in flight, the cap of concurrent runs "
          + "(set by " + RunLimits.CONCURRENT_RUNS + " = " + limits.concurrentRuns() + " on the server). Fix: wait "
          + "for a run to end (GET /api/runs) or cancel one; only the operator can raise the cap");
    }
    // last: a refused request does not use up a start
    if (!starts.acquirePermission()) {
      throw new Refused(HttpStatus.TOO_MANY_REQUESTS, "more than " + limits.runStartsPerMinute() + " run starts in a "
          + "minute, the cap of starts per minute (set by " + RunLimits.STARTS_PER_MINUTE + " on the server). Fix: "
          + "try again in a minute; only the operator can raise the cap");
    }
    long key = instances.start(variables);
    String id = RunIds.resolve(runId, key);
    started.put(id, key);
    unseen.add(id);
    return new Started(id, key);
  }

  /**
   * Cancels the run's process instance.
   *
   * @return the process instance cancelled, or empty when no run of this id is known here
   * @throws Refused when the run has ended already
   */
  Optional<Long> cancel(String runId) {
    Optional<RunProgress> progress = tracker.run(runId);
    Long key = started.get(runId);
    if (key == null) {
      key = progress.map(RunProgress::processInstanceKey).orElse(null);
    }
    if (key == null) {
      Matcher derived = DERIVED_RUN_ID.matcher(runId);
      if (derived.matches()) {
        key = Long.parseLong(derived.group(1));
      }
    }
    if (key == null) {
      return Optional.empty();
    }
    if (progress.isPresent() && progress.get().endedAt() != null) {
      throw new Refused(HttpStatus.CONFLICT, "run '" + runId + "' has ended (" + progress.get().status()
          + "); there is nothing to cancel");
    }
    if (!instances.cancel(key)) {
      if (started.containsKey(runId) || progress.isPresent()) {
        // ended where this instance did not see it (e.g. cancelled in Operate): it stops counting as in flight
        cancelled.add(runId);
        unseen.remove(runId);
        throw new Refused(HttpStatus.CONFLICT, "run '" + runId + "' has ended (its process instance is gone); "
            + "there is nothing to cancel, and it no longer counts as in flight");
      }
      return Optional.empty();
    }
    cancelled.add(runId);
    unseen.remove(runId);
    return Optional.of(key);
  }

  private boolean exists(String runId) {
    return started.containsKey(runId) || tracker.run(runId).isPresent() || !store.list(runId).isEmpty();
  }

  /** Runs the tracker sees in flight, and runs started here it has not seen yet; cancelled ones not. */
  int inFlight() {
    Set<String> active = new HashSet<>();
    for (RunProgress run : tracker.runs()) {
      if (run.endedAt() == null) {
        active.add(run.runId());
      }
    }
    synchronized (unseen) {
      // once seen, the tracker knows when it ends
      unseen.removeIf(id -> tracker.run(id).isPresent());
      active.addAll(unseen);
    }
    active.removeAll(cancelled);
    return active.size();
  }
}
