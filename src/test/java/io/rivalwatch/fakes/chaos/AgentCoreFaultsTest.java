package io.rivalwatch.fakes.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.agentcore.AgentCoreClients;
import io.rivalwatch.adapters.agentcore.AgentCoreMemoryStore;
import io.rivalwatch.adapters.agentcore.AgentCoreProperties;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.AgentCoreFake;
import io.rivalwatch.fakes.chaos.FaultPlan.Injection;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;

/** A fault plan on the AgentCore fake: data-plane calls fail as the service fails them; the store may retry them. */
class AgentCoreFaultsTest {

  private static final Instant T0 = Instant.parse("2025-06-01T02:00:00Z");
  private static final String ACME = MemoryEntry.competitorNamespace("acme");

  private AgentCoreFake fake;
  private String memoryId;
  private AgentCoreProperties properties;
  private BedrockAgentCoreClient client;
  private AgentCoreMemoryStore store;

  @BeforeEach
  void start() {
    AgentCoreFake.useDummyCredentials();
    fake = AgentCoreFake.start();
    memoryId = fake.createMemory("rivalwatch");
    properties = fake.properties(memoryId, Duration.ofSeconds(10));
    client = AgentCoreClients.dataPlane(properties);
    store = new AgentCoreMemoryStore(client, memoryId, 20, Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"THROTTLING, RATE_LIMITED", "SERVICE_UNAVAILABLE, TRANSIENT", "INTERNAL_SERVER_ERROR, TRANSIENT"})
  void aFaultedCreateEventStoresNothingIsClassifiedAsPassingAndItsRetrySucceeds(FaultKind kind, Kind expected) {
    FaultPlan plan = FaultPlan.seeded(1).rate(Service.AGENTCORE, 1.0).kinds(Service.AGENTCORE, kind);
    fake.faults(plan);
    MemoryEntry entry = entry("run-1/research/acme/1", "Acme raised prices for the Pro plan");

    assertThatThrownBy(() -> store.record(entry)).isInstanceOfSatisfying(OutsideServiceException.class, e -> {
      assertThat(e.kind()).isEqualTo(expected);
      assertThat(e.service()).isEqualTo("agentcore-memory");
      assertThat(e.getMessage()).contains("CreateEvent failed with " + kind.errorType());
      if (kind == FaultKind.THROTTLING) {
        assertThat(e.retryAfter()).isPresent().get().isIn(Duration.ZERO, Duration.ofSeconds(1));
      }
    });
    assertThat(fake.events()).isEmpty();

    plan.off();
    store.record(entry);
    assertThat(fake.events()).hasSize(1);
    assertThat(plan.ledger()).singleElement().satisfies(i -> {
      assertThat(i.operation()).isEqualTo("CreateEvent");
      assertThat(i.kind()).isEqualTo(kind);
      assertThat(i.key()).startsWith("/memories/" + memoryId + "/events ");
    });
  }

  @Test
  void aRetriedCreateEventHasTheSameKeySoTheCapLetsTheThirdAttemptThrough() {
    FaultPlan plan = FaultPlan.seeded(2).rate(Service.AGENTCORE, 1.0);
    fake.faults(plan);
    MemoryEntry entry = entry("run-1/research/acme/2", "Acme hired a chief technology officer");

    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThatThrownBy(() -> store.record(entry)).isInstanceOfSatisfying(OutsideServiceException.class,
          e -> assertThat(e.counted()).isTrue());
    }
    store.record(entry);

    assertThat(fake.events()).hasSize(1);
    assertThat(plan.ledger()).extracting(Injection::key).hasSize(2).containsOnly(plan.ledger().get(0).key());
    assertThat(plan.capped(Service.AGENTCORE)).isEqualTo(1);
  }

  @Test
  void retrieveAndListEventsAreFaultedToo() {
    store.record(entry("run-1/research/acme/3", "Acme pricing page lists the Pro plan at $49"));
    FaultPlan plan = FaultPlan.seeded(3).rate(Service.AGENTCORE, 1.0).kinds(Service.AGENTCORE,
        FaultKind.SERVICE_UNAVAILABLE).noConsecutiveCap();
    fake.faults(plan);

    assertThatThrownBy(() -> store.search(MemoryQuery.beforeRun(ACME, "Acme pricing", 5, "run-2")))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    assertThatThrownBy(() -> client.listEvents(r -> r.memoryId(memoryId).actorId("competitors/acme")
        .sessionId("run-1")))
        .isInstanceOfSatisfying(software.amazon.awssdk.awscore.exception.AwsServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(503);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
        });

    assertThat(plan.ledger()).extracting(Injection::operation).containsExactly("RetrieveMemoryRecords", "ListEvents");
    plan.off();
    assertThat(store.search(MemoryQuery.beforeRun(ACME, "Acme pricing", 5, "run-2"))).isNotEmpty();
  }

  @Test
  void theControlPlaneIsNeverFaulted() {
    FaultPlan plan = FaultPlan.seeded(4).rate(Service.AGENTCORE, 1.0).noConsecutiveCap();
    fake.faults(plan);

    try (BedrockAgentCoreControlClient control = AgentCoreClients.controlPlane(properties)) {
      assertThat(control.getMemory(r -> r.memoryId(memoryId)).memory().statusAsString()).isEqualTo("ACTIVE");
    }
    assertThat(plan.draws(Service.AGENTCORE)).isZero();
  }

  @Test
  void queuedFaultsComeFirstAndWithoutAPlanNothingIsDrawn() {
    fake.unavailableNext("CreateEvent", 1);

    assertThatThrownBy(() -> store.record(entry("run-1/research/acme/4", "Acme opened an office in Berlin")))
        .isInstanceOf(OutsideServiceException.class);
    store.record(entry("run-1/research/acme/4", "Acme opened an office in Berlin"));
    assertThat(fake.faults()).isNull();
    assertThat(fake.events()).hasSize(1);
  }

  private static MemoryEntry entry(String id, String text) {
    return new MemoryEntry(id, ACME, "run-1", "research", "acme", "gathered", text, T0);
  }
}
