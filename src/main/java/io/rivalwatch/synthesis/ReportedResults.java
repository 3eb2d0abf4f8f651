package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.CompetitorResults;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The competitors' results as the report sees them: as their research processes recorded them, with analyses that
 * failed in the run but were retried successfully since (parked items retried through the API) counted as done:
 * their artefacts are there now.
 */
@Component
class ReportedResults {

  private final CompetitorResults results;
  private final ArtefactStore store;

  ReportedResults(CompetitorResults results, ArtefactStore store) {
    this.results = results;
    this.store = store;
  }

  /** By competitor id, in plan order. */
  Map<String, CompetitorResult> of(String runId) {
    Map<String, CompetitorResult> byId = new LinkedHashMap<>();
    for (CompetitorResult r : results.of(runId)) {
      if (r.skipped()) {
        byId.putIfAbsent(r.competitorId(), r);
        continue;
      }
      byId.putIfAbsent(r.competitorId(), new CompetitorResult(r.competitorId(), r.research(), r.researchNote(),
          recovered(runId, r.competitorId(), AnalysisKind.SENTIMENT, r.sentiment()),
          recovered(runId, r.competitorId(), AnalysisKind.STRATEGY, r.strategy()),
          recovered(runId, r.competitorId(), AnalysisKind.POSITIONING, r.positioning())));
    }
    return byId;
  }

  private String recovered(String runId, String competitorId, AnalysisKind kind, String status) {
    if (CompetitorResult.isDone(status) || !store.exists(ArtefactKeys.analysis(runId, competitorId, kind.id()))) {
      return status;
    }
    return "done (recovered after: " + status + ")";
  }

  /** The status of one analysis in a result. */
  static String status(CompetitorResult result, AnalysisKind kind) {
    return switch (kind) {
      case SENTIMENT -> result.sentiment();
      case STRATEGY -> result.strategy();
      case POSITIONING -> result.positioning();
    };
  }
}
