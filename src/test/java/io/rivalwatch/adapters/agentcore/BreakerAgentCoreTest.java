package io.rivalwatch.adapters.agentcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.AgentCoreFake;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;

/** Recording and searching share the memory's breaker, "agentcore-memory". */
class BreakerAgentCoreTest {

  private AgentCoreFake fake;
  private BedrockAgentCoreClient client;
  private AgentCoreMemoryStore store;

  @BeforeAll
  static void credentials() {
    AgentCoreFake.useDummyCredentials();
  }

  @BeforeEach
  void start() {
    fake = AgentCoreFake.start();
    String memoryId = fake.createMemory("rivalwatch");
    client = AgentCoreClients.dataPlane(fake.properties(memoryId, Duration.ofSeconds(10)));
    OutsideServices services = new OutsideServices(new ResilienceProperties(null, null,
        new ResilienceProperties.Breaker(5, Duration.ofSeconds(60)), null), new SimpleMeterRegistry());
    store = new AgentCoreMemoryStore(client, memoryId, 20, Clock.systemUTC(), services);
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  private static MemoryEntry entry(int i) {
    return new MemoryEntry("run-1/research/" + i, "competitors/acme", "run-1", "research", "acme", "gathered",
        "Acme page " + i, Instant.parse("2026-01-10T02:00:00Z"));
  }

  @Test
  void fiveFailedCallsOpenTheMemorysBreakerForRecordingAndSearching() {
    fake.unavailableNext(null, 5);
    for (int i = 0; i < 3; i++) {
      int n = i;
      assertThatThrownBy(() -> store.record(entry(n))).isInstanceOfSatisfying(OutsideServiceException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> store.search(new MemoryQuery("competitors/acme", "pricing", 3, null, null)))
          .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }
    int requests = fake.requests().size();

    assertThatThrownBy(() -> store.record(entry(9))).isInstanceOfSatisfying(OutsideServiceException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
      assertThat(e.service()).isEqualTo("agentcore-memory");
      assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive());
    });
    assertThatThrownBy(() -> store.search(new MemoryQuery("competitors/acme", "pricing", 3, null, null)))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN));
    assertThat(fake.requests()).as("nothing sent while open").hasSize(requests);
    assertThat(fake.events()).isEmpty();
  }

  @Test
  void invalidEntriesAndRefusedRequestsDoNotOpenIt() {
    fake.failNext("CreateEvent", 6, 403, "AccessDeniedException", "not allowed");
    for (int i = 0; i < 6; i++) {
      int n = i;
      assertThatThrownBy(() -> store.record(entry(n))).isInstanceOfSatisfying(OutsideServiceException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
    }

    store.record(entry(7));

    assertThat(fake.events()).hasSize(1);
  }
}
