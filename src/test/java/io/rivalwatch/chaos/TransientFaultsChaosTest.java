package io.rivalwatch.chaos;

import io.rivalwatch.artefact.ArtefactKeys;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.fakes.chaos.FaultPlan;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import io.rivalwatch.testsupport.ChaosEnvironment;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Random transient faults at seeded rates across Bedrock, S3, AgentCore Memory and SMTP, with the aws profile: every
 * run completes, its report equals the fault-free report apart from run ids and times, each injected fault shows as
 * one retry in the metrics, and nothing is delivered twice. Other seeds: {@code -Dchaos.seeds=101,102,103}.
 */
@ActiveProfiles("aws")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TransientFaultsChaosTest extends ProcessTestBase {

  /**
   * 30 % of model calls, 1 % of storage calls, 3 % of memory calls; a retried request is not faulted twice in a row,
   * and a request that went through is not faulted when a retry repeats it.
   * The rates are per call, and a job's attempts share its five retries: writing the report reads some 30 artefacts,
   * so 1 % per storage call already fails a quarter of its attempts (10 % would fail almost all of them).
   */
  static final Map<Service, Double> RATES = Map.of(Service.BEDROCK, 0.30, Service.S3, 0.01, Service.AGENTCORE, 0.03);

  private static final ChaosEnvironment CHAOS = ChaosEnvironment.shared();
  private static boolean warmedUp;

  @Autowired MeterRegistry meters;
  @Autowired io.rivalwatch.artefact.ArtefactStore store;

  static {
    // mail through the gate that refuses on demand, not to GreenMail directly
    OVERRIDES.putAll(CHAOS.smtpProperties());
  }

  @DynamicPropertySource
  static void chaosProperties(DynamicPropertyRegistry registry) {
    CHAOS.cloud().properties().forEach((name, value) -> registry.add(name, () -> value));
    // this test measures that each transient fault costs one engine retry and leaves the report as it was; a 503
    // would otherwise move its task to a fallback model at once (docs/fallback-models.md), changing both
    registry.add("rivalwatch.bedrock.fallback.unavailable-errors", () -> "ResourceNotFoundException,ModelNotReadyException");
  }

  @BeforeAll
  static void noFaultsYet() {
    CHAOS.clearFaults();
  }

  @AfterEach
  void clearFaults() {
    CHAOS.clearFaults();
  }

  /** The seeds to run: {@code -Dchaos.seeds=5,6,7} for others (the suite must pass for any). */
  static java.util.stream.LongStream seeds() {
    return java.util.Arrays.stream(System.getProperty("chaos.seeds", "11,23,37").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong);
  }

  @ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.MethodSource("seeds")
  void everyRunCompletesWithTheFaultFreeReport(long seed) throws Exception {
    if (!warmedUp) {
      // so the baseline below also has a previous run to compare with, like the faulty run after it
      runApproved("acme-only");
      warmedUp = true;
    }
    String baseline = report(runApproved("acme-only"));
    double retriesBefore = retries();
    double repeatsBefore = inJobRepeats();
    int mailsBefore = CHAOS.local().mail().getReceivedMessages().length;
    int slackBefore = slackPosts();

    FaultPlan plan = CHAOS.install(FaultPlan.seeded(seed).rates(RATES).maxConsecutive(1)
        .answeredRequestsStayAnswered());
    CHAOS.smtp().refuseNext(2);
    long run = runApproved("acme-only");
    int smtpRefused = CHAOS.smtp().refused();
    CHAOS.clearFaults();

    assertThat(records.completedElements(run)).as(plan.summary()).contains("EndEvent_ReportDelivered");
    assertThat(records.incidents(run)).as(plan.summary()).isEmpty();
    assertThat(normalised(report(run))).as(plan.summary()).isEqualTo(normalised(baseline));
    // every fault cost one retry, no more (no hidden SDK retries), no fewer (none swallowed): a repeat inside the job
    // for an idempotent storage or memory call (ADR 0015), a job retry by the engine for everything else
    long injected = plan.ledger().size();
    double repeats = inJobRepeats() - repeatsBefore;
    assertThat(retries() - retriesBefore + repeats).as("%s%nfaults: %s%nretries by job type and cause: %s, "
        + "in-job repeats %s", plan.summary(), plan.ledger(), retriesByJobType(), repeats)
        .isEqualTo((double) injected);
    // and the storage and memory faults were absorbed inside the jobs, but for the odd overwrite (not idempotent)
    long storageFaults = plan.count(Service.S3) + plan.count(Service.AGENTCORE);
    assertThat(repeats).as(plan.summary()).isGreaterThanOrEqualTo(storageFaults / 2.0);
    assertThat(injected).as("faults were injected").isGreaterThanOrEqualTo(2);
    // SMTP refused twice, then exactly one message per recipient; one Slack post
    assertThat(smtpRefused).isEqualTo(2);
    assertThat(CHAOS.local().mail().getReceivedMessages()).hasSize(mailsBefore + 1);
    assertThat(slackPosts()).isEqualTo(slackBefore + 1);
  }

  private String report(long run) {
    String runId = records.rootVariables(run).get("runId").replace("\"", "");
    return new String(store.read(ArtefactKeys.reportMarkdown(runId, 1)).orElseThrow(), StandardCharsets.UTF_8);
  }

  /**
   * The report without what differs between any two runs: run ids, times (the audit trail's to the second), link
   * signatures, and in the usage footer the input tokens and cost (prompts carry the memory of earlier runs, which
   * grows from run to run; calls and output tokens must still match).
   */
  static String normalised(String report) {
    return report
        .replaceAll("(test-)?run-\\d+", "RUN")
        .replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}(:\\d{2})? UTC", "TIME")
        .replaceAll("\\?X-Amz-[^)\\s\"]*", "")
        .replaceAll("(?m)^(\\|[^|]*\\|[^|]*\\|\\s*\\d+\\s*\\|\\s*)\\d+(\\s*\\|[^|]*\\|[^|]*\\|[^|]*\\|\\s*)[\\d.]+(\\s*\\|)$",
            "$1IN$2COST$3");
  }

  private double retries() {
    return meters.find("rivalwatch.job.retries").counters().stream()
        .filter(c -> java.util.Set.of("transient", "rate_limited").contains(c.getId().getTag("cause")))
        .mapToDouble(c -> c.count()).sum();
  }

  private double inJobRepeats() {
    return meters.find(io.rivalwatch.resilience.IdempotentCalls.RETRIES_METRIC).counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  private Map<String, Double> retriesByJobType() {
    Map<String, Double> counts = new java.util.TreeMap<>();
    meters.find("rivalwatch.job.retries").counters().forEach(c -> counts.merge(
        c.getId().getTag("job_type") + "/" + c.getId().getTag("cause"), c.count(), Double::sum));
    return counts;
  }

  private int slackPosts() {
    return CHAOS.local().site().wireMock()
        .findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook"))).size();
  }
}
