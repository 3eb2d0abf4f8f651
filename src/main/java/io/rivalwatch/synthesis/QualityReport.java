package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactFormat;
import java.util.List;

/** The quality check's findings on one report revision (empty when it passed). */
public record QualityReport(int revision, List<QualityFinding> findings) {
  static final ArtefactFormat<QualityReport> FORMAT = ArtefactFormat.of("quality-report", QualityReport.class);

  public QualityReport {
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  public boolean passed() {
    return findings.isEmpty();
  }
}
