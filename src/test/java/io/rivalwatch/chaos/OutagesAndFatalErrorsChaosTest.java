package io.rivalwatch.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.AnalysisReuse;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.outcome.RunRecord;
import io.rivalwatch.synthesis.WrittenReports;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ParkedItem;
import io.rivalwatch.resilience.ParkedItems;
import io.rivalwatch.testsupport.ChaosEnvironment;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service down for good, and errors that no retry can fix, with the aws profile against the fakes. A model down
 * for good no longer fails the night: its tasks move down their fallback chains (docs/fallback-models.md).
 */
@ActiveProfiles("aws")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutagesAndFatalErrorsChaosTest extends ProcessTestBase {

  private static final ChaosEnvironment CHAOS = ChaosEnvironment.shared();
  private static final String SENTIMENT_MODEL = BedrockFake.NOVA_LITE;
  private static final String LARGE_MODEL = BedrockFake.CLAUDE_SONNET;
  /** The large model's first fallback in the aws profile: its cross-region inference profile. */
  private static final String FALLBACK_PROFILE = "us." + BedrockFake.CLAUDE_SONNET;
  private static final String TWO_COMPETITORS = "acme-and-globex";

  @Autowired MeterRegistry meters;
  @Autowired OutsideServices services;
  @Autowired ParkedItems parked;
  @Autowired ArtefactJson json;
  @Autowired ArtefactStore store;
  @Autowired WrittenReports reports;
  @Autowired AnalysisReuse reuse;

  @DynamicPropertySource
  static void cloud(DynamicPropertyRegistry registry) {
    CHAOS.cloud().properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  @AfterEach
  void healed() {
    CHAOS.clearFaults();
    CHAOS.cloud().bedrock().reset();
    // an outage's open breakers must not refuse the next test's calls
    services.reset();
  }

  private String latestReport(String runId) {
    return new String(store.read(ArtefactKey.parse(reports.latest(runId).orElseThrow().reportRef())).orElseThrow(),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void oneModelDownForTheWholeRun_itsTasksAreMadeByTheFallback_namedInTheReport_andCallsToItAreBounded() {
    BedrockFake bedrock = CHAOS.cloud().bedrock();
    // the large model (strategy, positioning, the summary) answers 503 to everything
    bedrock.failNext(LARGE_MODEL, 10_000, BedrockFake.Fault.serviceUnavailable());
    double refusalsBefore = refusals(LARGE_MODEL);
    // the fake is shared by every test class in the JVM: count this run's calls only
    int callsBefore = bedrock.calls(LARGE_MODEL).size();

    long run = runApproved(null);
    String runId = runId(run);

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    assertThat(records.incidents(run)).isEmpty();
    assertThat(parked.list(runId)).isEmpty();
    // each of its six analyses moved to the cross-region profile at its first 503; the breaker opened after five
    // failures, and what came after it was refused without a call (the summary, or analyses still to start)
    List<String> competitors = List.of("acme", "globex", "initech");
    for (String competitor : competitors) {
      for (AnalysisKind kind : List.of(AnalysisKind.STRATEGY, AnalysisKind.POSITIONING)) {
        AnalysisResult result = json.require(ArtefactKeys.analysis(runId, competitor, kind.id()), AnalysisResult.class);
        assertThat(result.madeBy()).as(competitor + " " + kind).satisfies(m -> {
          assertThat(m.link()).isEqualTo(1);
          assertThat(m.model()).isEqualTo(FALLBACK_PROFILE);
          assertThat(m.reason()).startsWith(LARGE_MODEL + " ");
        });
      }
      assertThat(json.require(ArtefactKeys.analysis(runId, competitor, AnalysisKind.SENTIMENT.id()),
          AnalysisResult.class).degraded()).isFalse();
    }
    int callsToTheDownModel = bedrock.calls(LARGE_MODEL).size() - callsBefore;
    assertThat(callsToTheDownModel).as("at least the breaker's threshold, at most one per task that used it")
        .isBetween(5, 7);
    assertThat(refusals(LARGE_MODEL) - refusalsBefore).as("calls refused by the open breaker")
        .isEqualTo(7 - callsToTheDownModel);

    String report = latestReport(runId);
    assertThat(report).contains("Made by a fallback instead of the task's own model: 6 analyses")
        .contains("Made by the fallback model " + FALLBACK_PROFILE + " because " + LARGE_MODEL + " was unavailable "
            + "(ServiceUnavailableException)");
    assertThat(report.substring(report.indexOf("## Executive summary")))
        .startsWith("## Executive summary\n\n_Written by the fallback model " + FALLBACK_PROFILE + " because "
            + LARGE_MODEL + " ");
    // each model is priced at its own price: the fallback's calls are in the ledger under its id, with a cost
    RunRecord record = json.require(ArtefactKeys.runRecord(runId), RunRecord.class);
    assertThat(record.modelUsage().unpricedModels()).isEmpty();
    assertThat(record.modelUsage().lines()).filteredOn(l -> l.modelId().equals(FALLBACK_PROFILE))
        .isNotEmpty().allSatisfy(l -> assertThat(l.costUsd()).isPositive());
    assertThat(record.modelUsage().lines()).filteredOn(l -> l.modelId().equals(LARGE_MODEL))
        .allSatisfy(l -> assertThat(l.costUsd()).isZero());

    // a second night in the same outage: the open breaker lets one trial call through per open period (the chaos
    // environment's is short), where without it each of the seven tasks would call the down model again
    long started = System.nanoTime();
    long again = runApproved(null);
    long periods = Duration.ofNanos(System.nanoTime() - started).toMillis()
        / services.settings().openDuration().toMillis();
    assertThat(records.completedElements(again)).contains("EndEvent_ReportDelivered");
    assertThat(bedrock.calls(LARGE_MODEL).size() - callsBefore - callsToTheDownModel).isLessThanOrEqualTo((int) Math.min(6, 1 + periods));
  }

  @Test
  void everyModelDown_theOfflineAnalyserMakesTheReport_whichIsReviewedDeliveredAndSaysSo() {
    BedrockFake bedrock = CHAOS.cloud().bedrock();
    for (String model : List.of(SENTIMENT_MODEL, LARGE_MODEL, "us." + SENTIMENT_MODEL, FALLBACK_PROFILE)) {
      bedrock.failNext(model, 10_000, BedrockFake.Fault.serviceUnavailable());
    }

    long run = runApproved("acme-only");
    String runId = runId(run);

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    assertThat(records.incidents(run)).isEmpty();
    for (AnalysisKind kind : AnalysisKind.values()) {
      AnalysisResult result = json.require(ArtefactKeys.analysis(runId, "acme", kind.id()), AnalysisResult.class);
      assertThat(result.madeBy()).as(kind.id()).satisfies(m -> {
        assertThat(m.offline()).isTrue();
        assertThat(m.link()).isEqualTo(3);
        assertThat(m.reason()).startsWith("every model was unavailable: ");
      });
    }
    String report = latestReport(runId);
    assertThat(report).contains("Analyses by: offline analyser (no language model).",
        "Made by the offline analyser (no language model) because every model was unavailable: ",
        "Made by a fallback instead of the task's own model: 3 analyses");
    assertThat(report.substring(report.indexOf("## Executive summary")))
        .startsWith("## Executive summary\n\n_Written without a language model because every model was unavailable");
    // what was delivered is that report
    assertThat(json.require(ArtefactKeys.runRecord(runId), RunRecord.class).modelUsage().costUsd()).isZero();
  }

  @Test
  void degradedNightThenPrimaryBack_onlyTheDegradedAnalysesAreMadeAgain_thenNothingIs() {
    BedrockFake bedrock = CHAOS.cloud().bedrock();
    // night 1: the sentiment model is gone; a full run, so every analysis is made tonight
    bedrock.failNext(SENTIMENT_MODEL, 10_000, BedrockFake.Fault.resourceNotFound());
    String night1 = runId(runApproved(TWO_COMPETITORS));
    for (String competitor : List.of("acme", "globex")) {
      assertThat(json.require(ArtefactKeys.analysis(night1, competitor, "sentiment"), AnalysisResult.class).madeBy())
          .satisfies(m -> assertThat(m.model()).isEqualTo("us." + SENTIMENT_MODEL));
    }

    // night 2: the model is back, the sources unchanged: the two sentiment analyses are made again with it, the
    // four others are reused
    bedrock.reset();
    String night2 = runId(runApprovedIncrementally(TWO_COMPETITORS));
    assertThat(analysisCalls(bedrock)).containsExactlyInAnyOrder(
        "sentiment " + SENTIMENT_MODEL, "sentiment " + SENTIMENT_MODEL);
    for (String competitor : List.of("acme", "globex")) {
      assertThat(json.require(ArtefactKeys.analysis(night2, competitor, "sentiment"), AnalysisResult.class)
          .degraded()).isFalse();
      assertThat(reuse.provenance(night2, competitor, AnalysisKind.SENTIMENT)).hasValueSatisfying(p -> {
        assertThat(p.reused()).isFalse();
        assertThat(p.reason()).startsWith("the analysis of run " + night1 + " was made by the fallback model us."
            + SENTIMENT_MODEL).endsWith("analysed again with the task's own model");
      });
      for (AnalysisKind kind : List.of(AnalysisKind.STRATEGY, AnalysisKind.POSITIONING)) {
        assertThat(reuse.provenance(night2, competitor, kind)).hasValueSatisfying(p -> assertThat(p.reused()).isTrue());
      }
    }

    // night 3: nothing changed and nothing was degraded: no analysis calls a model
    bedrock.reset();
    String night3 = runId(runApprovedIncrementally(TWO_COMPETITORS));
    assertThat(analysisCalls(bedrock)).isEmpty();
    assertThat(reuse.decisions(night3)).hasSize(6).allSatisfy(p -> assertThat(p.reused()).isTrue());
  }

  /** The analyses' Converse calls the fake saw, as "task model". */
  private static List<String> analysisCalls(BedrockFake bedrock) {
    return bedrock.runtimeCalls().stream()
        .filter(c -> java.util.Set.of("sentiment", "strategy", "positioning").contains(c.task()))
        .map(c -> c.task() + " " + c.modelId()).toList();
  }

  private double refusals(String model) {
    return meters.find(OutsideServices.CALLS_METRIC).tag("service", "bedrock:" + model).tag("outcome", "circuit-open")
        .counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void aFatalModelErrorIsNeverRetried_theAnalysisIsParkedAndTheRunGoesOn() {
    BedrockFake bedrock = CHAOS.cloud().bedrock();
    bedrock.failNext(SENTIMENT_MODEL, 1, BedrockFake.Fault.accessDenied());
    int callsBefore = bedrock.calls(SENTIMENT_MODEL).size();

    long run = runApproved("acme-only-any-share");

    assertThat(bedrock.calls(SENTIMENT_MODEL).size() - callsBefore).as("one call, no retry").isEqualTo(1);
    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    assertThat(parked.list(runId(run))).singleElement().satisfies(item -> {
      assertThat(item.item()).isEqualTo("sentiment-analysis");
      assertThat(item.lastError()).contains("AccessDenied");
    });
  }

  @Test
  void aFatalStorageErrorIsAReadableIncident_fixedAndRetriedTheRunGoesOn() {
    CHAOS.cloud().agentCore().failNext("CreateEvent", 1, 403, "AccessDeniedException",
        "User is not authorized to perform bedrock-agentcore:CreateEvent");

    long run = startRun("acme-only");
    await().atMost(RUN_TIMEOUT).until(() -> !records.openIncidents(run).isEmpty());
    EngineIncident incident = EngineIncident.of(records.openIncidents(run).get(0));

    // the first memory write of the run fails; the incident says where, what and what to do, in one readable line
    assertThat(incident.message())
        .matches("Task_\\w+( for competitor acme)?: agentcore-memory: .*AccessDenied.*Fix: .*")
        .endsWith("Once fixed, retry this job in Operate.")
        .doesNotContain("\tat ");
    // what an operator does in Operate once the permission is granted: give the job a retry, resolve the incident
    client.newUpdateRetriesCommand(incident.jobKey()).retries(1).send().join();
    client.newResolveIncidentCommand(incident.key()).send().join();
    review(run, "approve", "");
    awaitEnded(run);
    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
  }

  private double circuitOpenRetries() {
    return meters.find("rivalwatch.job.retries").tag("cause", "circuit_open").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** An open incident as the engine recorded it. */
  record EngineIncident(long key, long jobKey, String message) {
    static EngineIncident of(io.rivalwatch.testsupport.EngineRecords.Incident i) {
      return new EngineIncident(i.key(), i.jobKey(), i.message());
    }
  }
}
