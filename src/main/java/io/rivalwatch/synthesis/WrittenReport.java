package io.rivalwatch.synthesis;

/**
 * A stored report revision, as the process refers to it.
 *
 * @param reportRef artefact path of the Markdown
 * @param reportUrl where a person opens the HTML
 * @param summary the summary table and missing count (bounded, shown in the review form)
 * @param changes what changed since the last delivered report (bounded, shown in the review form;
 *     {@link ReviewFormChanges})
 * @param budgetStatus the run's budget in one line, e.g. "USD 0.0389 of 0.0400 spent (97 %): stopped model calls";
 *     null when the run has no budget
 */
public record WrittenReport(int revision, String reportRef, String reportUrl, String summary, String changes,
    String budgetStatus) {}
