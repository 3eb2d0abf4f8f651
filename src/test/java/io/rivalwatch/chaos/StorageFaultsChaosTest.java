package io.rivalwatch.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.fakes.chaos.FaultKind;
import io.rivalwatch.fakes.chaos.FaultPlan;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import io.rivalwatch.resilience.IdempotentCalls;
import io.rivalwatch.resilience.RetryBudget;
import io.rivalwatch.testsupport.ChaosEnvironment;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The storage mix of issue 13 on the aws profile: 10 % of S3 and AgentCore Memory calls answered 500 or 503 and 3 %
 * with a connection closed without an answer, on top of 30 % Bedrock faults (throttling, 5xx and answers cut off)
 * and 5 % Bedrock answers sent whole but 5 s late, with no cap on faults in a row. Every run is delivered with no
 * human (no incident), its retry budget is far from spent, one e-mail and one Slack post go out, the storage faults
 * are absorbed inside the jobs (they make almost no job fail), and the ledger holds every answer the model fake sent,
 * cut ones as estimates.
 *
 * <p>What this slice guarantees for deliveries is that the ledger's conditional writes are repeated inside the job;
 * a send followed by a ledger write that fails every repeat is issue 13 item 5 (exactly once), not this test's.
 * Other seeds: {@code -Dchaos.storage.seeds=1,2,3}; the same mix without in-job repeats, for comparison:
 * {@code -Dchaos.in-job.max-attempts=1} (then the assertions on job failures are expected to fail).
 */
@ActiveProfiles("aws")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StorageFaultsChaosTest extends ProcessTestBase {

  private static final Logger log = LoggerFactory.getLogger(StorageFaultsChaosTest.class);
  private static final ChaosEnvironment CHAOS = ChaosEnvironment.shared();

  @Autowired MeterRegistry meters;
  @Autowired ArtefactStore store;
  @Autowired ArtefactJson json;
  @Autowired RetryBudget budget;
  @Autowired ModelUsageLedger ledger;

  static {
    OVERRIDES.putAll(CHAOS.smtpProperties());
    OVERRIDES.put("rivalwatch.resilience.in-job.max-attempts", System.getProperty("chaos.in-job.max-attempts", "4"));
  }

  @DynamicPropertySource
  static void chaosProperties(DynamicPropertyRegistry registry) {
    CHAOS.cloud().properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  @BeforeAll
  static void noFaultsYet() {
    CHAOS.clearFaults();
  }

  @AfterEach
  void clearFaults() {
    CHAOS.clearFaults();
  }

  static java.util.stream.LongStream seeds() {
    return java.util.Arrays.stream(System.getProperty("chaos.storage.seeds", "13,29").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong);
  }

  /** 10 % 500/503 and 3 % resets: 13 % of calls, drawn 10 : 3. */
  static FaultPlan storageMix(long seed) {
    return FaultPlan.seeded(seed).noConsecutiveCap()
        // 35 % of model calls: 30 % faults (throttling, some with Retry-After, 503, 500, and answers cut off: a stream
        // without its stop and usage events, a truncated body; 7.5 % each) and 5 % whole answers sent late (DELAY),
        // drawn 3 : 3 : 3 : 3 : 2. The delay is the 5 s; -Dchaos.bedrock.delay=PT1S scales it down for a
        // quicker run (it is far below every task's timeout either way, so it is never a failure)
        .rate(Service.BEDROCK, 0.35).kinds(Service.BEDROCK,
            FaultKind.THROTTLING, FaultKind.THROTTLING, FaultKind.THROTTLING,
            FaultKind.SERVICE_UNAVAILABLE, FaultKind.SERVICE_UNAVAILABLE, FaultKind.SERVICE_UNAVAILABLE,
            FaultKind.INTERNAL_SERVER_ERROR, FaultKind.INTERNAL_SERVER_ERROR, FaultKind.INTERNAL_SERVER_ERROR,
            FaultKind.CUT_OFF, FaultKind.CUT_OFF, FaultKind.CUT_OFF, FaultKind.DELAY, FaultKind.DELAY)
        .delays(java.time.Duration.parse(System.getProperty("chaos.bedrock.delay", "PT5S")))
        .rate(Service.S3, 0.13).kinds(Service.S3,
            FaultKind.INTERNAL_ERROR, FaultKind.INTERNAL_ERROR, FaultKind.INTERNAL_ERROR, FaultKind.INTERNAL_ERROR,
            FaultKind.INTERNAL_ERROR, FaultKind.SERVICE_UNAVAILABLE_S3, FaultKind.SERVICE_UNAVAILABLE_S3,
            FaultKind.SERVICE_UNAVAILABLE_S3, FaultKind.SERVICE_UNAVAILABLE_S3, FaultKind.SERVICE_UNAVAILABLE_S3,
            FaultKind.CONNECTION_RESET, FaultKind.CONNECTION_RESET, FaultKind.CONNECTION_RESET)
        .rate(Service.AGENTCORE, 0.13).kinds(Service.AGENTCORE,
            FaultKind.INTERNAL_SERVER_ERROR, FaultKind.INTERNAL_SERVER_ERROR, FaultKind.INTERNAL_SERVER_ERROR,
            FaultKind.INTERNAL_SERVER_ERROR, FaultKind.INTERNAL_SERVER_ERROR, FaultKind.SERVICE_UNAVAILABLE,
            FaultKind.SERVICE_UNAVAILABLE, FaultKind.SERVICE_UNAVAILABLE, FaultKind.SERVICE_UNAVAILABLE,
            FaultKind.SERVICE_UNAVAILABLE, FaultKind.CONNECTION_RESET, FaultKind.CONNECTION_RESET,
            FaultKind.CONNECTION_RESET);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyRunIsDeliveredWithNoHuman_andStorageFaultsAreAbsorbedInsideTheJobs(long seed) throws Exception {
    int mailsBefore = CHAOS.local().mail().getReceivedMessages().length;
    int slackBefore = slackPosts();
    int servedBefore = CHAOS.cloud().bedrock().served().size();
    double inJobBefore = inJobRetries();
    double budgetSpentBefore = meters.counter("rivalwatch.retry.budget.spent").count();

    FaultPlan plan = CHAOS.install(storageMix(seed));
    long run = runApproved("acme-and-globex");
    CHAOS.clearFaults();
    String runId = runId(run);

    List<RetryBudget.Failure> failures = jobFailures(runId);
    Map<String, Long> failuresByService = new TreeMap<>();
    failures.forEach(f -> failuresByService.merge(f.service().startsWith("bedrock") ? "bedrock" : f.service(), 1L,
        Long::sum));
    long storageFaults = plan.count(Service.S3) + plan.count(Service.AGENTCORE);
    long storageJobFailures = failuresByService.getOrDefault("s3", 0L)
        + failuresByService.getOrDefault("agentcore-memory", 0L);
    double absorbed = inJobRetries() - inJobBefore;
    String measured = plan.summary() + "\n  job failures by service " + failuresByService + ", in-job repeats "
        + absorbed + ", storage faults " + storageFaults + " (resets " + (plan.count(Service.S3,
        FaultKind.CONNECTION_RESET) + plan.count(Service.AGENTCORE, FaultKind.CONNECTION_RESET)) + ")";
    log.info("storage chaos seed {}: {}", seed, measured);
    assertThat(plan.count(Service.BEDROCK, FaultKind.DELAY)).as("the mix delayed model answers").isPositive();

    assertThat(records.completedElements(run)).as(measured).contains("EndEvent_ReportDelivered");
    assertThat(records.incidents(run)).as(measured).isEmpty();
    assertThat(storageFaults).as("the mix reached storage").isGreaterThanOrEqualTo(20);
    // the storage faults were repeated inside the jobs; the few left to the engine are overwrites (not idempotent)
    // and the rare call that failed every repeat
    assertThat(absorbed).as(measured).isGreaterThan(0.8 * storageFaults - 1);
    assertThat(storageJobFailures).as(measured).isLessThanOrEqualTo(storageFaults / 10 + 1);
    // the budget: not spent, and far from it
    assertThat(meters.counter("rivalwatch.retry.budget.spent").count()).isEqualTo(budgetSpentBefore);
    assertThat(failures.size()).as(measured).isLessThan(budget.limit() / 2);
    // one e-mail and one Slack post (see the class comment for what this slice guarantees)
    assertThat(CHAOS.local().mail().getReceivedMessages()).hasSize(mailsBefore + 1);
    assertThat(slackPosts()).isEqualTo(slackBefore + 1);
    // every answer the fake sent with 200 is in the ledger: complete ones with the usage the fake reported, cut ones
    // marked as estimated (that a cut answer is never rendered: CompleteAnswersOnlyTest, NightlyRunOnAwsTest)
    var served = CHAOS.cloud().bedrock().served().subList(servedBefore, CHAOS.cloud().bedrock().served().size());
    List<ModelCall> calls = ledger.calls(runId);
    assertThat(calls).as(measured).hasSameSizeAs(served);
    assertThat(calls.stream().filter(ModelCall::estimated).count()).as(measured)
        .isEqualTo(served.stream().filter(c -> !c.complete()).count());
    assertThat(calls.stream().filter(c -> !c.estimated()).mapToLong(ModelCall::inputTokens).sum()).as(measured)
        .isEqualTo(served.stream().filter(c -> c.complete()).mapToLong(c -> c.inputTokens()).sum());
    assertThat(calls.stream().filter(c -> !c.estimated()).mapToLong(ModelCall::outputTokens).sum()).as(measured)
        .isEqualTo(served.stream().filter(c -> c.complete()).mapToLong(c -> c.outputTokens()).sum());
  }

  private List<RetryBudget.Failure> jobFailures(String runId) {
    return store.list(runId).stream()
        .filter(k -> k.phase().equals(ArtefactKeys.RETRY_FAILURES)
            && k.name().startsWith(ArtefactKeys.RETRY_FAILURE_PREFIX))
        .map((ArtefactKey k) -> json.require(k, RetryBudget.Failure.class))
        .toList();
  }

  private double inJobRetries() {
    return meters.find(IdempotentCalls.RETRIES_METRIC).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private int slackPosts() {
    return CHAOS.local().site().wireMock()
        .findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook"))).size();
  }
}
