package io.rivalwatch.fakes.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.rivalwatch.fakes.chaos.FaultPlan.Injection;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The plan's decisions: seeded, at the rates asked, capped per target, all in the ledger. */
class FaultPlanTest {

  /** A mixed call sequence, as a night's run makes them: many targets, some repeated (retries). */
  private static List<String> replay(FaultPlan plan) {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Service service = Service.values()[i % Service.values().length];
      String key = "request-" + (i % 17);
      outcomes.add(plan.draw(service, "Op" + (i % 3), key).map(Injection::describe).orElse("-"));
    }
    return outcomes;
  }

  private static FaultPlan everyService(long seed) {
    return FaultPlan.seeded(seed).rate(Service.BEDROCK, 0.3).rate(Service.AGENTCORE, 0.1).rate(Service.S3, 0.1)
        .rate(Service.WEB, 0.2).rate(Service.SMTP, 0.5);
  }

  @Test
  void theSameSeedGivesTheSameFaultsForTheSameCalls() {
    List<String> first = replay(everyService(42));
    List<String> second = replay(everyService(42));

    assertThat(second).isEqualTo(first);
    assertThat(first).anyMatch(s -> !s.equals("-"));
    assertThat(everyService(42).ledger()).isEmpty();
  }

  @Test
  void theLedgersOfTwoRunsWithOneSeedAgreeButForTheTime() {
    FaultPlan a = everyService(7);
    FaultPlan b = everyService(7);
    replay(a);
    replay(b);

    assertThat(b.ledger().stream().map(Injection::describe).toList())
        .isEqualTo(a.ledger().stream().map(Injection::describe).toList());
    assertThat(b.counts()).isEqualTo(a.counts());
  }

  @Test
  void anotherSeedGivesOtherFaults() {
    assertThat(replay(everyService(43))).isNotEqualTo(replay(everyService(42)));
  }

  @Test
  void aServiceWithoutFaultsTakesNoRandomNumberSoItsCallsDoNotShiftTheOthers() {
    FaultPlan alone = FaultPlan.seeded(5).rate(Service.BEDROCK, 0.3);
    FaultPlan withWebCalls = FaultPlan.seeded(5).rate(Service.BEDROCK, 0.3);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      a.add(alone.draw(Service.BEDROCK, "Converse", "k" + i).map(Injection::describe).orElse("-"));
      withWebCalls.draw(Service.WEB, "GET", "/acme/" + i);
      b.add(withWebCalls.draw(Service.BEDROCK, "Converse", "k" + i).map(Injection::describe).orElse("-"));
    }

    assertThat(b).isEqualTo(a);
    assertThat(withWebCalls.draws(Service.WEB)).isEqualTo(200);
    assertThat(withWebCalls.count(Service.WEB)).isZero();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20250601})
  void ratesRoughlyHoldOverAThousandDraws(long seed) {
    FaultPlan plan = FaultPlan.typical(seed);
    for (int i = 0; i < 1000; i++) {
      // every call its own target, so the cap does not bend the rate
      plan.draw(Service.BEDROCK, "Converse", "call " + i);
      plan.draw(Service.S3, "PutObject", "object " + i);
      plan.draw(Service.AGENTCORE, "CreateEvent", "event " + i);
      plan.draw(Service.WEB, "GET", "/page/" + i);
    }

    // 4 standard deviations: sqrt(1000 * 0.3 * 0.7) = 14.5, sqrt(1000 * 0.1 * 0.9) = 9.5
    assertThat(plan.count(Service.BEDROCK)).isCloseTo(300, within(58L));
    assertThat(plan.count(Service.S3)).isCloseTo(100, within(38L));
    assertThat(plan.count(Service.AGENTCORE)).isCloseTo(100, within(38L));
    assertThat(plan.count(Service.WEB)).isZero();
    assertThat(plan.draws(Service.BEDROCK)).isEqualTo(1000);
    assertThat(plan.capped(Service.BEDROCK)).isZero();
    // kinds are drawn uniformly: a third of Bedrock's faults each
    long bedrock = plan.count(Service.BEDROCK);
    for (FaultKind kind : Service.BEDROCK.defaultKinds()) {
      assertThat((double) plan.count(Service.BEDROCK, kind) / bedrock).as(kind.name()).isCloseTo(1.0 / 3, within(0.12));
    }
    assertThat(plan.counts().get(Service.S3).keySet())
        .containsExactlyInAnyOrder(FaultKind.SLOW_DOWN, FaultKind.INTERNAL_ERROR);
    assertThat(plan.counts().get(Service.AGENTCORE).keySet())
        .containsExactlyInAnyOrder(FaultKind.THROTTLING, FaultKind.SERVICE_UNAVAILABLE);
  }

  @Test
  void neverMoreThanTwoFaultsInARowForOneTarget() {
    FaultPlan plan = FaultPlan.seeded(11).rate(Service.BEDROCK, 0.9);
    int run = 0;
    int longest = 0;
    for (int i = 0; i < 1000; i++) {
      boolean faulted = plan.draw(Service.BEDROCK, "Converse", "the same request").isPresent();
      run = faulted ? run + 1 : 0;
      longest = Math.max(longest, run);
    }

    assertThat(longest).isEqualTo(2);
    assertThat(plan.capped(Service.BEDROCK)).isPositive();
  }

  @Test
  void atRateOneEveryThirdCallOfATargetGoesThroughAndOtherTargetsHaveTheirOwnStreaks() {
    FaultPlan plan = FaultPlan.seeded(1).rate(Service.S3, 1.0);
    List<Boolean> a = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      a.add(plan.draw(Service.S3, "PutObject", "a").isPresent());
      // another key, and the same key under another operation, are other targets
      assertThat(plan.draw(Service.S3, "PutObject", "b").isPresent()).isEqualTo(i % 3 != 2);
      assertThat(plan.draw(Service.S3, "GetObject", "a").isPresent()).isEqualTo(i % 3 != 2);
    }

    assertThat(a).containsExactly(true, true, false, true, true, false);
    assertThat(plan.capped(Service.S3)).isEqualTo(6);
  }

  @Test
  void theCapCanBeRaisedOrLifted() {
    FaultPlan three = FaultPlan.seeded(1).rate(Service.WEB, 1.0).maxConsecutive(3);
    FaultPlan none = FaultPlan.seeded(1).rate(Service.WEB, 1.0).noConsecutiveCap();
    List<Boolean> capped = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      capped.add(three.draw(Service.WEB, "GET", "/").isPresent());
      assertThat(none.draw(Service.WEB, "GET", "/")).isPresent();
    }

    assertThat(capped).containsExactly(true, true, true, false, true, true, true, false);
    assertThat(none.count(Service.WEB)).isEqualTo(8);
    assertThatThrownBy(() -> three.maxConsecutive(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRequestThatWentThroughIsNotFaultedWhenRepeated_whenAsked() {
    FaultPlan plan = FaultPlan.seeded(1).rate(Service.WEB, 1.0).maxConsecutive(1).answeredRequestsStayAnswered();
    List<Boolean> first = new ArrayList<>();
    List<Boolean> second = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      first.add(plan.draw(Service.WEB, "GET", "/a").isPresent());
    }
    second.add(plan.draw(Service.WEB, "GET", "/b").isPresent());
    second.add(plan.draw(Service.WEB, "GET", "/b").isPresent());

    // faulted, then through, then never again; another target still meets its first fault
    assertThat(first).containsExactly(true, false, false, false);
    assertThat(second).containsExactly(true, false);
  }

  @Test
  void forcedFaultsAreInTheLedgerAndCountInTheStreak() {
    FaultPlan plan = FaultPlan.seeded(3).rate(Service.SMTP, 1.0);
    plan.record(Service.SMTP, "connect", "smtp", FaultKind.CONNECTION_CLOSED);
    plan.record(Service.SMTP, "connect", "smtp", FaultKind.CONNECTION_CLOSED);

    assertThat(plan.draw(Service.SMTP, "connect", "smtp")).as("a third fault in a row").isEmpty();
    assertThat(plan.ledger()).extracting(Injection::forced).containsExactly(true, true);
    assertThat(plan.count(Service.SMTP, FaultKind.CONNECTION_CLOSED)).isEqualTo(2);
  }

  @Test
  void theLedgerHoldsServiceOperationKeyKindAndTime() {
    Instant now = Instant.parse("2025-06-01T02:00:00Z");
    FaultPlan plan = FaultPlan.seeded(9, Clock.fixed(now, ZoneOffset.UTC)).rate(Service.BEDROCK, 1.0)
        .kinds(Service.BEDROCK, FaultKind.THROTTLING);
    plan.draw(Service.BEDROCK, "ConverseStream", "model task");
    plan.draw(Service.BEDROCK, "ConverseStream", "model task");

    assertThat(plan.ledger()).hasSize(2).allSatisfy(i -> {
      assertThat(i.service()).isEqualTo(Service.BEDROCK);
      assertThat(i.operation()).isEqualTo("ConverseStream");
      assertThat(i.key()).isEqualTo("model task");
      assertThat(i.kind()).isEqualTo(FaultKind.THROTTLING);
      assertThat(i.retryAfter()).isIn(Duration.ZERO, Duration.ofSeconds(1));
      assertThat(i.at()).isEqualTo(now);
      assertThat(i.forced()).isFalse();
    });
    assertThat(plan.ledger()).extracting(Injection::sequence).containsExactly(1L, 2L);
    assertThat(plan.counts()).isEqualTo(Map.of(Service.BEDROCK, Map.of(FaultKind.THROTTLING, 2L)));
    assertThat(plan.summary()).contains("bedrock: rate 1.0, 2 calls", "THROTTLING=2");
  }

  @Test
  void onlyThrottlingCarriesARetryAfterOfZeroOrOneSecond() {
    FaultPlan plan = FaultPlan.seeded(4).rate(Service.BEDROCK, 1.0).noConsecutiveCap();
    for (int i = 0; i < 300; i++) {
      plan.draw(Service.BEDROCK, "Converse", "k");
    }

    assertThat(plan.ledger()).allSatisfy(i -> {
      if (i.kind() == FaultKind.THROTTLING) {
        assertThat(i.retryAfter()).isIn(Duration.ZERO, Duration.ofSeconds(1));
      } else {
        assertThat(i.retryAfter()).isNull();
      }
    });
    assertThat(plan.ledger()).extracting(Injection::retryAfter).contains(Duration.ZERO, Duration.ofSeconds(1));
  }

  @Test
  void offStopsInjectingAndKeepsTheLedger() {
    FaultPlan plan = FaultPlan.typical(8).rate(Service.BEDROCK, 1.0);
    plan.draw(Service.BEDROCK, "Converse", "k");
    plan.off();

    assertThat(plan.draw(Service.BEDROCK, "Converse", "other")).isEmpty();
    assertThat(plan.rate(Service.S3)).isZero();
    assertThat(plan.ledger()).hasSize(1);
  }

  @Test
  void refusesKindsAServiceCannotAnswerWithAndRatesOutsideZeroToOne() {
    FaultPlan plan = FaultPlan.seeded(1);

    assertThatThrownBy(() -> plan.kinds(Service.S3, FaultKind.THROTTLING))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S3 does not answer with THROTTLING");
    assertThatThrownBy(() -> plan.rate(Service.WEB, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> plan.rate(Service.WEB, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Service.of("agentcore")).isEqualTo(Service.AGENTCORE);
  }
}
