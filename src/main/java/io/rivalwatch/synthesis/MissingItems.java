package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.GatheredSource;
import io.rivalwatch.research.ResearchArchive;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The report's "What is missing": everything it cannot cover, one line each, in configuration order. */
@Component
class MissingItems {

  private final ResearchArchive research;

  MissingItems(ResearchArchive research) {
    this.research = research;
  }

  List<String> of(String runId, RunConfiguration configuration, Map<String, CompetitorResult> byId) {
    List<String> missing = new ArrayList<>();
    for (CompetitorProfile competitor : configuration.competitors()) {
      CompetitorResult result = byId.get(competitor.id());
      if (result == null) {
        missing.add(competitor.name() + ": no research result came back");
        continue;
      }
      if (result.skipped()) {
        missing.add(competitor.name() + ": skipped, " + stripFullStop(result.researchNote()));
        continue;
      }
      Set<String> lines = new LinkedHashSet<>();
      for (GatheredSource source : research.sources(runId, competitor.id())) {
        if (source.failure() != null) {
          lines.add(competitor.name() + ": " + source.kind().id() + " source failed, " + source.failure());
        }
        source.problems().forEach(p -> lines.add(competitor.name() + ": " + source.kind().id() + " address "
            + "unusable, " + p));
      }
      for (AnalysisKind kind : AnalysisKind.values()) {
        String status = ReportedResults.status(result, kind);
        if (!CompetitorResult.isDone(status)) {
          lines.add(competitor.name() + ": " + ReportWriter.title(kind).toLowerCase() + " analysis missing, "
              + (status == null ? "not analysed" : status));
        }
      }
      missing.addAll(lines);
    }
    return missing;
  }

  static String stripFullStop(String text) {
    if (text == null) {
      return "no note";
    }
    String trimmed = text.strip();
    return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
