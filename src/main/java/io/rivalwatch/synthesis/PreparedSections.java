package io.rivalwatch.synthesis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.CompetitorResults;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.JobTypes;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Each competitor's report section, prepared as soon as its result is recorded (issue 14): the section reads only
 * what the competitor's own research and analyses stored, which no later step of the run changes, so writing the
 * report after the last analysis finds most sections ready and its tail is about the summary call. Prepared in the
 * background on this instance, after the job that recorded the result has completed; kept in memory for a while
 * and used only for the same competitor profile and result, so a section is never other than the report would have
 * made itself. A section not prepared here (another instance recorded the result, the store failed, it was
 * evicted) is made when the report is written, as before.
 */
@Component
class PreparedSections {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PreparedSections.class);

  /** Enough for a few runs of the largest size the limits allow; a section holds its documents' text. */
  static final int MAX_SECTIONS = 2_000;

  private record Prepared(CompetitorProfile competitor, CompetitorResult result, CompetitorSection section) {}

  private final CompetitorSections sections;
  private final CompetitorResults results;
  private final PlanningService planning;
  private final Cache<String, Prepared> prepared = Caffeine.newBuilder().maximumSize(MAX_SECTIONS)
      .expireAfterWrite(Duration.ofHours(6)).build();
  private final ExecutorService background = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("report-section-", 0).factory());

  PreparedSections(CompetitorSections sections, CompetitorResults results, PlanningService planning) {
    this.sections = sections;
    this.results = results;
    this.planning = planning;
  }

  /** A competitor's result was recorded here: prepare its section in the background. Never throws. */
  @EventListener
  public void onJobFinished(JobFinished job) {
    if (JobTypes.RECORD_COMPETITOR_RESULT.equals(job.jobType()) && JobFinished.COMPLETED.equals(job.outcome())
        && job.runId() != null && job.competitorId() != null) {
      try {
        background.execute(() -> prepare(job.runId(), job.competitorId()));
      } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
        // the application is stopping: the report prepares the section itself
      }
    }
  }

  private void prepare(String runId, String competitorId) {
    try {
      CompetitorResult result = results.of(runId, competitorId);
      if (result == null || !result.analysed()) {
        return;
      }
      CompetitorProfile competitor = planning.competitor(runId, competitorId);
      prepared.put(key(runId, competitorId), new Prepared(competitor, result,
          sections.of(runId, competitor, result)));
    } catch (RuntimeException e) {
      // an optimisation only: the report makes the section itself
      LOG.debug("section of {} in run {} not prepared ahead: {}", competitorId, runId, e.toString());
    }
  }

  /** The competitor's section: the one prepared for this very profile and result, else made now. */
  CompetitorSection of(String runId, CompetitorProfile competitor, CompetitorResult result) {
    Prepared ready = prepared.getIfPresent(key(runId, competitor.id()));
    if (ready != null && ready.competitor().equals(competitor) && ready.result().equals(result)) {
      return ready.section();
    }
    return sections.of(runId, competitor, result);
  }

  /** Lets sections being prepared finish (briefly), then stops. */
  @jakarta.annotation.PreDestroy
  void stop() {
    background.shutdown();
    try {
      background.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    background.shutdownNow();
  }

  private static String key(String runId, String competitorId) {
    return runId + "\n" + competitorId;
  }
}
