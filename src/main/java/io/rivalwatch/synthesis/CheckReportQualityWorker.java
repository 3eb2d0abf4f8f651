package io.rivalwatch.synthesis;

import io.rivalwatch.workflow.ProcessVariables;
import io.rivalwatch.workflow.JobTypes;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Checks the latest revision. Decides "passed", "revise" (back to Write report with the findings) or, when the
 * run configuration's attempts are used up, "accept-with-findings" (the reviewer sees the findings).
 */
@Component
public class CheckReportQualityWorker {

  static final int MAX_FINDINGS_IN_VARIABLES = 10;
  static final int MAX_FINDING_CHARS = 300;

  private final ReportQuality quality;

  public CheckReportQualityWorker(ReportQuality quality) {
    this.quality = quality;
  }

  @JobWorker(type = JobTypes.CHECK_REPORT_QUALITY)
  public Map<String, Object> check(
      @Variable String runId,
      @Variable Integer reportRevision,
      @Variable(optional = true) Integer qualityAttempt) {
    int attempt = (qualityAttempt == null ? 0 : qualityAttempt) + 1;
    QualityReport report = quality.check(runId, reportRevision);
    String decision = report.passed() ? "passed"
        : attempt < quality.reportAttempts(runId) ? "revise" : "accept-with-findings";
    // the review form shows these as Markdown: a finding may quote the report's sources, so it is escaped text
    List<String> findings = new java.util.ArrayList<>(report.findings().stream()
        .limit(MAX_FINDINGS_IN_VARIABLES)
        .map(f -> f.message().length() <= MAX_FINDING_CHARS ? f.message()
            : f.message().substring(0, MAX_FINDING_CHARS - 3) + "...")
        .map(io.rivalwatch.text.MarkdownText::escape)
        .toList());
    int more = report.findings().size() - MAX_FINDINGS_IN_VARIABLES;
    if (more > 0) {
      findings.add(more + (more == 1 ? " more finding" : " more findings") + " in the full report.");
    }
    return Map.of(ProcessVariables.QUALITY_DECISION, decision, ProcessVariables.QUALITY_FINDINGS, findings,
        ProcessVariables.QUALITY_ATTEMPT, attempt);
  }
}
