package io.rivalwatch.workflow;

/**
 * Published (as a Spring application event) when a run's report asks for its executive summary, a model call of
 * seconds. By then every competitor of the run has ended: its research, analyses and their costs are what they stay.
 * So work that reads them for a later step can be done during the call instead of after it (issue 14: the run record
 * and the trend dashboard's night are prepared here, before the deliveries). Published again for each revision;
 * listeners must return at once and must not change the report.
 */
public record ReportSummaryStarted(String runId, int revision) {}
