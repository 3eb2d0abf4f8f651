package io.rivalwatch.adapters.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.fakes.AgentCoreFake;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.RememberedItem;
import io.rivalwatch.retention.RetentionProperties;
import io.rivalwatch.retention.RetentionRecord;
import io.rivalwatch.retention.RetentionService;
import io.rivalwatch.retention.RunsInFlight;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockagentcore.BedrockAgentCoreClient;

/**
 * Retention of AgentCore memory through the real SDK against {@link AgentCoreFake}: ListActors, ListSessions,
 * ListEvents and ListMemoryRecords find what is past the memory's class; DeleteEvent and DeleteMemoryRecord remove
 * it (records outlive their events, so both go); a baseline run's events and records stay; a dry run sends no delete.
 */
class AgentCoreRetentionTest {

  private static final String ACME = MemoryEntry.competitorNamespace("acme");
  private static final Instant OLD = Instant.parse("2025-03-01T02:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

  @TempDir Path artefacts;

  private AgentCoreFake fake;
  private String memoryId;
  private BedrockAgentCoreClient client;
  private AgentCoreMemoryStore memory;
  private RetentionService retention;

  @BeforeAll
  static void credentials() {
    AgentCoreFake.useDummyCredentials();
  }

  @BeforeEach
  void start() {
    fake = AgentCoreFake.start();
    memoryId = fake.createMemory("rivalwatch");
    client = AgentCoreClients.dataPlane(fake.properties(memoryId, Duration.ofSeconds(10)));
    memory = new AgentCoreMemoryStore(client, memoryId, 20, Clock.fixed(NOW, ZoneOffset.UTC));
    FileArtefactStore store = new FileArtefactStore(artefacts);
    retention = new RetentionService(store, new ArtefactJson(store), memory, RetentionProperties.defaults(),
        new RunsInFlight(store, null, Duration.ofDays(30)), () -> Map.of("weekly", "run-baseline"),
        Clock.fixed(NOW, ZoneOffset.UTC));

    record("run-old", ACME, "research", "Acme raised its prices", OLD);
    record("run-old", MemoryEntry.RUN_NAMESPACE, "planning", "Run run-old planned", OLD);
    record("run-baseline", ACME, "research", "Acme opened an office in Lyon", OLD);
    record("run-new", ACME, "research", "Acme hired a new chief technology officer", NOW.minus(Duration.ofDays(2)));
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  @Test
  void eventsAndRecordsPastTheirClassAreDeleted_theBaselinesAndYoungerOnesStay() {
    List<String> recordsBefore = fake.recordIds(memoryId);
    List<RememberedItem> listed = memory.recordedBefore(NOW.minus(Duration.ofDays(180)));
    assertThat(listed).filteredOn(i -> i.kind().equals(RememberedItem.EVENT)).extracting(RememberedItem::runId)
        .containsExactlyInAnyOrder("run-old", "run-old", "run-baseline");
    // semantic facts carry the run in metadata; session summaries get it from their session's events
    assertThat(listed).filteredOn(i -> i.kind().equals(RememberedItem.RECORD)).extracting(RememberedItem::runId)
        .containsOnly("run-old", "run-baseline").hasSize(6);

    RetentionRecord applied = retention.apply(NOW, false, "agentcore").record();

    assertThat(applied.memory()).containsEntry(RememberedItem.EVENT, 2).containsEntry(RememberedItem.RECORD, 4);
    assertThat(applied.memoryKeptForHolds()).isEqualTo(3);
    assertThat(fake.events()).extracting(AgentCoreFake.StoredEvent::text)
        .containsExactlyInAnyOrder("Acme opened an office in Lyon", "Acme hired a new chief technology officer");
    assertThat(fake.requests("DeleteEvent")).hasSize(2)
        .allSatisfy(call -> assertThat(call.method()).isEqualTo("DELETE"));
    assertThat(fake.requests("DeleteMemoryRecord")).hasSize(4);
    assertThat(fake.recordIds(memoryId)).hasSize(recordsBefore.size() - 4);
    assertThat(memory.recordedBefore(NOW.minus(Duration.ofDays(180))))
        .allSatisfy(item -> assertThat(item.runId()).isEqualTo("run-baseline"));

    // deleting what is gone (a retried job) is no failure
    listed.stream().filter(i -> "run-old".equals(i.runId())).forEach(memory::delete);
  }

  @Test
  void aDryRunListsTheSameAndSendsNoDelete() {
    RetentionRecord dry = retention.apply(NOW, true, "dry").record();

    assertThat(dry.memory()).containsEntry(RememberedItem.EVENT, 2).containsEntry(RememberedItem.RECORD, 4);
    assertThat(fake.requests("DeleteEvent")).isEmpty();
    assertThat(fake.requests("DeleteMemoryRecord")).isEmpty();
    assertThat(fake.events()).hasSize(4);
  }

  private void record(String runId, String namespace, String phase, String text, Instant at) {
    memory.record(new MemoryEntry(runId + "/" + phase + "/" + namespace.replace('/', '-'), namespace, runId, phase,
        namespace.equals(ACME) ? "acme" : null, "done", text, at));
  }
}
