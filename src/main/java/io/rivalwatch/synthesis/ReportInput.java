package io.rivalwatch.synthesis;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one revision of the report is written from.
 *
 * @param producers who produced the analyses (model ids or the offline analyser's label)
 * @param missing one line per thing the report could not cover: skipped competitors, failed sources and analyses
 * @param revisionNotes what this revision changed and why (quality findings, reviewer comments)
 * @param compress competitor ids whose sections must be shortened to the word budget
 */
record ReportInput(
    String runId,
    Instant generatedAt,
    int revision,
    Set<String> producers,
    List<CompetitorSection> sections,
    List<String> missing,
    List<String> revisionNotes,
    Set<String> compress,
    int maxSectionWords) {}
