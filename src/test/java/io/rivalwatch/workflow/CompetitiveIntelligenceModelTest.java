package io.rivalwatch.workflow;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static io.rivalwatch.workflow.EmbeddedEngineModels.USER_TASK_JOB_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives {@code bpmn/competitive-intelligence.bpmn} (and the competitor-research process it calls) on the
 * embedded engine with hand-completed jobs, no application code: one test per path of docs/process.md, each
 * checking that the variables flow as the contract says.
 */
@ZeebeProcessTest
class CompetitiveIntelligenceModelTest {

  private static final List<String> GATHER_JOBS = CompetitorResearchModelTest.GATHER_JOBS;
  private static final Map<String, String> ANALYSIS_STATUS =
      Map.of(
          JobTypes.ANALYSE_SENTIMENT, "sentimentStatus",
          JobTypes.ANALYSE_STRATEGY, "strategyStatus",
          JobTypes.ANALYSE_POSITIONING, "positioningStatus");
  private static final List<String> DELIVERY_JOBS =
      List.of(JobTypes.DELIVER_EMAIL, JobTypes.DELIVER_SLACK, JobTypes.PUBLISH_DASHBOARD);

  private static final String REVIEW_WAIT_JOB = JobTypes.RECORD_REVIEW_WAIT;

  private ZeebeTestEngine engine;
  private ZeebeClient client;
  private JobDriver jobs;

  @BeforeEach
  void deploy() {
    jobs = new JobDriver(engine, client);
    EmbeddedEngineModels.deployForEmbeddedEngine(client);
  }

  // ---- the steps of a run, played by hand

  private ProcessInstanceEvent startManualRun() {
    final ProcessInstanceEvent instance =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("competitive-intelligence")
            .latestVersion()
            .variables(Map.of("watchList", "nightly"))
            .send()
            .join();
    jobs.waitForIdle();
    return instance;
  }

  private void planRun(final String... competitorIds) {
    planRunEscalating("keep-waiting", competitorIds);
  }

  /** Plan run as the worker completes it: the run's id, its competitors and the review's timing. */
  private void planRunEscalating(final String onEscalation, final String... competitorIds) {
    final Map<String, Object> plan = new HashMap<>();
    plan.put("runId", "run-1");
    plan.put("competitorIds", List.of(competitorIds));
    plan.put("competitorCount", competitorIds.length);
    plan.put("reviewDueAfter", "PT24H");
    plan.put("reviewRemindBefore", "PT4H");
    plan.put("reviewRemindAfter", "PT20H");
    plan.put("reviewEscalateAfter", "PT48H");
    plan.put("reviewEscalation", onEscalation);
    final ActivatedJob job = jobs.complete(JobTypes.PLAN_RUN, plan);
    assertThat(job.getVariablesAsMap()).containsEntry("watchList", "nightly")
        .as("only the watch list schedule sets a trigger").doesNotContainKey("runTrigger");
  }

  private static String competitor(final ActivatedJob job) {
    return (String) job.getVariablesAsMap().get("competitorId");
  }

  /**
   * Gathers every source of every open competitor; the last gathering of each competitor's round carries its
   * decision, as the gathering that finds the round complete does.
   */
  private void gatherAndDecide(final Map<String, String> decisionByCompetitor) {
    for (final String type : GATHER_JOBS) {
      final boolean last = type.equals(GATHER_JOBS.getLast());
      jobs.completeAll(
          type,
          decisionByCompetitor.size(),
          job ->
              last
                  ? Map.of(
                      CompetitorResearchModelTest.statusVariable(type), "ok",
                      "researchDecision", decisionByCompetitor.get(competitor(job)),
                      "researchRound", 0,
                      "researchNote", "note on " + competitor(job))
                  : Map.of(CompetitorResearchModelTest.statusVariable(type), "ok"));
    }
  }

  /** Completes the three analyses of one competitor, each with a status naming the competitor. */
  private void analyse(final String competitorId) {
    for (final var analysis : ANALYSIS_STATUS.entrySet()) {
      final ActivatedJob job =
          jobs.activate(analysis.getKey()).stream()
              .filter(j -> competitorId.equals(competitor(j)))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no " + analysis.getKey() + " job for " + competitorId));
      jobs.complete(job, Map.of(analysis.getValue(), "ok: " + analysis.getValue() + " of " + competitorId));
    }
  }

  private void researchAll(final String... competitorIds) {
    final Map<String, String> decisions = new LinkedHashMap<>();
    for (final String id : competitorIds) {
      decisions.put(id, "sufficient");
    }
    gatherAndDecide(decisions);
    for (final String id : competitorIds) {
      analyse(id);
    }
    recordResults(competitorIds.length);
  }

  /**
   * Completes the end listener of every competitor that ended, as the result recorder would; returns, by
   * competitor, the variables the listener was given.
   */
  private Map<String, Map<String, Object>> recordResults(final int expected) {
    final Map<String, Map<String, Object>> byCompetitor = new java.util.TreeMap<>();
    jobs.completeAll(JobTypes.RECORD_COMPETITOR_RESULT, expected, job -> Map.of())
        .forEach(job -> byCompetitor.put(competitor(job), job.getVariablesAsMap()));
    return byCompetitor;
  }

  private ActivatedJob writeReport(final int revision) {
    return jobs.complete(
        JobTypes.WRITE_REPORT,
        Map.of(
            "reportRevision", revision,
            "reportRef", "run-1/report/all/report-r" + revision + ".md",
            "reportUrl", "http://localhost:8080/reports/run-1?revision=" + revision,
            "reportSummary", "Summary, revision " + revision));
  }

  private ActivatedJob checkQuality(final String decision, final int attempt) {
    return jobs.complete(
        JobTypes.CHECK_REPORT_QUALITY,
        Map.of(
            "qualityDecision", decision,
            "qualityFindings", List.of("finding " + attempt),
            "qualityAttempt", attempt));
  }

  /** Completes the review (as Tasklist would), then its end listener, which records how long it waited. */
  private ActivatedJob review(final String decision, final String comments) {
    return review(decision, comments, null);
  }

  /**
   * {@link #review(String, String)}, the completer naming themselves in {@code reviewedBy} (null: naming nobody).
   * The end listener, which records the decision in the audit trail, runs in the same element instance and sees that
   * round's reviewer.
   */
  private ActivatedJob review(final String decision, final String comments, final String reviewedBy) {
    final Map<String, Object> variables = new HashMap<>();
    variables.put("reviewDecision", decision);
    variables.put("reviewComments", comments);
    if (reviewedBy != null) {
      variables.put("reviewedBy", reviewedBy);
    }
    final ActivatedJob task = jobs.complete(USER_TASK_JOB_TYPE, variables);
    final ActivatedJob waitRecorded = jobs.complete(REVIEW_WAIT_JOB, Map.of());
    assertThat(waitRecorded.getElementId()).isEqualTo("UserTask_ReviewReport");
    assertThat(waitRecorded.getElementInstanceKey()).as("the listener runs in the review round's own instance")
        .isEqualTo(task.getElementInstanceKey());
    assertThat(waitRecorded.getVariablesAsMap()).containsEntry("reviewDecision", decision)
        .containsEntry("reviewedBy", reviewedBy)
        .hasEntrySatisfying("reviewWait", wait -> assertThat(Duration.parse((String) wait).isNegative()).isFalse());
    return task;
  }

  private void reachReview(final ProcessInstanceEvent instance) {
    planRun("acme");
    researchAll("acme");
    writeReport(1);
    checkQuality("passed", 1);
    assertThat(instance).isWaitingAtElements("UserTask_ReviewReport");
  }

  private void deliverEverywhere() {
    jobs.complete(JobTypes.DELIVER_EMAIL, Map.of("emailDelivery", "sent"));
    jobs.complete(JobTypes.DELIVER_SLACK, Map.of("slackDelivery", "posted"));
    jobs.complete(JobTypes.PUBLISH_DASHBOARD, Map.of("dashboardDelivery", "published"));
  }

  // ---- the paths

  @Test
  void parallelCompetitorsEachReturnTheirOwnResultAndTheApprovedReportIsDelivered() {
    final ProcessInstanceEvent instance = startManualRun();
    planRun("acme", "globex");
    gatherAndDecide(Map.of("acme", "sufficient", "globex", "sufficient"));

    // both competitors are analysed at the same time; the second one finishes first
    final Map<String, List<ActivatedJob>> analysesByCompetitor = new HashMap<>();
    for (final String type : ANALYSIS_STATUS.keySet()) {
      final List<ActivatedJob> open = jobs.activate(type);
      assertThat(open)
          .extracting(CompetitiveIntelligenceModelTest::competitor)
          .containsExactlyInAnyOrder("acme", "globex");
      open.forEach(job -> analysesByCompetitor.computeIfAbsent(competitor(job), id -> new ArrayList<>()).add(job));
    }
    for (final String competitorId : List.of("globex", "acme")) {
      for (final ActivatedJob job : analysesByCompetitor.get(competitorId)) {
        final String status = ANALYSIS_STATUS.get(job.getType());
        jobs.complete(job, Map.of(status, "ok: " + status + " of " + competitorId));
      }
      if (competitorId.equals("globex")) {
        jobs.assertNoJob(JobTypes.WRITE_REPORT);
      }
    }

    final long key = instance.getProcessInstanceKey();
    // each competitor's end listener sees that competitor's own decision and statuses, whatever order they ended in
    final Map<String, Map<String, Object>> results = recordResults(2);
    assertThat(results).containsOnlyKeys("acme", "globex");
    assertThat(results.get("acme"))
        .containsEntry("runId", "run-1")
        .containsEntry("researchDecision", "sufficient")
        .containsEntry("researchNote", "note on acme")
        .containsEntry("sentimentStatus", "ok: sentimentStatus of acme")
        .containsEntry("strategyStatus", "ok: strategyStatus of acme")
        .containsEntry("positioningStatus", "ok: positioningStatus of acme");
    assertThat(results.get("globex"))
        .containsEntry("researchNote", "note on globex")
        .containsEntry("sentimentStatus", "ok: sentimentStatus of globex")
        .containsEntry("strategyStatus", "ok: strategyStatus of globex")
        .containsEntry("positioningStatus", "ok: positioningStatus of globex");
    // results live in the artefact store, not in the run: nothing per competitor comes back into the run's scope
    assertThat(jobs.rootVariableJson(key, "competitorResults")).isEmpty();
    assertThat(jobs.rootVariableJson(key, "competitorResult")).isEmpty();
    assertThat(jobs.rootVariableJson(key, "competitorId")).isEmpty();

    // the report writer sees the run's references, not the competitor processes' own variables
    final ActivatedJob write = writeReport(1);
    assertThat(write.getVariablesAsMap())
        .containsEntry("runId", "run-1")
        .doesNotContainKeys("websiteStatus", "sentimentStatus", "researchDecision", "competitorResults");

    final ActivatedJob quality = checkQuality("accept-with-findings", 1);
    assertThat(quality.getVariablesAsMap()).containsEntry("reportRef", "run-1/report/all/report-r1.md");

    final ActivatedJob reviewTask = review("approve", "fine");
    assertThat(reviewTask.getCustomHeaders())
        .containsEntry("io.camunda.zeebe:candidateGroups", "[\"analysts\"]")
        .containsKey("io.camunda.zeebe:formKey");
    assertThat(reviewTask.getVariablesAsMap())
        .containsEntry("reportSummary", "Summary, revision 1")
        .containsEntry("reportUrl", "http://localhost:8080/reports/run-1?revision=1")
        .containsEntry("qualityFindings", List.of("finding 1"));

    deliverEverywhere();
    final ActivatedJob record = jobs.complete(JobTypes.RECORD_RUN_OUTCOME, Map.of("runOutcome", "delivered"));
    assertThat(record.getVariablesAsMap())
        .containsEntry("reviewDecision", "approve")
        .containsEntry("emailDelivery", "sent")
        .containsEntry("slackDelivery", "posted")
        .containsEntry("dashboardDelivery", "published");

    assertThat(instance)
        .isCompleted()
        .hasPassedElement("StartEvent_Manual")
        .hasCalledProcess("competitor-research")
        .hasPassedElement("EndEvent_ReportDelivered")
        .hasNotPassedElement("Task_RecordRejected")
        .hasVariableWithValue("runOutcome", "delivered");
  }

  @Test
  void skippedCompetitorIsRecordedWithoutAnalyses() {
    final ProcessInstanceEvent instance = startManualRun();
    planRun("acme", "initech");
    gatherAndDecide(Map.of("acme", "sufficient", "initech", "skip"));
    // the skipped competitor ends at once: its result is recorded while the other is still being analysed
    assertThat(recordResults(1).get("initech"))
        .containsEntry("researchDecision", "skip")
        .containsEntry("researchNote", "note on initech")
        .doesNotContainKeys("sentimentStatus", "strategyStatus", "positioningStatus");
    analyse("acme");
    assertThat(recordResults(1).get("acme")).containsEntry("researchDecision", "sufficient");
    assertThat(instance).hasNoIncidents().isWaitingAtElements("Task_WriteReport");
  }

  @Test
  void failedAnalysisCarriesItsStatusIntoTheCompetitorResult() {
    final ProcessInstanceEvent instance = startManualRun();
    planRun("acme");
    gatherAndDecide(Map.of("acme", "sufficient"));
    jobs.throwError(
        JobTypes.ANALYSE_SENTIMENT, "ANALYSIS_FAILED", Map.of("sentimentStatus", "failed: model unavailable"));
    jobs.complete(JobTypes.ANALYSE_STRATEGY, Map.of("strategyStatus", "ok"));
    jobs.complete(JobTypes.ANALYSE_POSITIONING, Map.of("positioningStatus", "ok"));

    assertThat(recordResults(1).get("acme"))
        .containsEntry("sentimentStatus", "failed: model unavailable")
        .containsEntry("strategyStatus", "ok")
        .containsEntry("positioningStatus", "ok");
    assertThat(instance).isWaitingAtElements("Task_WriteReport");
  }

  @Test
  void qualityReviseLoopsBackToWriteReport() {
    final ProcessInstanceEvent instance = startManualRun();
    planRun("acme");
    researchAll("acme");
    writeReport(1);
    checkQuality("revise", 1);

    final ActivatedJob rewrite = writeReport(2);
    assertThat(rewrite.getVariablesAsMap())
        .containsEntry("reportRevision", 1)
        .containsEntry("qualityFindings", List.of("finding 1"));
    final ActivatedJob recheck = checkQuality("passed", 2);
    assertThat(recheck.getVariablesAsMap()).containsEntry("qualityAttempt", 1).containsEntry("reportRevision", 2);

    assertThat(instance)
        .hasPassedElement("Task_WriteReport", 2)
        .hasPassedElement("Task_CheckQuality", 2)
        .isWaitingAtElements("UserTask_ReviewReport");
  }

  @Test
  void requestChangesLoopsBackWithTheCommentsAndResetsTheQualityAttempts() {
    final ProcessInstanceEvent instance = startManualRun();
    reachReview(instance);
    review("request-changes", "Add Globex's price cut");

    final ActivatedJob rewrite = writeReport(2);
    assertThat(rewrite.getVariablesAsMap())
        .containsEntry("reviewDecision", "request-changes")
        .containsEntry("reviewComments", "Add Globex's price cut")
        .containsEntry("qualityAttempt", 0);
    final ActivatedJob recheck = checkQuality("passed", 1);
    assertThat(recheck.getVariablesAsMap()).containsEntry("qualityAttempt", 0);

    review("approve", "");
    deliverEverywhere();
    jobs.complete(JobTypes.RECORD_RUN_OUTCOME, Map.of("runOutcome", "delivered"));
    assertThat(instance)
        .isCompleted()
        .hasPassedElement("UserTask_ReviewReport", 2)
        .hasPassedElement("EndEvent_ReportDelivered");
    assertThat(jobs.rootVariable(instance.getProcessInstanceKey(), "reviewDecision")).isEqualTo("approve");
  }

  /**
   * Each review round names its own reviewer: the second completer, who names nobody, is not given the first one's
   * name (the task maps {@code reviewedBy} in as null), and each round's end listener runs in its own instance.
   */
  @Test
  void eachReviewRoundCarriesItsOwnReviewerToTheEndListener() {
    final ProcessInstanceEvent instance = startManualRun();
    reachReview(instance);
    final ActivatedJob first = review("request-changes", "Add Globex's price cut", "alice");
    writeReport(2);
    checkQuality("passed", 1);
    final ActivatedJob second = review("approve", "", null);

    assertThat(second.getElementInstanceKey()).isNotEqualTo(first.getElementInstanceKey());
    deliverEverywhere();
    final ActivatedJob record = jobs.complete("rivalwatch-record-run-outcome", Map.of("runOutcome", "delivered"));
    assertThat(record.getVariablesAsMap()).containsEntry("reviewedBy", null);
    assertThat(instance).isCompleted();
  }

  @Test
  void rejectRecordsTheRejectionAndDeliversNothing() {
    final ProcessInstanceEvent instance = startManualRun();
    reachReview(instance);
    review("reject", "Not useful this week");

    final ActivatedJob record = jobs.complete(JobTypes.RECORD_RUN_OUTCOME, Map.of("runOutcome", "rejected"));
    assertThat(record.getElementId()).isEqualTo("Task_RecordRejected");
    assertThat(record.getVariablesAsMap())
        .containsEntry("reviewDecision", "reject")
        .containsEntry("reviewComments", "Not useful this week");
    DELIVERY_JOBS.forEach(jobs::assertNoJob);
    assertThat(instance)
        .isCompleted()
        .hasPassedElement("EndEvent_ReportRejected")
        .hasNotPassedElement("EndEvent_ReportDelivered");
  }

  @Test
  void failedDeliveryDoesNotBlockTheOtherChannels() {
    final ProcessInstanceEvent instance = startManualRun();
    reachReview(instance);
    review("approve", "");

    final List<ActivatedJob> open = DELIVERY_JOBS.stream().map(jobs::single).toList();
    jobs.throwError(open.get(0), "DELIVERY_FAILED", Map.of("emailDelivery", "failed: SMTP refused"));
    jobs.complete(open.get(1), Map.of("slackDelivery", "posted"));
    jobs.complete(open.get(2), Map.of("dashboardDelivery", "published"));

    final ActivatedJob record =
        jobs.complete(JobTypes.RECORD_RUN_OUTCOME, Map.of("runOutcome", "partly delivered"));
    assertThat(record.getElementId()).isEqualTo("Task_RecordDelivered");
    assertThat(record.getVariablesAsMap())
        .containsEntry("emailDelivery", "failed: SMTP refused")
        .containsEntry("slackDelivery", "posted")
        .containsEntry("dashboardDelivery", "published");
    assertThat(instance)
        .isCompleted()
        .hasPassedElement("BoundaryEvent_EmailFailed")
        .hasNotPassedElement("BoundaryEvent_SlackFailed")
        .hasPassedElement("EndEvent_ReportDelivered");
  }

  @Test
  void runFailedEndsTheRunInTheEventSubprocess() {
    final ProcessInstanceEvent instance = startManualRun();
    planRun("acme");
    researchAll("acme");
    jobs.throwError(
        JobTypes.WRITE_REPORT,
        "RUN_FAILED",
        Map.of("failureCode", "RUN_FAILED", "failureStep", "write-report", "failureMessage", "no model answered"));

    final ActivatedJob recordFailure =
        jobs.complete(JobTypes.RECORD_RUN_FAILURE, Map.of("runOutcome", "failed"));
    assertThat(recordFailure.getVariablesAsMap())
        .containsEntry("runId", "run-1")
        .containsEntry("failureCode", "RUN_FAILED")
        .containsEntry("failureStep", "write-report")
        .containsEntry("failureMessage", "no model answered");
    final ActivatedJob notify = jobs.complete(JobTypes.NOTIFY_OPERATORS, Map.of("operatorsNotified", true));
    assertThat(notify.getVariablesAsMap())
        .containsEntry("failureCode", "RUN_FAILED")
        .containsEntry("runOutcome", "failed");

    jobs.assertNoJob(JobTypes.CHECK_REPORT_QUALITY);
    assertThat(instance)
        .isCompleted()
        .hasPassedElement("StartEvent_RunFailed")
        .hasPassedElement("EndEvent_RunFailed")
        .hasNotPassedElement("EndEvent_ReportDelivered");
  }

  @Test
  void invalidConfigurationEndsTheRunInTheEventSubprocess() {
    final ProcessInstanceEvent instance = startManualRun();
    jobs.throwError(
        JobTypes.PLAN_RUN,
        "INVALID_CONFIGURATION",
        Map.of("failureCode", "INVALID_CONFIGURATION", "failureStep", "plan-run", "failureMessage", "no competitors"));

    final ActivatedJob recordFailure = jobs.complete(JobTypes.RECORD_RUN_FAILURE, Map.of("runOutcome", "failed"));
    assertThat(recordFailure.getVariablesAsMap()).containsEntry("failureCode", "INVALID_CONFIGURATION");
    jobs.complete(JobTypes.NOTIFY_OPERATORS, Map.of("operatorsNotified", true));
    assertThat(instance).isCompleted().hasPassedElement("EndEvent_RunFailed").hasNotCalledProcess();
  }

  @Test
  void errorEscapingACompetitorEndsTheWholeRunInTheEventSubprocess() {
    final ProcessInstanceEvent instance = startManualRun();
    planRun("acme", "globex");
    for (final String type : GATHER_JOBS.subList(0, GATHER_JOBS.size() - 1)) {
      jobs.completeAll(type, 2, job -> Map.of());
    }
    // the round's last gathering fails the run (its judgement could not read the store)
    final List<ActivatedJob> lastGatherings = jobs.activate(GATHER_JOBS.getLast());
    final ActivatedJob acme =
        lastGatherings.stream().filter(j -> "acme".equals(competitor(j))).findFirst().orElseThrow();
    jobs.throwError(
        acme,
        "RUN_FAILED",
        Map.of(
            "failureCode", "RUN_FAILED",
            "failureStep", "gather-market-data",
            "failureMessage", "store gone"));

    final ActivatedJob recordFailure = jobs.complete(JobTypes.RECORD_RUN_FAILURE, Map.of("runOutcome", "failed"));
    assertThat(recordFailure.getVariablesAsMap())
        .containsEntry("failureStep", "gather-market-data")
        .containsEntry("failureMessage", "store gone");
    jobs.complete(JobTypes.NOTIFY_OPERATORS, Map.of("operatorsNotified", true));

    // the other competitor was cancelled with the run
    jobs.assertNoJob(JobTypes.ANALYSE_SENTIMENT);
    assertThat(instance).isCompleted().hasPassedElement("EndEvent_RunFailed").hasNoIncidents();
  }

  // ---- review timing: the engine's clock is moved on, the timers fire

  @Test
  void theReviewIsDueAfterItsWait_andTheReminderFiresBeforeWhileTheReviewStaysOpen() {
    final ProcessInstanceEvent instance = startManualRun();
    reachReview(instance);
    final ActivatedJob task = jobs.single(USER_TASK_JOB_TYPE);
    final java.time.ZonedDateTime due =
        java.time.ZonedDateTime.parse(task.getCustomHeaders().get("io.camunda.zeebe:dueDate"));
    // the engine's clock when it handed out the job: its deadline less the job's timeout
    final java.time.Instant engineNow = java.time.Instant.ofEpochMilli(task.getDeadline()).minus(Duration.ofMinutes(10));
    assertThat(Duration.between(engineNow, due.toInstant()))
        .isBetween(Duration.ofHours(24).minusMinutes(1), Duration.ofHours(24));
    client.newFailCommand(task.getKey()).retries(task.getRetries()).send().join();

    engine.increaseTime(Duration.ofHours(19));
    jobs.assertNoJob(JobTypes.REMIND_REVIEWER);
    engine.increaseTime(Duration.ofHours(1).plusMinutes(1));
    final ActivatedJob reminder = jobs.complete(JobTypes.REMIND_REVIEWER, Map.of("reviewerReminded", "sent"));
    assertThat(reminder.getElementId()).isEqualTo("Task_RemindReviewer");
    assertThat(reminder.getVariablesAsMap()).containsEntry("runId", "run-1").containsKey("reportUrl");
    // the reminder names the same due date as the task (both from the engine's clock, a few ms apart)
    final java.time.ZonedDateTime dueInReminder =
        java.time.ZonedDateTime.parse((String) reminder.getVariablesAsMap().get("reviewDueAt"));
    assertThat(Duration.between(due, dueInReminder).abs()).isLessThan(Duration.ofMinutes(2));
    assertThat(instance).hasPassedElement("EndEvent_ReviewerReminded").isWaitingAtElements("UserTask_ReviewReport");

    review("approve", "");
    deliverEverywhere();
    jobs.complete(JobTypes.RECORD_RUN_OUTCOME, Map.of("runOutcome", "delivered"));
    assertThat(instance).isCompleted().hasPassedElement("EndEvent_ReportDelivered")
        .hasNotPassedElement("Task_EscalateReview");
  }

  @Test
  void theReviewsWaitIsMeasuredOnTheEnginesClock() {
    final ProcessInstanceEvent instance = startManualRun();
    reachReview(instance);
    engine.increaseTime(Duration.ofHours(3));

    final Map<String, Object> decision = Map.of("reviewDecision", "reject", "reviewComments", "");
    jobs.complete(USER_TASK_JOB_TYPE, decision);
    final ActivatedJob waitRecorded = jobs.complete(REVIEW_WAIT_JOB, Map.of());

    assertThat(Duration.parse((String) waitRecorded.getVariablesAsMap().get("reviewWait")))
        .isBetween(Duration.ofHours(3), Duration.ofHours(3).plusMinutes(1));
    // the decision waits for the listener: nothing after the review ran before it was done
    jobs.complete(JobTypes.RECORD_RUN_OUTCOME, Map.of("runOutcome", "rejected"));
    assertThat(instance).isCompleted().hasPassedElement("EndEvent_ReportRejected");
  }

  @Test
  void escalationThatKeepsWaiting_notifiesAndOpensTheReviewAgain() {
    final ProcessInstanceEvent instance = startManualRun();
    reachReview(instance);

    engine.increaseTime(Duration.ofHours(20).plusMinutes(1));
    jobs.complete(JobTypes.REMIND_REVIEWER, Map.of("reviewerReminded", "sent"));
    engine.increaseTime(Duration.ofHours(28));
    final ActivatedJob escalation =
        jobs.complete(JobTypes.ESCALATE_REVIEW, Map.of("reviewEscalated", "notified"));
    assertThat(escalation.getVariablesAsMap()).containsEntry("reviewEscalation", "keep-waiting")
        .containsEntry("reviewEscalateAfter", "PT48H");
    // an interrupting timer ends the task without its end listener: the escalation records the wait itself
    jobs.assertNoJob(REVIEW_WAIT_JOB);

    // the first review was ended by the timer (not passed), the second one is open
    assertThat(instance).hasPassedElement("BoundaryEvent_ReviewOverdue").hasNotPassedElement("UserTask_ReviewReport")
        .isWaitingAtElements("UserTask_ReviewReport");
    review("approve", "Sorry, I was away.");
    deliverEverywhere();
    jobs.complete(JobTypes.RECORD_RUN_OUTCOME, Map.of("runOutcome", "delivered"));
    assertThat(instance).isCompleted().hasPassedElement("EndEvent_ReportDelivered")
        .hasNotPassedElement("Task_PublishInternally");
  }

  @Test
  void escalationThatPublishesInternally_publishesToTheDashboardOnlyMarkedNotReviewed() {
    final ProcessInstanceEvent instance = startManualRun();
    planRunEscalating("publish-internally", "acme");
    researchAll("acme");
    writeReport(1);
    checkQuality("passed", 1);

    engine.increaseTime(Duration.ofHours(48).plusMinutes(1));
    jobs.completeAll(JobTypes.REMIND_REVIEWER, 1, job -> Map.of("reviewerReminded", "sent"));
    jobs.complete(JobTypes.ESCALATE_REVIEW, Map.of("reviewEscalated", "notified"));

    final ActivatedJob publish = jobs.complete(JobTypes.PUBLISH_DASHBOARD, Map.of("dashboardDelivery", "published"));
    assertThat(publish.getElementId()).isEqualTo("Task_PublishInternally");
    assertThat(publish.getVariablesAsMap()).containsEntry("reportReviewed", false);
    final ActivatedJob record =
        jobs.complete(JobTypes.RECORD_RUN_OUTCOME, Map.of("runOutcome", "published-internally-unreviewed"));
    assertThat(record.getElementId()).isEqualTo("Task_RecordUnreviewed");
    assertThat(record.getCustomHeaders()).containsEntry("outcome", "published-internally-unreviewed");
    assertThat(record.getVariablesAsMap()).containsEntry("reviewEscalation", "publish-internally")
        .doesNotContainKey("reviewDecision");
    jobs.assertNoJob(JobTypes.DELIVER_EMAIL);
    jobs.assertNoJob(JobTypes.DELIVER_SLACK);
    jobs.assertNoJob(USER_TASK_JOB_TYPE);
    assertThat(instance).isCompleted().hasPassedElement("EndEvent_PublishedInternally")
        .hasNotPassedElement("EndEvent_ReportDelivered");
  }

  @Test
  void theRunHasNoClockOfItsOwn_theWatchListScheduleStartsIt() {
    // bpmn/watch-list-schedule.bpmn starts each watch list's run at the list's own time, through the none start event
    jobs.assertNoJob(JobTypes.PLAN_RUN);
    engine.increaseTime(Duration.ofDays(1));

    jobs.assertNoJob(JobTypes.PLAN_RUN);
  }
}
