package io.rivalwatch.recovery;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisService;
import io.rivalwatch.analysis.ModelOutputInvalidException;
import io.rivalwatch.distribution.DashboardPublisher;
import io.rivalwatch.distribution.DistributionService;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.resilience.ParkedItem;
import io.rivalwatch.resilience.ParkedItems;
import io.rivalwatch.synthesis.WrittenReports;
import io.rivalwatch.synthesis.WrittenReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Retries a run's parked items after the outage that parked them is over, without restarting the run. A recovered
 * analysis is in the next report revision (ask for one with "request changes" in Tasklist while the run waits for
 * review); a recovered delivery goes out at once. A parked source is read again by the next night's run.
 */
@Service
public class ParkedItemRetries {

  private final ParkedItems parked;
  private final AnalysisService analysis;
  private final DistributionService distribution;
  private final DashboardPublisher dashboard;
  private final WrittenReports reports;

  public ParkedItemRetries(ParkedItems parked, AnalysisService analysis, DistributionService distribution,
      DashboardPublisher dashboard, WrittenReports reports) {
    this.parked = parked;
    this.analysis = analysis;
    this.distribution = distribution;
    this.dashboard = dashboard;
    this.reports = reports;
  }

  /** What one retry did for one item. */
  public record Outcome(String competitorId, String item, String result) {}

  public List<Outcome> retry(String runId) {
    List<Outcome> outcomes = new ArrayList<>();
    for (ParkedItem item : parked.list(runId)) {
      String result;
      try {
        result = retry(item);
      } catch (OutsideServiceException | AnalysisNotPossibleException | ModelOutputInvalidException e) {
        result = "still failing: " + e.getMessage();
      }
      outcomes.add(new Outcome(item.competitorId(), item.item(), result));
    }
    return outcomes;
  }

  private String retry(ParkedItem item) {
    return switch (item.kind()) {
      case ANALYSIS -> {
        analysis.analyse(item.runId(), item.competitorId(), AnalysisKind.ofId(item.name()));
        parked.markRetried(item);
        yield "recovered: in the next report revision";
      }
      case DELIVERY -> redeliver(item);
      case SOURCE -> "not retried here: sources are read again by the next run";
    };
  }

  private String redeliver(ParkedItem item) {
    Optional<WrittenReport> report = reports.latest(item.runId());
    if (report.isEmpty()) {
      return "not retried: the run has no report yet";
    }
    WrittenReport r = report.get();
    String status = switch (item.name()) {
      case "email" -> distribution.email(item.runId(), r.revision(), r.reportUrl());
      case "slack" -> distribution.slack(item.runId(), r.reportUrl());
      case "dashboard" -> dashboard.publish(item.runId(), r.revision());
      default -> null;
    };
    if (status == null) {
      return "not retried: unknown delivery " + item.item();
    }
    parked.markRetried(item);
    return "recovered: " + status;
  }
}
