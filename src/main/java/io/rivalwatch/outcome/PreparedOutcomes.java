package io.rivalwatch.outcome;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.analysis.AnalysisReuse;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.trends.TrendDashboard;
import io.rivalwatch.workflow.ReportSummaryStarted;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What a run's record and its trend dashboard night read of the run's competitors, read while the report's summary
 * is written (issue 14): by then every competitor has ended, and its analyses and documents are what they stay. So
 * the run's last step, after the deliveries, adds only what the review and the deliveries decided. Kept in memory on
 * the instance that wrote the report; an instance without it (another one wrote the report, it restarted, the
 * preparation failed or was evicted) reads them itself when the run ends, as before: the record is the same.
 */
@Component
class PreparedOutcomes {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PreparedOutcomes.class);

  /**
   * What the run record says of the run's competitors.
   *
   * @param analyses how many analyses were made and reused ({@link AnalysisReuse#describe})
   * @param textAddressedToModels the documents whose text addressed to AI systems was left out
   */
  record Competitors(Optional<String> analyses, Optional<String> textAddressedToModels) {}

  private final AnalysisReuse reuse;
  private final PlanningService planning;
  private final ResearchArchive research;
  private final TrendDashboard trends;
  /** A few runs' worth: a run's last step comes seconds (or a night's review) after its preparation. */
  private final Cache<String, Competitors> prepared = Caffeine.newBuilder().maximumSize(64)
      .expireAfterWrite(Duration.ofHours(6)).build();
  private final ExecutorService background = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("run-outcome-", 0).factory());

  PreparedOutcomes(AnalysisReuse reuse, PlanningService planning, ResearchArchive research, TrendDashboard trends) {
    this.reuse = reuse;
    this.planning = planning;
    this.research = research;
    this.trends = trends;
  }

  /** The run's report asks for its summary: read what its end will need in the background. Never throws. */
  @EventListener
  public void onReportSummaryStarted(ReportSummaryStarted report) {
    if (report.runId() == null || prepared.getIfPresent(report.runId()) != null) {
      return;
    }
    try {
      background.execute(() -> prepare(report.runId()));
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // the application is stopping: the run's end reads it itself
    }
  }

  private void prepare(String runId) {
    try {
      prepared.put(runId, read(runId));
      trends.prepare(runId);
    } catch (RuntimeException e) {
      // an optimisation only: the run's end reads it itself
      LOG.debug("outcome of run {} not prepared ahead: {}", runId, e.toString());
    }
  }

  /** What the record says of the run's competitors: as prepared on this instance, else read now. */
  Competitors of(String runId) {
    Competitors ready = prepared.getIfPresent(runId);
    return ready != null ? ready : read(runId);
  }

  private Competitors read(String runId) {
    return new Competitors(reuse.describe(runId), textAddressedToModels(runId));
  }

  /**
   * "2 documents (3 blocks) not quoted": the gathered documents whose extraction left out text addressed to AI
   * systems; empty when there were none or the run never got planned.
   */
  private Optional<String> textAddressedToModels(String runId) {
    int documents = 0;
    int blocks = 0;
    try {
      for (CompetitorProfile competitor : planning.configuration(runId).competitors()) {
        for (SourceDocument document : research.documents(runId, competitor.id())) {
          if (document.addressesModels()) {
            documents++;
            blocks += document.blocksAddressedToModels();
          }
        }
      }
    } catch (RuntimeException notPlanned) {
      // a run that failed before planning has no configuration and no documents
      return Optional.empty();
    }
    return documents == 0 ? Optional.empty() : Optional.of(documents + (documents == 1 ? " document (" : " documents (")
        + blocks + (blocks == 1 ? " block" : " blocks") + ") with text addressed to AI systems, not quoted");
  }

  /** Lets a preparation under way finish (briefly), then stops. */
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
}
