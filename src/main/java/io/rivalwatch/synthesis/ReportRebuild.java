package io.rivalwatch.synthesis;

import java.util.List;

/**
 * What rebuilding a stored report revision found (docs/rebuilding-reports.md).
 *
 * @param revision the revision rebuilt
 * @param outcome {@link Outcome#IDENTICAL} when today's renderer makes the stored bytes again, else
 *     {@link Outcome#REBUILT}: a new revision was written
 * @param storedRendererVersion the renderer version that rendered {@code revision}
 * @param rendererVersion this rivalwatch's renderer version
 * @param stored the SHA-256 of the revision's stored Markdown and HTML
 * @param rebuilt the SHA-256 of the same input rendered now
 * @param newRevision the revision written with today's renderer, or null when nothing differed
 * @param newReportUrl where a person opens the new revision, or null
 * @param differences a unified line diff of the stored revision against today's rendering of its input (Markdown,
 *     then HTML), at most {@link ReportRebuilds#MAX_DIFF_LINES} lines; empty when identical
 * @param differenceLinesLeftOut the diff's lines left out to keep the answer short
 */
public record ReportRebuild(String runId, int revision, Outcome outcome, int storedRendererVersion,
    int rendererVersion, Digests stored, Digests rebuilt, Integer newRevision, String newReportUrl,
    List<String> differences, int differenceLinesLeftOut) {

  public enum Outcome { IDENTICAL, REBUILT }

  /** SHA-256 digests, in lower-case hex. */
  public record Digests(String markdownSha256, String htmlSha256) {}

  public ReportRebuild {
    differences = differences == null ? List.of() : List.copyOf(differences);
  }

  /** The answer in a few lines of plain text, as the local run prints it. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    if (outcome == Outcome.IDENTICAL) {
      text.append("Run ").append(runId).append(", report revision ").append(revision)
          .append(": identical. Rendered again from its stored input alone (renderer version ")
          .append(rendererVersion).append("), the bytes are the stored ones.\n");
    } else {
      text.append("Run ").append(runId).append(", report revision ").append(revision)
          .append(": differs. Rendered by renderer version ").append(storedRendererVersion)
          .append("; this rivalwatch renders version ").append(rendererVersion).append(". Written as revision ")
          .append(newRevision).append(" (not delivered; revision ").append(revision).append(" is unchanged): ")
          .append(newReportUrl).append('\n');
    }
    text.append("  Markdown SHA-256 stored  ").append(stored.markdownSha256()).append('\n')
        .append("                  rebuilt ").append(rebuilt.markdownSha256()).append('\n')
        .append("  HTML SHA-256     stored  ").append(stored.htmlSha256()).append('\n')
        .append("                  rebuilt ").append(rebuilt.htmlSha256()).append('\n');
    if (!differences.isEmpty()) {
      text.append("What differs (stored, then rebuilt):\n");
      // report lines carry gathered text: no control character reaches the operator's terminal
      differences.forEach(line -> text.append("  ").append(line.replaceAll("\\p{Cntrl}", "?")).append('\n'));
      if (differenceLinesLeftOut > 0) {
        text.append("  ... and ").append(differenceLinesLeftOut).append(" more lines\n");
      }
    }
    return text.toString();
  }
}
