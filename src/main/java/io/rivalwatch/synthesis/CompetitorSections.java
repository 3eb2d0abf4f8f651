package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisProvenance;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.AnalysisReuse;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.ResearchArchive;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** One competitor's section of the report: its analyses, where they came from, its documents and what changed. */
@Component
class CompetitorSections {

  private final ArtefactJson artefacts;
  private final ArtefactLinks links;
  private final AnalysisReuse reuse;
  private final ResearchArchive research;
  private final ChangeTracker changes;

  CompetitorSections(ArtefactJson artefacts, ArtefactLinks links, AnalysisReuse reuse, ResearchArchive research,
      ChangeTracker changes) {
    this.artefacts = artefacts;
    this.links = links;
    this.reuse = reuse;
    this.research = research;
    this.changes = changes;
  }

  CompetitorSection of(String runId, CompetitorProfile competitor, CompetitorResult result) {
    Map<AnalysisKind, AnalysisResult> analyses = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, String> failed = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, String> analysisLinks = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, AnalysisProvenance> provenance = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, String> reusedFrom = new EnumMap<>(AnalysisKind.class);
    for (AnalysisKind kind : AnalysisKind.values()) {
      String status = ReportedResults.status(result, kind);
      if (CompetitorResult.isDone(status)) {
        ArtefactKey key = ArtefactKeys.analysis(runId, competitor.id(), kind.id());
        analyses.put(kind, artefacts.require(key, AnalysisResult.class));
        analysisLinks.put(kind, links.linkTo(key));
        reuse.provenance(runId, competitor.id(), kind).ifPresent(p -> {
          provenance.put(kind, p);
          if (p.reused()) {
            reusedFrom.put(kind, p.analysedIn());
          }
        });
      } else {
        failed.put(kind, status == null ? "not analysed" : status);
      }
    }
    var documents = research.documents(runId, competitor.id());
    // what changed is compared on the analyses as stored; the report shows only the claims its sources bear out
    SinceLastRun since = changes.since(runId, competitor.id(), competitor.name(), analyses, provenance, documents);
    Map<AnalysisKind, AnalysisResult> shown = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, Integer> verified = new EnumMap<>(AnalysisKind.class);
    Map<AnalysisKind, Integer> dropped = new EnumMap<>(AnalysisKind.class);
    ClaimVerification.Sources sources = ClaimVerification.Sources.of(documents);
    analyses.forEach((kind, analysis) -> {
      ClaimVerification.Checked checked = ClaimVerification.check(analysis, sources);
      shown.put(kind, checked.shown());
      verified.put(kind, checked.verified());
      dropped.put(kind, checked.dropped());
    });
    return new CompetitorSection(competitor.id(), competitor.name(), MissingItems.stripFullStop(result.researchNote()),
        documents, shown, failed, since, analysisLinks, reusedFrom, new ClaimCount(verified, dropped));
  }
}
