package io.rivalwatch.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.fakes.chaos.FaultKind;
import io.rivalwatch.fakes.chaos.FaultPlan;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.OutsideServices.BreakerState;
import io.rivalwatch.resilience.ParkedItems;
import io.rivalwatch.testsupport.ChaosEnvironment;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bedrock, then S3 (the artefact store), down for 30 minutes in the middle of a run, with the production breaker
 * settings (a minute's rest, two hours of patience) and no fallback chain (with one, the model tasks move down it
 * instead): the jobs wait, a trial call a minute, without spending their retries or the run's retry budget, and once
 * the service is back the run finishes and is delivered with nothing parked. No sleeping: the engine's clock and the
 * application's clock (which the breakers measure their rest with) are moved on together.
 */
@ActiveProfiles("aws")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LongOutageChaosTest extends ProcessTestBase {

  private static final ChaosEnvironment CHAOS = ChaosEnvironment.shared();
  private static final Duration REST = Duration.ofMinutes(1);
  private static final EngineTime ENGINE_TIME = new EngineTime();

  static {
    // production's rest and patience; three failures open a model's breaker, so both competitors' analyses of one
    // model have retries left when it opens (with the default five, one job can spend all five first). Read when the
    // context starts: the parameter source below makes JUnit initialise this class before that.
    OVERRIDES.put("rivalwatch.resilience.breaker.open-duration", "PT1M");
    OVERRIDES.put("rivalwatch.resilience.breaker.outage-patience", "PT2H");
    OVERRIDES.put("rivalwatch.resilience.breaker.failure-threshold", "3");
    // no fallback chain (docs/fallback-models.md): the tasks have nowhere to go but to wait for their own models
    for (String task : List.of("sentiment", "strategy", "positioning", "synthesis")) {
      OVERRIDES.put("rivalwatch.bedrock.fallback." + task, "");
    }
    OVERRIDES.put("rivalwatch.bedrock.fallback.offline", "false");
    // its artefacts apart from the other classes' (the store is shared): its clock runs half an hour ahead, and
    // history written then would be the "last run" of every later run for that half hour
    OVERRIDES.put("rivalwatch.s3.prefix", "long-outage");
  }

  static java.util.stream.Stream<Duration> outages() {
    return java.util.stream.Stream.of(Duration.ofMinutes(30));
  }

  /** The application's clock: this JVM's time plus what the test moved the engine's clock on by. */
  @TestConfiguration
  static class MovedClock {
    @Bean
    @Primary
    Clock engineTime() {
      return ENGINE_TIME;
    }
  }

  @Autowired OutsideServices services;
  @Autowired ArtefactStore store;
  @Autowired ParkedItems parked;

  @DynamicPropertySource
  static void cloud(DynamicPropertyRegistry registry) {
    CHAOS.cloud().properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  @AfterEach
  void healed() {
    CHAOS.clearFaults();
  }

  @ParameterizedTest(name = "Bedrock down for {0}")
  @MethodSource("outages")
  void aLongModelOutageIsWaitedOut_noRetrySpentWhileItLasts_andTheRunIsDelivered(Duration outage) {
    FaultPlan plan = CHAOS.install(FaultPlan.seeded(30).noConsecutiveCap().rate(Service.BEDROCK, 1.0)
        .kinds(Service.BEDROCK, FaultKind.INTERNAL_SERVER_ERROR));
    long run = startRun("acme-and-globex");
    String runId = runId(run);

    // every analysis has met the outage and every model's breaker is open
    await().atMost(RUN_TIMEOUT).until(() -> records.countActivated(run, "Task_AnalyseSentiment") == 2
        && records.countActivated(run, "Task_AnalyseStrategy") == 2
        && records.countActivated(run, "Task_AnalysePositioning") == 2
        && !modelBreakers().isEmpty() && modelBreakers().stream().allMatch(b -> b.open()));
    // the first minute: every model's first trial fails (and a failure that was in flight as the breakers opened is
    // written down by now)
    nextMinute();
    int spentBefore = budgetRecords(runId);
    long callsBefore = plan.draws(Service.BEDROCK);
    int models = modelBreakers().size();

    // the rest of the outage, a minute at a time: at each step every model gets one trial call, which fails
    for (Duration passed = REST; passed.compareTo(outage) < 0; passed = passed.plus(REST)) {
      nextMinute();
    }
    long outageCalls = plan.draws(Service.BEDROCK) - callsBefore;
    assertThat(records.incidents(run)).isEmpty();
    assertThat(records.hasEnded(run)).isFalse();
    assertThat(budgetRecords(runId)).as("no retry was spent while the outage lasted").isEqualTo(spentBefore);

    // Bedrock is back: the next trial closes the breakers and the waiting analyses go on
    CHAOS.clearFaults();
    advance(REST.plusSeconds(1));
    review(run, "approve", "");
    awaitEnded(run);

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    assertThat(records.incidents(run)).isEmpty();
    assertThat(parked.list(runId)).isEmpty();
    // only the failures before the breakers opened were spent: the first of each of the six analyses, and a second
    // for some, as calls in flight together all fail before the third failure opens their breaker
    assertThat(spentBefore).isLessThanOrEqualTo(2 * 6);
    // one trial a minute per model, no more: the calls during the outage are bounded by the breakers
    long minutes = outage.toMinutes() - 1;
    assertThat(outageCalls).isBetween(minutes, minutes * models);
  }

  @Test
  void aLongStorageOutageIsWaitedOut_noRetrySpentWhileItLasts_andTheRunIsDelivered() {
    Duration outage = Duration.ofMinutes(30);
    int mailsBefore = CHAOS.local().mail().getReceivedMessages().length;
    long run = startRun("acme-and-globex");
    String runId = runId(run);
    // research is under way (and nothing has failed yet) when S3 starts answering 503 to every call
    await().atMost(RUN_TIMEOUT).until(() -> records.countActivated(run, "Task_GatherWebsite") >= 1);
    FaultPlan plan = CHAOS.install(FaultPlan.seeded(31).noConsecutiveCap().rate(Service.S3, 1.0)
        .kinds(Service.S3, FaultKind.SERVICE_UNAVAILABLE_S3));

    await().atMost(RUN_TIMEOUT).until(() -> storageBreaker().open());
    nextStorageMinute();
    long callsBefore = plan.draws(Service.S3);
    for (Duration passed = REST; passed.compareTo(outage) < 0; passed = passed.plus(REST)) {
      nextStorageMinute();
    }
    long outageCalls = plan.draws(Service.S3) - callsBefore;
    assertThat(records.incidents(run)).isEmpty();
    assertThat(records.hasEnded(run)).isFalse();
    // a job that failed on the store waited for it: the same retries, and a budget record it could not write anyway
    assertThat(records.retriesSpent(run)).as("no retry was spent while the outage lasted").isZero();

    // S3 is back: the next trial closes the breaker and the waiting jobs go on
    CHAOS.clearFaults();
    advance(REST.plusSeconds(1));
    review(run, "approve", "");
    awaitEnded(run);

    assertThat(records.completedElements(run)).contains("EndEvent_ReportDelivered");
    assertThat(records.incidents(run)).isEmpty();
    assertThat(parked.list(runId)).isEmpty();
    assertThat(records.retriesSpent(run)).isZero();
    assertThat(budgetRecords(runId)).as("the outage spent nothing of the run's retry budget").isZero();
    assertThat(CHAOS.local().mail().getReceivedMessages()).hasSize(mailsBefore + 1);
    // one trial a minute (the half-open breaker lets one call through), plus at most a call that was already past
    // the breaker when it reopened: the breaker bounds the calls
    long minutes = outage.toMinutes() - 1;
    assertThat(outageCalls).isBetween(minutes, 2 * minutes);
  }

  /** Moves both clocks past the store breaker's rest and waits until its trial call has failed. */
  private void nextStorageMinute() {
    advance(REST.plusSeconds(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> storageBreaker().open()
        && storageBreaker().remainingOpen().compareTo(REST.minusSeconds(20)) > 0);
  }

  private BreakerState storageBreaker() {
    return services.states().stream().filter(b -> b.service().equals("s3")).findFirst()
        .orElse(new BreakerState("s3", io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED, 0, 0,
            Duration.ZERO));
  }

  /** Moves both clocks past the breakers' rest and waits until every model's trial call has failed. */
  private void nextMinute() {
    advance(REST.plusSeconds(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> modelBreakers().stream()
        .allMatch(b -> b.open() && b.remainingOpen().compareTo(REST.minusSeconds(20)) > 0));
  }

  private List<BreakerState> modelBreakers() {
    return services.states().stream().filter(b -> b.service().startsWith("bedrock:")).toList();
  }

  private int budgetRecords(String runId) {
    return (int) store.list(runId).stream().filter(k -> k.phase().equals(ArtefactKeys.RETRY_FAILURES)
        && k.name().startsWith(ArtefactKeys.RETRY_FAILURE_PREFIX)).count();
  }

  private static void advance(Duration duration) {
    ENGINE_TIME.offset = ENGINE_TIME.offset.plus(duration);
    EmbeddedEngine.get().increaseTime(duration);
  }

  /** The JVM's time plus an offset, as the embedded engine's clock is once it has been moved on. */
  static final class EngineTime extends Clock {
    volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
