package io.rivalwatch.synthesis;

/**
 * A stored report revision, as the process refers to it.
 *
 * @param reportRef artefact path of the Markdown
 * @param reportUrl where a person opens the HTML
 * @param summary the summary table and missing count (bounded, shown in the review form)
 */
public record WrittenReport(int revision, String reportRef, String reportUrl, String summary) {}
