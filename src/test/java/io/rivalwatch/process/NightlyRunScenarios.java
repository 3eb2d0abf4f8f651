package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.rivalwatch.analysis.Analyser;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.outcome.RunRecord;
import io.rivalwatch.synthesis.WrittenReports;
import io.rivalwatch.testsupport.EngineRecords;
import io.rivalwatch.testsupport.ProcessTestBase;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.mockito.Mockito;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Every path of bpmn/competitive-intelligence.bpmn and bpmn/competitor-research.bpmn, run by the real workers on
 * the embedded engine against the sample web, an SMTP server and the Slack stand-in. Each subclass runs them with
 * one set of adapters; its context is closed afterwards, so only its workers serve the shared engine.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class NightlyRunScenarios extends ProcessTestBase {

  /** How the report names who produced the analyses with these adapters. */
  protected abstract String expectedProducer();

  /** Analysis calls the language model service has received so far (0 without a model). */
  protected abstract long analysisModelCalls();

  /** How many model calls {@code analyses} analyses make with these adapters. */
  protected abstract long expectedModelCalls(int analyses);

  private static final String TWO_COMPETITORS = "acme-and-globex";

  private static final Pattern CLAIM_LINE = Pattern.compile("^- .*$", Pattern.MULTILINE);

  @Autowired protected ArtefactStore store;
  @Autowired protected ArtefactJson json;
  @Autowired private io.micrometer.core.instrument.MeterRegistry meters;
  @Autowired WrittenReports reports;
  @Autowired io.rivalwatch.research.CompetitorResults results;
  @Autowired MemoryStore memory;
  @Autowired AuditTrail audit;
  @Autowired io.rivalwatch.research.ResearchArchive researchArchive;
  // an operator: starts runs and retries parked items
  org.springframework.boot.test.web.client.TestRestTemplate http;
  // the analyser the workers call, wrapped so that its invocations can be counted
  @MockitoSpyBean Analyser analyser;

  @BeforeEach
  void clearMail() throws Exception {
    http = signedInAs(io.rivalwatch.testsupport.LocalEnvironment.OPERATOR);
    environment.mail().purgeEmailFromAllMailboxes();
  }

  @Test
  void happyPath_researchesAnalysesReviewsAndDelivers() throws Exception {
    long run = startRun(null);
    review(run, "approve", "Looks right.");
    awaitEnded(run);

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered").doesNotContain("EndEvent_RunFailed");
    assertThat(records.incidents(run)).isEmpty();
    // the sample's word budget fits a full first draft: no quality loop
    assertThat(records.countActivated(run, "Task_WriteReport")).isEqualTo(1);
    String runId = runId(run);
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.status()).isEqualTo("delivered");
    assertThat(record.details()).containsEntry("email", "sent to 1 recipient").containsEntry("slack", "posted")
        .hasEntrySatisfying("dashboard", v -> assertThat(v).startsWith("published"));
    // the ended run is a night of its watch list's trend dashboard, with what it saw of each competitor
    String list = io.rivalwatch.testsupport.LocalEnvironment.DEFAULT_WATCH_LIST;
    var night = json.require(ArtefactKeys.trendNight(list, runId), io.rivalwatch.trends.Night.class);
    assertThat(night.status()).isEqualTo("delivered");
    assertThat(night.competitors()).extracting(io.rivalwatch.trends.Night.CompetitorNight::id)
        .containsExactly("acme", "globex", "initech");
    assertThat(night.competitors().get(0).sentiment()).isNotNull();
    assertThat(night.competitors().get(0).pricePoints()).isNotEmpty();
    assertThat(night.competitors().get(0).documents().added() + night.competitors().get(0).documents().unchanged()
        + night.competitors().get(0).documents().changed()).isPositive();
    assertThat(new String(store.read(ArtefactKeys.trendDashboard(list)).orElseThrow(),
        java.nio.charset.StandardCharsets.UTF_8)).contains("data-night=\"" + runId + "\"");

    String report = latestReport(runId);
    assertThat(report).contains("## Acme Analytics", "## Globex Data", "## Initech Cloud");
    assertThat(report).contains("Analyses by: " + expectedProducer());
    assertEveryAnalysisClaimCitesASource(report);

    // the audit trail names who started the run and who approved it: in the store, the run record and the report
    List<AuditEntry> trail = audit.entries(runId);
    assertThat(trail).extracting(AuditEntry::action, AuditEntry::actor).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AuditAction.RUN_STARTED, TEST_OPERATOR),
        org.assertj.core.groups.Tuple.tuple(AuditAction.REVIEW_DECIDED, TEST_REVIEWER));
    assertThat(trail.get(1).details()).containsEntry("decision", "approve").containsEntry("revision", "1")
        .containsEntry("commentsLength", "12");
    assertThat(record.audit()).isEqualTo(trail);
    assertThat(report).contains("## Audit trail", "- run started by " + TEST_OPERATOR + " at ")
        .doesNotContain("approved by");

    MimeMessage[] mails = environment.mail().getReceivedMessages();
    assertThat(mails).anySatisfy(m -> assertThat(m.getAllRecipients()[0].toString()).isEqualTo("analysts@rivalwatch.local"));
    // the delivered message says who approved the report (written before the approval, the report cannot)
    assertThat(textParts(mails[0])).allSatisfy(part -> assertThat(part).contains("Approved by " + TEST_REVIEWER + " at "))
        .hasSize(2);
    assertThat(environment.site().wireMock().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook"))))
        .singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("Acme Analytics", runId));
    // the report links in the mail and the Slack post open the application's signed-in page, whatever the store (a
    // presigned S3 link would open for anyone holding a forwarded message)
    String reportPage = "http://localhost:8080/artefacts/" + runId + "/synthesis/_run/report-r";
    assertThat(decodedText(mails[0])).contains(reportPage)
        .doesNotContain("X-Amz-");
    assertThat(environment.site().wireMock().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook"))))
        .singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains(reportPage).doesNotContain("X-Amz-"));
    assertThat(new String(store.read(ArtefactKey.dashboard("site", "index.html")).orElseThrow(), StandardCharsets.UTF_8))
        .contains(runId);

    // every phase left its milestones in the memory, searchable by meaning
    assertThat(memory.search(MemoryQuery.inRun(MemoryEntry.RUN_NAMESPACE,
            "Run " + runId + ": planned, report written, ended", 10, runId)))
        .extracting(hit -> hit.entry().phase()).contains("planning", "synthesis", "outcome");
    var pricing = memory.search(MemoryQuery.inRun(MemoryEntry.competitorNamespace("acme"),
        "What does Acme charge per user?", 5, runId));
    assertThat(pricing).extracting(hit -> hit.entry().phase()).contains("research");
    assertThat(pricing.get(0).entry().text()).containsPattern("\\$\\d+");
    // the pricing page itself was remembered as it was gathered, not only what was concluded from it
    var pricingPage = memory.search(MemoryQuery.inRun(MemoryEntry.competitorNamespace("acme"),
        "Acme Analytics pricing: Team, Business and Enterprise plans per user per month", 20, runId));
    assertThat(pricingPage).filteredOn(hit -> "gathered".equals(hit.entry().status()))
        .anySatisfy(hit -> assertThat(hit.entry().text()).contains("/acme/pricing.html", "$49 per user"));
  }

  @Test
  void aSecondRunOverUnchangedSources_analysesNothingAgain_andSaysWhatChangedSinceTheFirst() {
    long first = runApproved(TWO_COMPETITORS);
    long modelCallsBefore = analysisModelCalls();

    long second = runApprovedIncrementally(TWO_COMPETITORS);
    String runId = runId(second);

    assertThat(analyserCalls(runId)).as("analyser invocations").isEmpty();
    assertThat(analysisModelCalls() - modelCallsBefore).as("analysis model calls").isZero();
    String report = latestReport(runId);
    String firstRun = runId(first);
    for (String name : List.of("Acme Analytics", "Globex Data")) {
      String since = section(report, name).split("### Sentiment")[0];
      assertThat(since).contains("### What changed since the last delivered report")
          .containsPattern("Compared with run " + firstRun + " of \\d{4}-\\d{2}-\\d{2}, the last delivered report: 0 new, 0 changed and \\d+ unchanged documents\\.")
          .contains("Not analysed again, documents unchanged: sentiment, strategy, positioning (results of run "
              + firstRun + ").")
          .contains("No new or changed documents since run " + firstRun)
          .containsPattern("Sentiment about the same: [+-]\\d\\.\\d\\d now against [+-]\\d\\.\\d\\d in run "
              + firstRun + " \\(\\+0\\.00\\)");
      assertThat(section(report, name)).contains("_Reused from run " + firstRun + ": the documents it rests on have "
          + "not changed since._").contains("unchanged since run " + firstRun);
    }
    assertThat(report).containsPattern("\\| Acme Analytics \\| \\d+ documents \\(unchanged\\) \\|");
    assertThat(results.of(runId)).allSatisfy(result -> assertThat(result.sentiment())
        .endsWith("reused from run " + firstRun + " (documents unchanged)"));
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.details()).containsEntry("analyses",
        "6 analyses: 0 made by the analyser, 6 reused from earlier runs (documents unchanged)");
  }

  @Test
  void oneCompetitorsPageChanged_onlyThatCompetitorIsAnalysedAgain_andTheReportNamesWhatIsNew() {
    long first = runApproved(TWO_COMPETITORS);
    long modelCallsBefore = analysisModelCalls();
    environment.site().wireMock().stubFor(WireMock.get(WireMock.urlPathEqualTo("/acme/pricing.html")).atPriority(1)
        .willReturn(WireMock.aResponse().withHeader("Content-Type", "text/html; charset=utf-8")
            .withBody(sampleFile("acme/pricing.html")
                .replace("$49 per user per month", "$59 per user per month")
                .replace("<h2>Frequently asked questions</h2>", "<p>Acme launches Acme Pulse, real-time alerting "
                    + "on every metric, included in every plan.</p>\n  <h2>Frequently asked questions</h2>"))));

    long changed = runApprovedIncrementally(TWO_COMPETITORS);
    String runId = runId(changed);

    assertThat(analyserCalls(runId)).as("analyser invocations")
        .containsExactlyInAnyOrder("acme/sentiment", "acme/strategy", "acme/positioning");
    assertThat(analysisModelCalls() - modelCallsBefore).as("analysis model calls").isEqualTo(expectedModelCalls(3));
    String report = latestReport(runId);
    String firstRun = runId(first);
    String acme = section(report, "Acme Analytics").split("### Sentiment")[0];
    assertThat(acme)
        .containsPattern("Compared with run " + firstRun + " of \\d{4}-\\d{2}-\\d{2}, the last delivered report: 0 new, 1 changed and \\d+ unchanged documents\\.")
        .contains("Analysed again (documents changed since run " + firstRun + ": 1 changed, 0 new, 0 gone): "
            + "sentiment, strategy, positioning.")
        .containsPattern("New price mentioned: \\$59 per user/month \\[source\\]\\(http://[^)]+/acme/pricing\\.html\\)")
        .containsPattern("New product mentioned: Acme Pulse \\[source\\]\\(http://[^)]+/acme/pricing\\.html\\)")
        .containsPattern("Changed since run " + firstRun + ": \"Pricing \\\\\\| Acme Analytics\" \\(website\\) \\[source\\]"); // the title escaped
    assertThat(section(report, "Globex Data")).contains("Not analysed again, documents unchanged: sentiment, "
        + "strategy, positioning (results of run " + firstRun + ").");
    assertThat(report).containsPattern("\\| Acme Analytics \\| \\d+ documents \\(0 new, 1 changed\\) \\|");
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.details()).containsEntry("analyses",
        "6 analyses: 3 made by the analyser, 3 reused from earlier runs (documents unchanged)");
  }

  @Test
  void aFullRefreshStartedOverHttp_analysesEveryCompetitorAgain() {
    runApproved(TWO_COMPETITORS);
    long modelCallsBefore = analysisModelCalls();

    var response = http.postForEntity("/api/runs",
        java.util.Map.of("watchList", TWO_COMPETITORS, "runId", "full-refresh-" + System.nanoTime(),
            "refresh", "full"), java.util.Map.class);
    long run = ((Number) response.getBody().get("processInstanceKey")).longValue();
    review(run, "approve", "");
    awaitEnded(run);

    String runId = runId(run);
    assertThat(analyserCalls(runId)).as("analyser invocations").hasSize(6);
    assertThat(analysisModelCalls() - modelCallsBefore).isEqualTo(expectedModelCalls(6));
    assertThat(latestReport(runId)).contains("Analysed again (full refresh): sentiment, strategy, positioning.")
        .doesNotContain("_Reused from run");
  }

  @Test
  void aRefreshThatIsNotAMode_isRefusedAtTheApiNamingTheFieldAndTheFix() {
    var response = http.postForEntity("/api/runs", java.util.Map.of("refresh", "everything"), java.util.Map.class);

    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getBody().get("error").toString())
        .isEqualTo("refresh: 'everything' is not a refresh mode. Fix: write incremental (the default: reuse analyses "
            + "whose documents did not change) or full (analyse every competitor again)");
  }

  @Test
  void gatherMoreLoop_initechIsResearchedAgainUntilItHasEnough() {
    long run = runApproved(null);

    // acme and globex suffice in round 0; initech's thin home page needs a second round
    // each round judged once, by the round's last gathering (no job of its own: ADR 0033)
    assertThat(records.countActivated(run, "Gateway_ResearchDecision")).isEqualTo(4);
    assertThat(records.countActivated(run, "Task_GatherWebsite")).isEqualTo(4);
    String report = latestReport(runId(run));
    assertThat(report).contains("## Initech Cloud");
  }

  @Test
  void aFailingSource_isRetriedThenRecordedAndTheCompetitorGoesOn() {
    environment.site().wireMock().stubFor(WireMock.get("/acme/news.rss").atPriority(1)
        .willReturn(WireMock.aResponse().withStatus(503).withBody("maintenance")));

    long run = runApproved("acme-only");

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    // five attempts (the model's retries), then the source is recorded as failed
    assertThat(environment.site().wireMock().findAll(WireMock.getRequestedFor(WireMock.urlEqualTo("/acme/news.rss"))))
        .hasSizeGreaterThanOrEqualTo(5);
    assertThat(records.incidents(run)).isEmpty();
    String report = latestReport(runId(run));
    assertThat(report).contains("## Acme Analytics").contains("## What is missing")
        .containsPattern("Acme Analytics: news source failed, .*503");
  }

  @Test
  void aDeadArticleLinkInAFeed_failsOnlyItself_theNewsJobCompletesAndTheRetryBudgetIsUntouched() throws Exception {
    int deadPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      deadPort = socket.getLocalPort(); // closed again: its host refuses connections, robots.txt included
    }
    String deadLink = "http://127.0.0.1:" + deadPort + "/initech/press/gone-dark.html";
    // initech needs a second round, which reads the articles behind its feed's entries: here only the dead one
    environment.site().wireMock().stubFor(WireMock.get("/initech/news.rss").atPriority(1)
        .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/rss+xml")
            .withBody("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Initech news</title><item>"
                + "<title>Initech Cloud opens a data centre in Oslo</title><link>" + deadLink + "</link>"
                + "<description>Initech Cloud opens a data centre in Oslo for its Nordic customers.</description>"
                + "</item></channel></rss>")));

    long run = runApproved(null);
    String runId = runId(run);

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    assertThat(records.countActivated(run, "Task_GatherNews")).as("initech's news in two rounds").isGreaterThan(3);
    assertThat(records.jobEvents(run)).filteredOn(e -> e.elementId().equals("Task_GatherNews"))
        .extracting(EngineRecords.JobEvent::intent).doesNotContain("FAILED");
    assertThat(store.list(runId)).noneMatch(key -> key.phase().equals(ArtefactKeys.RETRY_FAILURES));
    assertThat(store.list(runId)).noneMatch(key -> key.phase().equals(ArtefactKeys.PARKED));
    var round1 = json.read(ArtefactKeys.gatheredSource(runId, "initech", "news", 1),
        io.rivalwatch.research.GatheredSource.class).orElseThrow();
    assertThat(round1.failure()).isNull();
    assertThat(round1.problems()).singleElement().asString().startsWith(deadLink + ": ");
    assertThat(round1.status()).doesNotContain("no retries left").doesNotContain("trying later");
    String report = latestReport(runId);
    assertThat(report).contains("## Initech Cloud").doesNotContain("no retries left");
  }

  @Test
  void aCompetitorWithNothingUsable_isSkippedWithItsReasonAndTheRunGoesOn() {
    long run = runApproved("with-unreachable-competitor");

    assertThat(records.completedElements(run)).contains("EndEvent_CompetitorSkipped", "EndEvent_ReportDelivered");
    String report = latestReport(runId(run));
    assertThat(report).contains("## Acme Analytics").doesNotContain("## Ghost Systems");
    assertThat(report).containsPattern("- Ghost Systems: skipped, no usable documents .*HTTP 404");
  }

  @Test
  void qualityLoop_aTooLongReportGoesBackToSynthesisAndIsShortened() {
    long run = runApproved("short-sections");

    assertThat(records.countActivated(run, "Task_WriteReport")).isGreaterThanOrEqualTo(2);
    String runId = runId(run);
    String first = text(ArtefactKeys.reportMarkdown(runId, 1));
    String second = text(ArtefactKeys.reportMarkdown(runId, 2));
    assertThat(words(section(second, "Acme Analytics"))).isLessThan(words(section(first, "Acme Analytics")));
    assertThat(second).contains("Revision 2 answers 1 quality finding");
  }

  @Test
  void requestChanges_sendsTheReportBackWithTheReviewersComments() {
    long run = startRun("acme-only");
    review(run, "request-changes", "Say more about pricing.", "reviewer-one");
    review(run, "approve", "Better.", "reviewer-two");
    awaitEnded(run);

    assertThat(records.countActivated(run, "UserTask_ReviewReport")).isEqualTo(2);
    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    String runId = runId(run);
    String second = text(ArtefactKeys.reportMarkdown(runId, 2));
    assertThat(second).contains("Say more about pricing.");

    // one entry per decision, each naming its own reviewer; the second revision's footer names the first decision
    List<AuditEntry> trail = audit.entries(runId);
    assertThat(trail).extracting(AuditEntry::describe).satisfiesExactly(
        started -> assertThat(started).startsWith("run started by " + TEST_OPERATOR + " at "),
        changes -> assertThat(changes).startsWith("changes requested by reviewer-one at ").endsWith("(report revision 1)"),
        approved -> assertThat(approved).startsWith("approved by reviewer-two at ").endsWith("(report revision 2)"));
    assertThat(json.require(ArtefactKeys.runRecord(runId), RunRecord.class).audit()).isEqualTo(trail);
    assertThat(second).contains("- " + trail.get(1).describe() + "\n").doesNotContain("reviewer-two");
  }

  @Test
  void reject_endsTheRunAsRejectedAndKeepsEverything() {
    long run = startRun("acme-only");
    review(run, "reject", "Not useful this week.");
    awaitEnded(run);

    assertThat(records.completedElements(run)).contains("EndEvent_ReportRejected").doesNotContain("Task_DeliverEmail");
    String runId = runId(run);
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.status()).isEqualTo("rejected");
    assertThat(record.details()).containsEntry("reviewComments", "Not useful this week.");
    assertThat(record.artefacts()).contains(ArtefactKeys.reportMarkdown(runId, 1).path(),
        "%s/analysis/acme/sentiment.json".formatted(runId));
    assertThat(environment.mail().getReceivedMessages()).isEmpty();
  }

  @Test
  void aFailingChannel_isRecordedAndTheOtherChannelsDeliver() {
    // a revoked Slack hook answers 404 no_service: it will not pass, so no retries
    environment.site().wireMock().stubFor(WireMock.post("/slack/webhook").atPriority(1)
        .willReturn(WireMock.aResponse().withStatus(404).withBody("no_service")));

    long run = runApproved("acme-only");

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    RunRecord record = json.require(ArtefactKeys.runRecord(runId(run)), RunRecord.class);
    assertThat(record.details().get("slack")).startsWith("failed: slack: Slack answered HTTP 404 (no_service)");
    assertThat(record.details()).containsEntry("email", "sent to 1 recipient");
    assertThat(record.details().get("dashboard")).startsWith("published");
  }

  @Test
  void aChannelDownForGood_isParkedWithItsReasonAndRetriedLaterThroughTheApi() {
    // Slack answers 503 on every attempt: retried, then parked; the other channels deliver
    environment.site().wireMock().stubFor(WireMock.post("/slack/webhook").atPriority(1)
        .willReturn(WireMock.aResponse().withStatus(503).withBody("service unavailable")));
    long run = runApproved("acme-only");
    String runId = runId(run);
    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    var attempts = environment.site().wireMock()
        .findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook")));
    assertThat(attempts).hasSize(5);
    // what the delivery job would have posted: the retry must say the same (analysed / not covered)
    String firstPost = attempts.get(0).getBodyAsString();
    assertThat(firstPost).contains("Analysed: Acme Analytics");
    var parked = http.getForObject("/api/runs/" + runId + "/parked", java.util.List.class);
    assertThat(parked).singleElement().asString().contains("slack-delivery").contains("503");

    // the outage is over: retrying what was parked, without a new run, works once Slack's breaker lets a trial
    // call through (its open time is a second in the tests)
    environment.site().reset();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(http.postForObject("/api/runs/" + runId + "/parked/retry", null, java.util.List.class))
            .singleElement().asString().contains("recovered: posted"));
    assertThat(environment.site().wireMock().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook"))))
        .singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("Acme Analytics")
            .isEqualTo(firstPost));
    assertThat(http.getForObject("/api/runs/" + runId + "/parked", java.util.List.class)).isEmpty();
  }

  @Test
  void belowTheRequiredShareOfCompleteCompetitors_theRunTakesItsFailurePath() {
    long run = startRun("half-complete-required-75");
    awaitEnded(run);

    assertThat(records.completedElements(run)).contains("EndEvent_RunFailed").doesNotContain("UserTask_ReviewReport");
    RunRecord record = json.require(ArtefactKeys.runRecord(runId(run)), RunRecord.class);
    assertThat(record.details().get("failureMessage"))
        .contains("only 1 of 2 competitors have all three analyses; the run needs at least 75%")
        .contains("Ghost Systems: skipped");
  }

  @Test
  void fatalError_badConfigurationEndsTheRunAtOnceNamingTheField() throws Exception {
    long run = startRun("invalid");
    awaitEnded(run);

    assertThat(records.completedElements(run)).contains("Task_RecordFailure", "Task_NotifyOperators", "EndEvent_RunFailed")
        .doesNotContain("CallActivity_ResearchCompetitor");
    RunRecord record = json.require(ArtefactKeys.runRecord(runId(run)), RunRecord.class);
    assertThat(record.status()).isEqualTo("failed");
    assertThat(record.details()).containsEntry("failureCode", "INVALID_CONFIGURATION");
    assertThat(record.details().get("failureMessage"))
        .contains("competitors[0].website.pages[0] (competitor 'acme'): 'htp//acme.example' is not an absolute"
            + " http(s) URL")
        .contains("competitors[0].newz (competitor 'acme'): unknown source type or field");
    // a refused run still says who started it
    assertThat(record.audit()).singleElement().satisfies(started -> {
      assertThat(started.action()).isEqualTo(AuditAction.RUN_STARTED);
      assertThat(started.actor()).isEqualTo(TEST_OPERATOR);
      assertThat(started.details()).containsEntry("watchList", "invalid");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> environment.mail().getReceivedMessages().length == 1);
    MimeMessage notice = environment.mail().getReceivedMessages()[0];
    assertThat(notice.getAllRecipients()[0].toString()).isEqualTo("operators@rivalwatch.local");
    assertThat(notice.getSubject()).contains("failed at Task_PlanRun");
  }

  @Test
  void fatalError_nothingToReportFailsTheRunAndKeepsTheResearch() {
    long run = startRun("only-unreachable");
    awaitEnded(run);

    assertThat(records.completedElements(run)).contains("EndEvent_CompetitorSkipped", "EndEvent_RunFailed");
    String runId = runId(run);
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.details()).containsEntry("failureCode", "RUN_FAILED").containsEntry("failureStep", "Task_WriteReport");
    assertThat(record.artefacts()).contains(runId + "/research/ghost/website-round-0.json",
        runId + "/research/ghost/sufficiency-round-0.json");
  }

  @Test
  void manualStart_overHttpWithAChosenRunId() {
    var response = http.postForEntity("/api/runs",
        java.util.Map.of("watchList", "acme-only", "runId", "manual-test-1"),
        java.util.Map.class);

    assertThat(response.getStatusCode().value()).isEqualTo(202);
    long run = ((Number) response.getBody().get("processInstanceKey")).longValue();
    assertThat(response.getBody().get("runId")).isEqualTo("manual-test-1");
    awaitElement(run, "Task_PlanRun");
    assertThat(store.exists(ArtefactKey.forRun("manual-test-1", "planning", "run-configuration.json"))).isTrue();
    client.newCancelInstanceCommand(run).send().join();
  }

  @Test
  void variablesStaySmallWhateverTheDocumentsWeigh() {
    long small = runApproved("acme-only");

    // the same competitor, but its pages now carry 300 KB of text each
    String padding = "<p>" + "Acme keeps shipping analytics features for enterprise customers. ".repeat(4600) + "</p>";
    environment.site().wireMock().stubFor(WireMock.get(WireMock.urlMatching("/acme/(pricing\\.html)?")).atPriority(1)
        .willReturn(WireMock.aResponse().withHeader("Content-Type", "text/html; charset=utf-8")
            .withBody("<html><head><title>Acme</title></head><body><main>" + padding + "</main></body></html>")));
    long large = runApproved("acme-only");

    int smallBytes = records.variableBytes(small);
    int largeBytes = records.variableBytes(large);
    System.out.printf("variables per instance: %d bytes (sample pages), %d bytes (300 KB pages)%n",
        smallBytes, largeBytes);
    assertThat(smallBytes).isLessThan(64 * 1024);
    assertThat(largeBytes).isLessThan(64 * 1024);
    assertThat(Math.abs(largeBytes - smallBytes)).isLessThan(2048);
  }

  @Test
  void variablesDoNotGrowWithTheNumberOfCompetitors() {
    long first = runApproved("acme-only");
    long second = runApproved("acme-and-globex");
    // the review form's "what changed" grows with the competitors up to its cap (ReviewFormChanges: 3000 characters
    // of text, a little more as JSON), the same for 2 competitors or 100: measured apart
    int changesOne = records.rootVariables(first).getOrDefault("reportChanges", "").length();
    int changesTwo = records.rootVariables(second).getOrDefault("reportChanges", "").length();
    assertThat(changesTwo).isPositive().isLessThan(3300);
    int one = records.variableBytes(first) - changesOne;
    int two = records.variableBytes(second) - changesTwo;
    System.out.printf("variables per run: %d bytes (1 competitor), %d bytes (2 competitors), besides the form's "
        + "changes: %d and %d bytes%n", one, two, changesOne, changesTwo);
    // a competitor adds its id to competitorIds and the engine's own multi-instance variables (about 60 bytes);
    // its statuses and notes stay in the artefact store
    assertThat(two - one).isLessThan(200);
  }

  /** "competitor/kind" for each time the analyser was asked to analyse something for the run. */
  private List<String> analyserCalls(String runId) {
    return Mockito.mockingDetails(analyser).getInvocations().stream()
        .filter(i -> i.getMethod().getName().equals("analyse"))
        .filter(i -> runId.equals(((AnalysisInput) i.getArgument(1)).runId()))
        .map(i -> ((AnalysisInput) i.getArgument(1)).competitorId() + "/" + ((AnalysisKind) i.getArgument(0)).id())
        .toList();
  }

  private static String sampleFile(String path) {
    try (var in = NightlyRunScenarios.class.getClassLoader().getResourceAsStream("sample-web/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everySourceTypeAndAHostileSite_runWithoutCrashingLeakingTheTokenOrPassingOnInstructions() throws Exception {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    root.addAppender(logged);
    // debug lines too: the job client logs what it activates and completes, the breakers every call
    List<String> chatty = List.of("io.rivalwatch", "io.camunda.client", "io.github.resilience4j");
    java.util.Map<String, ch.qos.logback.classic.Level> levels = new java.util.HashMap<>();
    for (String name : chatty) {
      var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name);
      levels.put(name, logger.getLevel());
      logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    }
    modelRepeatsHostileMarkupOnce();
    long run;
    try {
      run = runApproved("every-source");
    } finally {
      root.detachAppender(logged);
      levels.forEach((name, level) ->
          ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(level));
    }
    String runId = runId(run);

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    assertThat(records.incidents(run)).isEmpty();
    String report = latestReport(runId);
    assertThat(report).contains("## Acme Analytics", "## Mallory Systems");

    // every source type gathered for acme: sitemap pages, feed, Hacker News, Mastodon (account and search), EDGAR and
    // both endpoints
    String site = environment.site().baseUrl();
    assertThat(gathered(runId, "acme", "website-round-0.json")).contains(site + "/acme/pricing.html");
    assertThat(gathered(runId, "acme", "social-round-0.json")).contains("https://news.ycombinator.com/item?id=",
        environment.site().mastodonUrl() + "/@acme/113200000000000005",
        "https://fosstodon.example/@dataeng_kim/113210000000000101");
    assertThat(gathered(runId, "acme", "market-round-0.json")).contains("SEC EDGAR company profile",
        site + "/markets/acme-share-price.csv", site + "/markets/acme-funding.json");
    // Mallory's hostile pages are problems beside its readable pages
    assertThat(gathered(runId, "mallory", "website-round-0.json"))
        .contains("larger than 2097152 bytes", "binary content labelled text/html", "empty body",
            "Mallory Systems integrates with forty retail systems");

    // the Mastodon token was used, and is nowhere else: variables, artefacts, memory, logs, report
    String token = io.rivalwatch.sample.SampleSite.MASTODON_TOKEN;
    environment.site().wireMock().verify(WireMock.getRequestedFor(WireMock.urlPathEqualTo("/mastodon/api/v2/search"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + token)));
    assertThat(records.variableValuesInTree(run)).isNotEmpty().noneMatch(v -> v.contains(token));
    List<ArtefactKey> artefacts = store.list(runId);
    assertThat(artefacts).hasSizeGreaterThan(10);
    for (ArtefactKey key : artefacts) {
      assertThat(new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8)).as(key.path()).doesNotContain(token);
    }
    try (var files = java.nio.file.Files.walk(dataDirectory())) {
      for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        assertThat(new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as(file.toString()).doesNotContain(token);
      }
    }
    assertThat(logged.list).isNotEmpty().noneSatisfy(event -> assertThat(event.getFormattedMessage()
        + (event.getThrowableProxy() == null ? ""
            : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy()))).contains(token));
    assertThat(report).doesNotContain(token);

    everyLinkIsAGatheredSourceOrTheApplications(runId);
    injectedInstructionsStayedData(runId, report);

    // no phrase of a hidden block or of a block addressed to a model, on the site or in the feed, reaches the
    // report, the e-mail (both parts), the Slack post or the run record; the record counts the documents
    List<String> outputs = new java.util.ArrayList<>(List.of(report));
    for (jakarta.mail.internet.MimeMessage message : environment.mail().getReceivedMessages()) {
      if (message.getSubject().contains("(" + runId + ")")) {
        outputs.addAll(textParts(message));
      }
    }
    environment.site().wireMock().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook")))
        .forEach(post -> outputs.add(post.getBodyAsString()));
    // the dashboard's pages, and every variable of the run (the review form's summary among them)
    List<ArtefactKey> dashboard = store.list(ArtefactKey.dashboard("site", "index.html").runId());
    assertThat(dashboard).isNotEmpty();
    for (ArtefactKey key : dashboard) {
      String page = new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8);
      outputs.add(page);
      if (key.path().endsWith(".html")) {
        assertThat(org.jsoup.Jsoup.parse(page).select("[href], [src]")).allSatisfy(e -> {
          String target = e.hasAttr("href") ? e.attr("href") : e.attr("src");
          assertThat(target).as(key.path()).doesNotStartWithIgnoringCase("javascript:")
              .doesNotStartWithIgnoringCase("data:").doesNotStartWith("//").doesNotContain("phish.example")
              .doesNotContain("track.example").doesNotContain("evil.example");
        });
      }
    }
    List<String> variables = records.variableValuesInTree(run);
    assertThat(variables).anySatisfy(v -> assertThat(v).contains("claims verified against their sources"));
    outputs.addAll(variables);
    assertThat(outputs).hasSizeGreaterThanOrEqualTo(4);
    for (String output : outputs) {
      assertThat(output).doesNotContain(HIDDEN_AND_INJECTED);
    }
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    // and the metric counts them by source kind: Mallory's home page (website) and its feed items (news)
    for (String source : List.of("website", "news")) {
      assertThat(meters.counter("rivalwatch.documents", "source", source, "outcome", "addressed_to_ai").count())
          .as(source).isPositive();
    }
    assertThat(record.details().get("textAddressedToAiSystems")).matches("\\d+ documents \\(\\d+ blocks\\) with text"
        + " addressed to AI systems, not quoted");
  }

  /**
   * Before the hostile run: with a model, its first executive summary repeats the pages' markup (links to a phishing
   * site, an image, a data: and a protocol-relative link, Slack control sequences); without one, nothing.
   */
  protected void modelRepeatsHostileMarkupOnce() {
  }

  /** Marker phrases of Mallory's hidden blocks and of its blocks addressed to a model (sample-web/hostile). */
  protected static final String[] HIDDEN_AND_INJECTED = {
      "KESTREL", "OSPREY", "ORIOLE", "HERON", "undisputed market leader", "happiest customers",
      "loved by every retailer", "won every award", "clear market leader", "Mallory is the best"};

  /**
   * Mallory's pages carry Markdown links, images and a title with a script tag: the report's HTML, the e-mail's HTML
   * part and the Slack post link only to documents the run gathered, or to the application's own pages.
   */
  private void everyLinkIsAGatheredSourceOrTheApplications(String runId) throws Exception {
    java.util.Set<String> gathered = new java.util.HashSet<>();
    for (var competitor : List.of("acme", "mallory")) {
      researchArchive.documents(runId, competitor).forEach(d -> gathered.add(d.url()));
    }
    String own = "http://localhost:8080/artefacts/";
    java.util.function.Consumer<String> allowed = url -> assertThat(gathered.contains(url) || url.startsWith(own))
        .as("link to %s is neither a gathered source nor the application's own", url).isTrue();
    int revision = reports.latest(runId).orElseThrow().revision();
    String html = text(ArtefactKeys.reportHtml(runId, revision));
    String markdown = text(ArtefactKeys.reportMarkdown(runId, revision));
    MimeMessage mail = environment.mail().getReceivedMessages()[0];
    String mailHtml = textParts(mail).stream().filter(t -> t.contains("<html")).findFirst().orElseThrow();
    String mailText = textParts(mail).stream().filter(t -> !t.contains("<html")).findFirst().orElseThrow();
    for (String page : List.of(html, mailHtml)) {
      var document = org.jsoup.Jsoup.parse(page);
      assertThat(document.select("a[href]")).isNotEmpty()
          .allSatisfy(a -> allowed.accept(a.attr("href")));
      assertThat(document.select("img, script, iframe, object, embed, form")).isEmpty();
      assertThat(page).doesNotContain("phish.example\"", "track.example\"");
    }
    // the Markdown and the e-mail's plain-text part: the page's link syntax is escaped, never live
    for (String text : List.of(markdown, mailText)) {
      assertThat(text).contains("Verify your account").doesNotContain("[Verify your account](", "![](",
          "<script>");
    }
    // links as commonmark parses them (inline, reference-style, autolinks, images), in both Markdown outputs
    assertThat(io.rivalwatch.text.MarkdownText.destinations(markdown)).isNotEmpty().allSatisfy(allowed);
    assertThat(io.rivalwatch.text.MarkdownText.destinations(mailText)).allSatisfy(allowed);
    String slack = environment.site().wireMock()
        .findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook"))).getFirst().getBodyAsString();
    Matcher slackLinks = Pattern.compile("<([^|>]+)(?:\\|[^>]*)?>").matcher(
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(slack).get("text").asText());
    // no control sequence but the report's link: a page's <!channel> or <https://...|label> shows as text
    assertThat(slack).doesNotContain("<!channel>", "<!here>", "<https://phish.example");
    int links = 0;
    while (slackLinks.find()) {
      links++;
      allowed.accept(slackLinks.group(1));
    }
    assertThat(links).isPositive();
  }

  /**
   * Shows, with this set of adapters, that the hostile site's text addressed to a language model was kept as data:
   * out of the report's findings for the offline analyser, inside the prompt's data elements for Bedrock.
   */
  protected abstract void injectedInstructionsStayedData(String runId, String report);

  /** A research artefact of the run as text. */
  private String gathered(String runId, String competitorId, String name) {
    return text(ArtefactKey.of(runId, "research", competitorId, name));
  }

  /** The text/plain and text/html parts of a delivered message, decoded. */
  private static List<String> textParts(jakarta.mail.Part part) throws Exception {
    if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
      List<String> texts = new java.util.ArrayList<>();
      for (int i = 0; i < multipart.getCount(); i++) {
        texts.addAll(textParts(multipart.getBodyPart(i)));
      }
      return texts;
    }
    return part.isMimeType("text/*") ? List.of(String.valueOf(part.getContent())) : List.of();
  }

  protected String latestReport(String runId) {
    return text(ArtefactKey.parse(reports.latest(runId).orElseThrow().reportRef()));
  }

  protected String text(ArtefactKey key) {
    return new String(store.read(key).orElseThrow(() -> new AssertionError("no artefact " + key)),
        StandardCharsets.UTF_8);
  }

  private static void assertEveryAnalysisClaimCitesASource(String report) {
    List<String> sections = Arrays.stream(report.split("\n### ")).filter(s ->
        s.startsWith("Sentiment") || s.startsWith("Strategic patterns") || s.startsWith("Competitive positioning"))
        .toList();
    assertThat(sections).hasSizeGreaterThanOrEqualTo(9);
    for (String section : sections) {
      Matcher claims = CLAIM_LINE.matcher(section);
      while (claims.find()) {
        assertThat(claims.group()).containsPattern("\\]\\(https?://[^)]+\\)");
      }
    }
  }

  /** A message's text and HTML parts, decoded (a link may be folded across lines in the raw message). */
  private static String decodedText(jakarta.mail.Part part) throws Exception {
    Object content = part.getContent();
    if (content instanceof jakarta.mail.Multipart multipart) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < multipart.getCount(); i++) {
        text.append(decodedText(multipart.getBodyPart(i))).append('\n');
      }
      return text.toString();
    }
    return String.valueOf(content);
  }

  private static String section(String report, String name) {
    int start = report.indexOf("## " + name);
    int end = report.indexOf("\n## ", start + 3);
    return end < 0 ? report.substring(start) : report.substring(start, end);
  }

  private static int words(String text) {
    return text.trim().split("\\s+").length;
  }
}
