package io.rivalwatch.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.testsupport.ForwardingArtefactStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Two worker instances (two sets of breakers, each with its own sharing) over one file artefact store, as two
 * instances of the application share one store: a breaker that opens on one is open on the other within the poll
 * interval, until the same time; then the other lets its own trial call through.
 */
class BreakerSharingTest {

  private static final String MODEL = "bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration OPEN = Duration.ofSeconds(3);

  @TempDir Path data;
  private CountingStore store;
  private OutsideServices first;
  private OutsideServices second;
  private BreakerSharing firstSharing;
  private BreakerSharing secondSharing;

  @BeforeEach
  void twoInstancesOverOneStore() {
    store = new CountingStore(new FileArtefactStore(data));
    first = breakers();
    second = breakers();
    firstSharing = new BreakerSharing(first, store, POLL, Clock.systemUTC());
    secondSharing = new BreakerSharing(second, store, POLL, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    firstSharing.stop();
    secondSharing.stop();
  }

  @Test
  void aBreakerOpenedOnOneInstanceIsOpenOnTheOtherWithinThePollInterval_untilTheSameTime_thenTheOtherTriesItself() {
    firstSharing.start();
    secondSharing.start();

    failUntilOpen(first, MODEL);
    Duration firstRemaining = first.state(MODEL).orElseThrow().remainingOpen();
    Instant firstUntil = Instant.now().plus(firstRemaining);

    // the second instance never called the model, and refuses it now, for as long as the first
    await().atMost(POLL.multipliedBy(5)).until(() -> second.state(MODEL).map(OutsideServices.BreakerState::open)
        .orElse(false));
    AtomicInteger made = new AtomicInteger();
    assertThatThrownBy(() -> second.call(MODEL, made::incrementAndGet))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
          assertThat(e.getMessage()).contains("circuit open as another instance's opened after 3 consecutive failures");
          assertThat(e.retryAfter()).hasValueSatisfying(wait ->
              assertThat(wait).isPositive().isLessThanOrEqualTo(firstRemaining));
        });
    assertThat(made).hasValue(0);

    // the opening ends on both at the same time: then the second makes its own trial call, which closes it
    await().atMost(OPEN.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(OutsideServiceException.class).untilAsserted(() ->
        assertThat(second.call(MODEL, made::incrementAndGet)).isEqualTo(1));
    assertThat(Instant.now()).as("not before the first's opening ended").isAfter(firstUntil.minusMillis(100));
    assertThat(second.state(MODEL).orElseThrow().open()).isFalse();
  }

  @Test
  void twoApplicationContextsOverOneStore_shareAnOpeningThroughTheirOwnBeans() {
    ApplicationContextRunner instance = new ApplicationContextRunner()
        .withUserConfiguration(BreakerSharingConfiguration.class)
        .withBean(ArtefactStore.class, () -> store)
        .withBean(OutsideServices.class, BreakerSharingTest::breakers)
        .withPropertyValues("rivalwatch.resilience.breaker-sharing.poll-interval=200ms");
    instance.run(one -> instance.run(other -> {
      assertThat(one).hasSingleBean(BreakerSharing.class);
      failUntilOpen(one.getBean(OutsideServices.class), "slack");
      await().atMost(POLL.multipliedBy(5)).until(() -> other.getBean(OutsideServices.class).state("slack")
          .map(OutsideServices.BreakerState::open).orElse(false));
    }));
    new ApplicationContextRunner().withUserConfiguration(BreakerSharingConfiguration.class)
        .withBean(ArtefactStore.class, () -> store).withBean(OutsideServices.class, BreakerSharingTest::breakers)
        .withPropertyValues("rivalwatch.resilience.breaker-sharing.enabled=false")
        .run(off -> assertThat(off).doesNotHaveBean(BreakerSharing.class));
  }

  @Test
  void anOpeningWhoseTimeHasPassed_opensNothing_andAnInstanceDoesNotTakeOverItsOwn() {
    String service = "agentcore-memory";
    firstSharing.publish(service, Instant.now().minusSeconds(1));
    assertThat(secondSharing.poll()).as("an opening that has ended").isEmpty();
    assertThat(second.state(service)).isEmpty();

    secondSharing.publish(service, Instant.now().plus(OPEN));
    assertThat(secondSharing.poll()).as("its own opening").isEmpty();
    assertThat(firstSharing.poll()).containsExactly(service);
    assertThat(firstSharing.poll()).as("seen again, changes nothing").isEmpty();
    assertThat(first.state(service).orElseThrow().open()).isTrue();
  }

  @Test
  void callsNeverTouchTheStore_onlyOpeningsAndPollsDo() {
    for (int i = 0; i < 100; i++) {
      second.call(MODEL, () -> "answer");
    }
    assertThat(store.calls).hasValue(0);

    failUntilOpen(first, MODEL);
    assertThat(store.calls).as("one marker written").hasValue(1);
    secondSharing.poll();
    assertThat(store.calls.get()).as("one listing per hour an opening may end in").isBetween(2, 3);
  }

  @Test
  void serviceNamesSurviveTheirKeyEncoding() {
    for (String service : List.of(MODEL, "web:www.acme.example", "s3", "smtp", "web:[::1]:8080", "a_b")) {
      String encoded = BreakerSharing.encode(service);
      assertThat(ArtefactKey.of("r", "p", "c", encoded)).isNotNull();
      assertThat(BreakerSharing.decode(encoded)).isEqualTo(service);
    }
    assertThat(BreakerSharing.marker("123-0123456789ab-s3.json")).hasValueSatisfying(m -> {
      assertThat(m.until()).isEqualTo(Instant.ofEpochMilli(123));
      assertThat(m.service()).isEqualTo("s3");
    });
    assertThat(BreakerSharing.marker("not-a-marker.json")).isEmpty();
    assertThat(BreakerSharing.marker("123-0123456789ab-cut_3.json")).isEmpty();
    assertThat(ArtefactKeys.breakerOpening(Instant.parse("2026-12-06T23:59:59Z"), "1-a-s3.json").path())
        .isEqualTo("breakers-2026120623/breakers/_run/1-a-s3.json");
  }

  private static OutsideServices breakers() {
    return new OutsideServices(new ResilienceProperties(null, null, new ResilienceProperties.Breaker(3, OPEN), null),
        new SimpleMeterRegistry(), Clock.systemUTC());
  }

  private static void failUntilOpen(OutsideServices services, String service) {
    for (int i = 0; i < services.settings().failureThreshold(); i++) {
      assertThatThrownBy(() -> services.call(service, () -> {
        throw new OutsideServiceException(service, Kind.TRANSIENT, "503 from the fake", null);
      })).isInstanceOf(OutsideServiceException.class);
    }
    assertThat(services.state(service).orElseThrow().open()).isTrue();
  }

  /** The file store, counting every call made to it (but asking where an artefact is, which calls nothing). */
  private static final class CountingStore extends ForwardingArtefactStore {
    final AtomicInteger calls = new AtomicInteger();

    CountingStore(ArtefactStore store) {
      super(store);
    }

    @Override
    public boolean createIfAbsent(ArtefactKey key, byte[] content, String contentType) {
      calls.incrementAndGet();
      return super.createIfAbsent(key, content, contentType);
    }

    @Override
    public void overwrite(ArtefactKey key, byte[] content, String contentType) {
      calls.incrementAndGet();
      super.overwrite(key, content, contentType);
    }

    @Override
    public Optional<byte[]> read(ArtefactKey key) {
      calls.incrementAndGet();
      return super.read(key);
    }

    @Override
    public boolean exists(ArtefactKey key) {
      calls.incrementAndGet();
      return super.exists(key);
    }

    @Override
    public List<ArtefactKey> list(String runId) {
      calls.incrementAndGet();
      return super.list(runId);
    }
  }
}
