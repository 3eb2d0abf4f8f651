package io.rivalwatch.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.resilience.OutsideServices;
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
 * A service down for good, and errors that no retry can fix, with the aws profile against the fakes.
 */
@ActiveProfiles("aws")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutagesAndFatalErrorsChaosTest extends ProcessTestBase {

  private static final ChaosEnvironment CHAOS = ChaosEnvironment.shared();
  private static final String SENTIMENT_MODEL = BedrockFake.NOVA_LITE;

  @Autowired MeterRegistry meters;
  @Autowired OutsideServices services;
  @Autowired ParkedItems parked;

  @DynamicPropertySource
  static void cloud(DynamicPropertyRegistry registry) {
    CHAOS.cloud().properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  @AfterEach
  void healed() {
    CHAOS.clearFaults();
    CHAOS.cloud().bedrock().reset();
  }

  @Test
  void aModelDownForGood_opensItsBreakerBoundsTheCallsParksTheItemsAndRecoversWhenItReturns() {
    BedrockFake bedrock = CHAOS.cloud().bedrock();
    bedrock.failNext(SENTIMENT_MODEL, 1000, BedrockFake.Fault.serviceUnavailable());
    int callsBefore = bedrock.calls(SENTIMENT_MODEL).size();
    double refusalsBefore = circuitOpenRetries();

    long run = startRun(null);
    awaitEnded(run);
    String runId = runId(run);

    // every competitor lost its sentiment analysis: parked, and with no competitor complete the run failed
    assertThat(records.completedElements(run)).contains("EndEvent_RunFailed");
    assertThat(parked.list(runId)).extracting(ParkedItems.Item::item)
        .containsOnly("sentiment-analysis").hasSize(3);
    // the breaker opened: attempts meanwhile were refused without a call and without spending a retry, so each job
    // made exactly its five counted calls however long the outage lasted (without it: a call per attempt)
    assertThat(circuitOpenRetries() - refusalsBefore).isPositive();
    assertThat(bedrock.calls(SENTIMENT_MODEL).size() - callsBefore).isEqualTo(3 * 5);
    assertThat(records.incidents(run)).isEmpty();

    // the model returns: the breaker lets a trial through, closes, and the parked analyses are recovered
    bedrock.reset();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<?> outcomes = signedInAs(io.rivalwatch.testsupport.LocalEnvironment.OPERATOR)
          .postForObject("/api/runs/" + runId + "/parked/retry", null, List.class);
      assertThat(parked.list(runId)).isEmpty();
      assertThat(outcomes).isNotNull();
    });
    assertThat(services.state("bedrock:" + SENTIMENT_MODEL)).hasValueSatisfying(s -> assertThat(s.open()).isFalse());
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
