package io.rivalwatch.artefact;

/**
 * The catalogue of artefacts: where every artefact of a run (and the few that span runs) lives, with who writes it
 * and who reads it. Writers and readers build their keys here and nowhere else, so a path is spelled once.
 *
 * <p>The paths are stored: runs in the store, the incremental-run reuse and the dashboard read paths written by
 * earlier versions. Change a path only with a migration. The folder names are plain literals on purpose; the ones
 * that are run phases are the phases' ids ({@code workflow.RunPhase}), which {@code ArtefactKeysTest} checks.
 *
 * <p>Layout: {@code <runId>/<folder>/<competitorId or _run>/<name>}; see {@link ArtefactKey}.
 */
public final class ArtefactKeys {

  // Folders of a run that are its phases.
  public static final String PLANNING = "planning";
  public static final String RESEARCH = "research";
  public static final String ANALYSIS = "analysis";
  public static final String SYNTHESIS = "synthesis";
  public static final String REVIEW = "review";
  public static final String DISTRIBUTION = "distribution";
  public static final String OUTCOME = "outcome";

  // Folders of a run that are not phases: records kept across the phases.
  /** Transient failures counted against the run's retry budget. */
  public static final String RETRY_FAILURES = "resilience";
  /** Items the run gave up on (dead letters), and their later retries. */
  public static final String PARKED = "parked";
  /** The budget policy frozen at the first model call, its steps and per-analysis decisions. */
  public static final String BUDGET = "budget";
  /** One entry per model call: tokens and cost. */
  public static final String MODEL_USAGE = "usage";
  /** The audit trail: who started, retried, cancelled or approved. */
  public static final String AUDIT = "audit";
  /** The model-call audit: one write-once entry per model call, failed and refused ones too (operators only). */
  public static final String MODEL_CALLS = "model-calls";
  /** Breaker openings shared between worker instances, in the areas {@link #breakerOpenings}. */
  public static final String BREAKERS = "breakers";

  private static final java.time.format.DateTimeFormatter HOUR =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(java.time.ZoneOffset.UTC);

  // Areas that span runs (in place of a run id); run ids may not take these names.
  /**
   * What earlier runs of the watch list that keeps the unscoped areas analysed and delivered, for the baseline and the
   * incremental-run reuse; every other list has its own area, {@link #historyArea} (ADR 0023).
   */
  public static final String HISTORY = "history";
  /** The start of a watch list's own history area, {@code history-<watch list>}; run ids may not start with it. */
  public static final String HISTORY_AREA_PREFIX = "history-";
  /**
   * The start of the hourly areas of breaker openings shared between worker instances ({@link #breakerOpening});
   * run ids may not start with it.
   */
  public static final String BREAKERS_PREFIX = "breakers-";
  /** Finished jobs shared between worker instances for the progress API, in the areas {@link #progressEvents}. */
  public static final String PROGRESS = "progress";
  /** The start of the hourly areas of finished jobs shared between worker instances ({@link #progressEvent}). */
  public static final String PROGRESS_PREFIX = "progress-";
  /** The watch lists' schedules: one folder per watch list ({@link #scheduleState}, {@link #scheduleDispatch}). */
  public static final String SCHEDULES = "schedules";
  /** The dashboard site and its entries: {@link ArtefactKey#DASHBOARD}. */
  public static final String DASHBOARD = ArtefactKey.DASHBOARD;
  /** The records of the retention job's runs ({@link #retentionRecord}). */
  public static final String RETENTION = "retention";

  /** Folders inside {@link #DASHBOARD}: the pages, and each watch list's nights ({@link #trendNight}). */
  public static final String DASHBOARD_SITE = "site";
  public static final String TREND_NIGHTS = "nights";

  /** Folders inside {@link #HISTORY}. */
  public static final String HISTORY_ANALYSED = "analysed";
  public static final String HISTORY_REUSE = "reuse";
  public static final String HISTORY_FAILED_PAGES = "failed-pages";
  public static final String HISTORY_SUMMARIES = "summaries";
  public static final String HISTORY_DELIVERED = "delivered";
  /** Which watch list keeps the unscoped areas; only in {@link #HISTORY}. */
  public static final String HISTORY_LISTS = "lists";
  /** The competitor slot of {@link #HISTORY} artefacts that belong to no competitor (pages are shared). */
  public static final String HISTORY_ANY_COMPETITOR = ArtefactKey.RUN_SCOPE;

  /** Name suffix of {@link #analysisProvenance}, for listing a run's provenance records. */
  public static final String PROVENANCE_SUFFIX = "-provenance.json";
  /** Name prefix of {@link #retryFailure}, for counting a run's failures. */
  public static final String RETRY_FAILURE_PREFIX = "failure-";
  /** Name suffix of {@link #parkedRetried}. */
  public static final String PARKED_RETRIED_SUFFIX = ".retried.json";

  private ArtefactKeys() {}

  /**
   * The history area of one watch list that does not keep the unscoped one: {@code history-<watch list>}. Chosen by
   * {@code planning.WatchListScope#historyArea}, which every key below that spans runs takes as its {@code area}.
   */
  public static String historyArea(String watchList) {
    return HISTORY_AREA_PREFIX + watchList;
  }

  /**
   * Which watch list keeps the areas of versions before watch-list scoping ({@link #HISTORY}, unscoped memory
   * namespaces): written once, by the first run planned, with the default watch list of that time. Written and read by
   * {@code planning.PlanningService}.
   */
  public static ArtefactKey unscopedAreasOwner() {
    return ArtefactKey.of(HISTORY, HISTORY_LISTS, ArtefactKey.RUN_SCOPE, "unscoped-areas.json");
  }

  // ---- planning

  /**
   * When the run was planned. Written by {@code planning.PlanningService#plan}; read by
   * {@code PlanningService#startedAt} (the run record's duration).
   */
  public static ArtefactKey runStarted(String runId) {
    return ArtefactKey.forRun(runId, PLANNING, "run-started.json");
  }

  /**
   * The run's configuration, frozen when it is planned. Written by {@code planning.PlanningService#plan}; read by
   * {@code PlanningService#configuration} for every phase.
   */
  public static ArtefactKey runConfiguration(String runId) {
    return ArtefactKey.forRun(runId, PLANNING, "run-configuration.json");
  }

  /**
   * The run's watch list and whether it keeps the unscoped areas, frozen when it is planned. Written by
   * {@code planning.PlanningService#plan}; read by {@code PlanningService#scope} for every key and memory namespace
   * that spans runs. A run planned before watch-list scoping has none: it belongs to the unscoped areas.
   */
  public static ArtefactKey runWatchList(String runId) {
    return ArtefactKey.forRun(runId, PLANNING, "watch-list.json");
  }

  /**
   * The models, fallback chains and prompt texts the run's model calls use, frozen when it is planned. Written by
   * {@code adapters.bedrock.BedrockRunPins#pin}; read by it for every model call of the run.
   */
  public static ArtefactKey pinnedModels(String runId) {
    return ArtefactKey.forRun(runId, PLANNING, "pinned-models.json");
  }

  // ---- research

  /**
   * One source kind's documents for one research round. Written by {@code research.ResearchService#gather}; read by
   * {@code research.ResearchArchive} (sources, documents), which analysis and synthesis use.
   *
   * @param sourceKind the source kind's id ({@code research.SourceKind#id}): website, news, social, market-data
   */
  public static ArtefactKey gatheredSource(String runId, String competitorId, String sourceKind, int round) {
    return ArtefactKey.of(runId, RESEARCH, competitorId, sourceKind + "-round-" + round + ".json");
  }

  /**
   * The sufficiency check's verdict after a research round. Written by {@code research.SufficiencyService}; read by
   * {@code research.ResearchArchive} (whether a next round exists, the latest verdict).
   */
  public static ArtefactKey sufficiencyVerdict(String runId, String competitorId, int round) {
    return ArtefactKey.of(runId, RESEARCH, competitorId, "sufficiency-round-" + round + ".json");
  }

  /**
   * How one competitor's research and analyses ended. Written by {@code research.CompetitorResults#record} (the
   * record-competitor-result job); read by {@code CompetitorResults#of}: the report, its quality check and the Slack
   * post.
   */
  public static ArtefactKey competitorResult(String runId, String competitorId) {
    return ArtefactKey.of(runId, RESEARCH, competitorId, "result.json");
  }

  /**
   * A page that failed for good (robots.txt, not found, binary, too large), across runs, by the SHA-256 of its
   * address. Written and read by {@code research.FailedPages}, which skips the page until the memory expires.
   */
  public static ArtefactKey failedPage(String area, String addressHash) {
    return ArtefactKey.of(area, HISTORY_FAILED_PAGES, HISTORY_ANY_COMPETITOR, addressHash + ".json");
  }

  /**
   * How often a page failed for a reason that may pass (timed out, refused connection) in one run. Written and read
   * by {@code research.FailedPages}, which tries such a page at most twice per run.
   */
  public static ArtefactKey unreachablePage(String runId, String addressHash) {
    return ArtefactKey.forRun(runId, RESEARCH, "unreachable-" + addressHash + ".json");
  }

  // ---- analysis

  /**
   * One analysis of one competitor. Written by {@code analysis.AnalysisService#analyse} (or copied there by the
   * incremental-run reuse); read by {@code synthesis} (report sections, recovered analyses) and by
   * {@code analysis.AnalysisReuse} of a later run.
   *
   * @param analysisKind the analysis kind's id ({@code analysis.AnalysisKind#id}): sentiment, strategy, positioning
   */
  public static ArtefactKey analysis(String runId, String competitorId, String analysisKind) {
    return ArtefactKey.of(runId, ANALYSIS, competitorId, analysisKind + ".json");
  }

  /**
   * Where an analysis came from (made in this run or reused) and the documents it was made from. Written and read by
   * {@code analysis.AnalysisReuse}; read through it by the report and the run record.
   */
  public static ArtefactKey analysisProvenance(String runId, String competitorId, String analysisKind) {
    return ArtefactKey.of(runId, ANALYSIS, competitorId, analysisKind + PROVENANCE_SUFFIX);
  }

  /**
   * A run of the watch list that analysed a competitor (across runs). Written by
   * {@code analysis.AnalysisHistory#recordAnalysed}; read by {@code baseline.Baselines} to find the baseline of runs
   * recorded before delivered reports were (the unscoped area only).
   */
  public static ArtefactKey analysedIn(String area, String competitorId, String runId) {
    return ArtefactKey.of(area, HISTORY_ANALYSED, competitorId, runId + ".json");
  }

  /**
   * The watch list's latest analysis of a kind for a competitor (across runs), with its documents' fingerprints.
   * Written and read by {@code analysis.AnalysisReuse} to reuse an analysis whose documents have not changed.
   */
  public static ArtefactKey reuseIndex(String area, String competitorId, String analysisKind) {
    return ArtefactKey.of(area, HISTORY_REUSE, competitorId, analysisKind + ".json");
  }

  /**
   * A run of the watch list whose report was approved and delivered (across runs; write-once). Written by
   * {@code baseline.Baselines#recordDelivered} (from the run record); listed by {@code Baselines#baselineRun}: the
   * latest is what "what changed" compares with.
   */
  public static ArtefactKey deliveredRun(String area, String runId) {
    return ArtefactKey.of(area, HISTORY_DELIVERED, ArtefactKey.RUN_SCOPE, runId + ".json");
  }

  // ---- synthesis

  /**
   * A report revision as Markdown. Written by {@code synthesis.ReportSynthesis#write}; read by its quality check
   * ({@code synthesis.ReportQuality}) and the e-mail delivery ({@code distribution.DistributionService#email}).
   */
  public static ArtefactKey reportMarkdown(String runId, int revision) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "report-r" + revision + ".md");
  }

  /**
   * A report revision as HTML. Written by {@code synthesis.ReportSynthesis#write}; read by the report link,
   * the e-mail delivery and the dashboard ({@code distribution.DashboardPublisher}).
   */
  public static ArtefactKey reportHtml(String runId, int revision) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "report-r" + revision + ".html");
  }

  /**
   * The short summary of a revision shown in Tasklist; its presence marks the revision as complete. Written by
   * {@code synthesis.ReportSynthesis#write}; read by {@code ReportSynthesis#latest} and the written report.
   */
  public static ArtefactKey reportSummary(String runId, int revision) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "summary-r" + revision + ".md");
  }

  /**
   * The quality findings on a revision. Written by {@code synthesis.ReportQuality#check}; read by it (a retried
   * job) and by the next revision's writer, which acts on the findings.
   */
  public static ArtefactKey qualityReport(String runId, int revision) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "quality-r" + revision + ".json");
  }

  /**
   * The model-written executive summary of a revision, kept so a retried job does not pay for it twice. Written and
   * read by {@code synthesis.ExecutiveSummaries}.
   */
  public static ArtefactKey executiveSummary(String runId, int revision) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "executive-summary-r" + revision + ".md");
  }

  /**
   * Where a revision's executive summary came from: written by the model in this run, or reused from an earlier run
   * whose inputs were the same. Written and read by {@code synthesis.SummaryReuse}; read through it by the report.
   */
  public static ArtefactKey executiveSummaryProvenance(String runId, int revision) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "executive-summary-r" + revision + ".json");
  }

  /**
   * The latest run that holds an executive summary made from the input with this fingerprint (across runs). Written
   * and read by {@code synthesis.SummaryReuse} to reuse a summary whose inputs have not changed.
   *
   * @param fingerprint the summary input's SHA-256, {@code synthesis.SummaryFingerprint}
   */
  public static ArtefactKey summaryReuseIndex(String area, String fingerprint) {
    return ArtefactKey.of(area, HISTORY_SUMMARIES, HISTORY_ANY_COMPETITOR, fingerprint + ".json");
  }

  /**
   * The baseline the run's report compares with (the watch list's last delivered report when the first revision was
   * written, or none), frozen so every revision and retry says the same. Written and read by
   * {@code baseline.Baselines#baselineFor}.
   */
  public static ArtefactKey runBaseline(String runId) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "baseline.json");
  }

  /**
   * What changed since the baseline, short and bounded, as the review form shows it. Written by
   * {@code synthesis.ReportSynthesis#write} before the revision's summary; read by {@code synthesis.WrittenReports}.
   */
  public static ArtefactKey reportChanges(String runId, int revision) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "changes-r" + revision + ".md");
  }

  /**
   * The whole input a revision was rendered from, with the renderer version that rendered it (write-once, one per
   * revision). Written by {@code synthesis.ReportSynthesis#write} before the revision's report; read by
   * {@code synthesis.ReportRebuilds}, which renders the revision again from it alone.
   */
  public static ArtefactKey reportInput(String runId, int revision) {
    return ArtefactKey.forRun(runId, SYNTHESIS, "report-input-r" + revision + ".json");
  }

  // ---- review

  /**
   * The ledger entry of one review reminder or escalation mail to one recipient. Written and read by
   * {@code review.ReviewTimingService} (through {@code distribution.MailOncePerRecipient} and its
   * {@code DeliveryLedger}).
   *
   * @param event "reminder-&lt;n&gt;" or "escalation"
   * @param recipientId a name-based UUID of the address (no address in a key)
   */
  public static ArtefactKey reviewMail(String runId, String event, String recipientId) {
    return ArtefactKey.forRun(runId, REVIEW, event + "-" + recipientId + ".json");
  }

  /**
   * Who completed one review round on a cluster (the Camunda user task's assignee), kept by the completing task
   * listener for the end listener's audit entry. Written and read by {@code review.ReviewAudit}.
   *
   * @param reviewInstance the review round's element instance key
   */
  public static ArtefactKey reviewCompleter(String runId, long reviewInstance) {
    return ArtefactKey.forRun(runId, REVIEW, "completed-by-" + reviewInstance + ".json");
  }

  // ---- distribution

  /**
   * The ledger entry of the report mail to one recipient. Written and read by
   * {@code distribution.DistributionService#email} (through {@code MailOncePerRecipient} and its
   * {@code DeliveryLedger}).
   */
  public static ArtefactKey emailDelivery(String runId, String recipientId) {
    return ArtefactKey.forRun(runId, DISTRIBUTION, "email-" + recipientId + ".json");
  }

  /**
   * The Slack post's ledger entry. Written and read by {@code distribution.DistributionService#slack} (through its
   * {@code DeliveryLedger}).
   */
  public static ArtefactKey slackDelivery(String runId) {
    return ArtefactKey.forRun(runId, DISTRIBUTION, "slack.json");
  }

  /**
   * The write-ahead entry of one attempt at a delivery, written before the message is sent: with
   * {@link #deliveryAttemptFailed} and the delivery's own entry it tells a retried job whether an earlier attempt
   * sent, failed, or stopped in between. Next to the entry, in its folder. Written and read by
   * {@code distribution.DeliveryLedger}.
   *
   * @param entry the delivery's ledger entry ({@link #emailDelivery}, {@link #slackDelivery}, {@link #reviewMail})
   * @param attempt 1, 2, ...
   */
  public static ArtefactKey deliveryAttempt(ArtefactKey entry, int attempt) {
    return ArtefactKey.of(entry.runId(), entry.phase(), entry.competitor(),
        withoutJson(entry.name()) + ".attempt-" + attempt + ".json");
  }

  /**
   * Marks an attempt whose send failed (the service refused the message), so the next attempt may send. Written
   * and read by {@code distribution.DeliveryLedger}.
   */
  public static ArtefactKey deliveryAttemptFailed(ArtefactKey entry, int attempt) {
    return ArtefactKey.of(entry.runId(), entry.phase(), entry.competitor(),
        withoutJson(entry.name()) + ".attempt-" + attempt + ".failed.json");
  }

  private static String withoutJson(String name) {
    return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
  }

  /**
   * The dashboard's entry for one run (across runs). Written by {@code distribution.DashboardPublisher#publish};
   * read by it to build the index.
   */
  public static ArtefactKey dashboardEntry(String runId) {
    return ArtefactKey.dashboard("entries", runId + ".json");
  }

  /** The dashboard's index page. Written by {@code distribution.DashboardPublisher}; read by people. */
  public static ArtefactKey dashboardIndex() {
    return ArtefactKey.dashboard(DASHBOARD_SITE, "index.html");
  }

  /**
   * One night of a watch list on its trend dashboard: what the run that ended saw of each competitor (sentiment,
   * price points, strategic signals, documents against the list's previous night, cost). Written once per run by
   * {@code trends.TrendDashboard#publish} when the run ends; listed and read by {@code trends.WatchListNights} to
   * draw the list's dashboard.
   *
   * @param watchList the list's name ({@code planning.WatchLists#isName}: a safe path segment)
   */
  public static ArtefactKey trendNight(String watchList, String runId) {
    return ArtefactKey.of(DASHBOARD, TREND_NIGHTS, watchList, runId + ".json");
  }

  /**
   * A watch list's trend dashboard page (self-contained HTML with SVG charts). Written by
   * {@code trends.TrendDashboard}; linked from the dashboard's index ({@link #dashboardIndex}); read by people.
   */
  public static ArtefactKey trendDashboard(String watchList) {
    return ArtefactKey.of(DASHBOARD, DASHBOARD_SITE, watchList, "index.html");
  }

  // ---- outcome

  /**
   * The run record: how the run ended, what it kept, its cost. Written by {@code outcome.RunRecordService}; read by
   * the run API and linked from the operators' mail.
   */
  public static ArtefactKey runRecord(String runId) {
    return ArtefactKey.forRun(runId, OUTCOME, "run-record.json");
  }

  /** The operators' failure mail, sent once per run. Written and read by {@code outcome.RunRecordService}. */
  public static ArtefactKey operatorsNotified(String runId) {
    return ArtefactKey.forRun(runId, OUTCOME, "operators-notified.json");
  }

  // ---- schedules (across runs, one folder per watch list)

  /**
   * The latest slot dispatched for a watch list: a hint where the chain of {@link #scheduleDispatch} records ends, so
   * the dispatcher need not walk it from its origin (replaced at each dispatch; the chain decides). Written and read
   * by {@code schedule.ScheduleDispatches}.
   */
  public static ArtefactKey scheduleState(String watchList) {
    return ArtefactKey.of(SCHEDULES, watchList, ArtefactKey.RUN_SCOPE, "state.json");
  }

  /**
   * When the dispatcher first saw the watch list's schedule: the start of its chain of dispatches (slots before it
   * never run). Written once and read by {@code schedule.ScheduleDispatches}.
   */
  public static ArtefactKey scheduleOrigin(String watchList) {
    return ArtefactKey.of(SCHEDULES, watchList, ArtefactKey.RUN_SCOPE, "origin.json");
  }

  /**
   * The dispatch that followed the slot {@code afterSlot} (started or skipped, and which slot): written once, so of
   * two dispatchers (two ticks, two instances) only one acts on a list. Written and read by
   * {@code schedule.ScheduleDispatches}.
   *
   * @param afterSlot the epoch second of the previous dispatched slot (or of the origin)
   */
  public static ArtefactKey scheduleDispatch(String watchList, long afterSlot) {
    return ArtefactKey.of(SCHEDULES, watchList, ArtefactKey.RUN_SCOPE, "after-" + afterSlot + ".json");
  }

  /**
   * The run a dispatch started (its process instance), written once right after the start. Written and read by
   * {@code schedule.ScheduleDispatches}.
   */
  public static ArtefactKey scheduleRun(String watchList, long slot) {
    return ArtefactKey.of(SCHEDULES, watchList, ArtefactKey.RUN_SCOPE, "run-" + slot + ".json");
  }

  /**
   * That a due slot began to wait for the list's previous run (written once per wait, so it is said once). Written
   * and read by {@code schedule.ScheduleDispatches}.
   */
  public static ArtefactKey scheduleWaiting(String watchList, long afterSlot) {
    return ArtefactKey.of(SCHEDULES, watchList, ArtefactKey.RUN_SCOPE, "waiting-after-" + afterSlot + ".json");
  }

  // ---- records kept across the phases

  /**
   * One transient failure of one job attempt. Written by {@code resilience.RetryBudget#record}; read by it
   * (counting the run's failures by listing {@link #RETRY_FAILURES}).
   */
  public static ArtefactKey retryFailure(String runId, long jobKey, int retriesLeft) {
    return ArtefactKey.forRun(runId, RETRY_FAILURES, RETRY_FAILURE_PREFIX + jobKey + "-" + retriesLeft + ".json");
  }

  /**
   * A parked item. Written by {@code resilience.ParkedItems#park} (from the workers that give up on an item); read by
   * {@code ParkedItems#list} for the parked-items API and {@code recovery.ParkedItemRetries}.
   *
   * @param competitorId the competitor, or null for an item of the whole run
   * @param item the item's id, {@code resilience.ParkedItem.What#id}: "news-source", "sentiment-analysis"...
   */
  public static ArtefactKey parked(String runId, String competitorId, String item) {
    return ArtefactKey.of(runId, PARKED, competitorId == null ? ArtefactKey.RUN_SCOPE : competitorId, item + ".json");
  }

  /** Marks a parked item retried successfully. Written by {@code resilience.ParkedItems#markRetried}. */
  public static ArtefactKey parkedRetried(String runId, String competitorId, String item) {
    return ArtefactKey.of(runId, PARKED, competitorId == null ? ArtefactKey.RUN_SCOPE : competitorId,
        item + PARKED_RETRIED_SUFFIX);
  }

  /** The budget policy frozen for the run. Written and read by {@code cost.RunBudget}. */
  public static ArtefactKey budgetPolicy(String runId) {
    return ArtefactKey.forRun(runId, BUDGET, "policy.json");
  }

  /**
   * A budget step the run reached (warned, degraded, stopped). Written and read by {@code cost.RunBudget}.
   *
   * @param step the step's id ({@code cost.BudgetStep#id})
   */
  public static ArtefactKey budgetStep(String runId, String step) {
    return ArtefactKey.forRun(runId, BUDGET, "step-" + step + ".json");
  }

  /** The budget's decision for one model task of one competitor. Written and read by {@code cost.RunBudget}. */
  public static ArtefactKey budgetDecision(String runId, String competitorId, String task) {
    return ArtefactKey.of(runId, BUDGET, competitorId, task + ".json");
  }

  /**
   * One model call's tokens and cost. Written by {@code cost.ModelUsageLedger}; read by it (the run's cost: report,
   * run record, progress).
   *
   * @param competitorId the competitor, or null for a call of the whole run
   * @param callId unique per call
   */
  public static ArtefactKey modelCall(String runId, String competitorId, String task, String callId) {
    return ArtefactKey.of(runId, MODEL_USAGE, competitorId == null ? ArtefactKey.RUN_SCOPE : competitorId,
        task + "-" + callId + ".json");
  }

  /**
   * One model call's audit entry (failed and refused calls too). Written by {@code cost.ModelCallAuditLog}; read by
   * it for the API and the per-run CSV.
   *
   * @param competitorId the competitor, or null for a call of the whole run
   * @param callId unique per call
   */
  public static ArtefactKey modelCallAudit(String runId, String competitorId, String task, String callId) {
    return ArtefactKey.of(runId, MODEL_CALLS, competitorId == null ? ArtefactKey.RUN_SCOPE : competitorId,
        task + "-" + callId + ".json");
  }

  /**
   * The area that holds the breaker openings that end within the hour of {@code until} (UTC), e.g.
   * {@code breakers-2026120623}: a poller lists the areas of the hours an opening still in force can end in, and
   * never an older one, so what it reads stays small however many openings the store keeps.
   */
  public static String breakerOpenings(java.time.Instant until) {
    return BREAKERS_PREFIX + HOUR.format(until);
  }

  /**
   * One breaker opening on one worker instance, shared with the others (write-once; its name says everything, so
   * pollers only list). Written by {@code resilience.BreakerSharing} when a breaker opens; listed by it on every
   * instance, which opens its own breaker of that service until the same time.
   *
   * @param until when the opening ends; chooses the area ({@link #breakerOpenings})
   * @param name {@code <until epoch ms>-<instance>-<service, encoded>.json}, built and read by {@code BreakerSharing}
   */
  public static ArtefactKey breakerOpening(java.time.Instant until, String name) {
    return ArtefactKey.forRun(breakerOpenings(until), BREAKERS, name);
  }

  /**
   * One audit entry (write-once). Written by {@code audit.AuditTrail#record}; read by {@code AuditTrail#entries}
   * (run record, report footer).
   */
  public static ArtefactKey auditEntry(String runId, String entryId) {
    return ArtefactKey.forRun(runId, AUDIT, entryId + ".json");
  }

  // ---- retention

  /**
   * The record of one run of the retention job (what it deleted or, in a dry run, would delete; how much; when),
   * write-once. Written by {@code retention.RetentionService#apply}; read by operators (docs/retention.md).
   *
   * @param name {@code <as-of, yyyyMMdd'T'HHmmss'Z'>-<job key>.json}, built by {@code RetentionService}
   */
  public static ArtefactKey retentionRecord(String name) {
    return ArtefactKey.forRun(RETENTION, RETENTION, name);
  }

  /**
   * The area that holds the finished jobs of every run whose job finished within the hour of {@code at} (UTC), e.g.
   * {@code progress-2026120623}: each instance lists the areas of the last hours, so what it lists stays small
   * however many runs the store keeps.
   */
  public static String progressEvents(java.time.Instant at) {
    return PROGRESS_PREFIX + HOUR.format(at);
  }

  /**
   * One finished job as one worker instance saw it (write-once). Written by {@code progress.ProgressJournal} on the
   * instance whose worker handled the job (with {@code rivalwatch.deployment.instances} above 1); listed and read by
   * it on every instance, so each instance's progress API counts every instance's jobs.
   *
   * @param name {@code <epoch ms, 13 digits>-<instance>-<sequence>.json}, built by {@code ProgressJournal}
   */
  public static ArtefactKey progressEvent(java.time.Instant at, String name) {
    return ArtefactKey.forRun(progressEvents(at), PROGRESS, name);
  }
}
