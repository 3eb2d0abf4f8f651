package io.rivalwatch.resilience;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The run's budget of transient failures. Each failure that makes a job retry is written down (one artefact per job
 * attempt, so handling the same failure twice counts once); when a run has used its budget it stops retrying and
 * takes its failure path.
 */
@Component
public class RetryBudget {

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final ResilienceProperties properties;
  private final Clock clock;

  public RetryBudget(ArtefactStore store, ArtefactJson artefacts, ResilienceProperties properties, Clock clock) {
    this.store = store;
    this.artefacts = artefacts;
    this.properties = properties;
    this.clock = clock;
  }

  /** One transient failure, as written down. */
  public record Failure(String runId, long jobKey, int retriesLeft, String jobType, String elementId, String service,
      String kind, String message, Instant failedAt) {
    static final ArtefactFormat<Failure> FORMAT = ArtefactFormat.of("retry-failure", Failure.class);
  }

  /** What the budget says after a failure. */
  public record Use(int usedByRun, int usedByJob, boolean spent) {}

  /** Writes the failure down and says how much of the budget is used, by the run and by this job. */
  public Use record(Failure failure) {
    artefacts.createIfAbsent(ArtefactKeys.retryFailure(failure.runId(), failure.jobKey(),
        failure.retriesLeft()), failure);
    int run = 0;
    int job = 0;
    String jobPrefix = ArtefactKeys.RETRY_FAILURE_PREFIX + failure.jobKey() + "-";
    for (ArtefactKey key : store.list(failure.runId())) {
      if (key.phase().equals(ArtefactKeys.RETRY_FAILURES) && key.name().startsWith(ArtefactKeys.RETRY_FAILURE_PREFIX)) {
        run++;
        if (key.name().startsWith(jobPrefix)) {
          job++;
        }
      }
    }
    return new Use(run, job, run > properties.runRetryBudget());
  }

  public int limit() {
    return properties.runRetryBudget();
  }

  /** The time failures are written down with. */
  public Instant now() {
    return clock.instant();
  }
}
