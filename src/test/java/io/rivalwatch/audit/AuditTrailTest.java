package io.rivalwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail on the file artefact store (the S3 store's create-if-absent is If-None-Match: *). */
class AuditTrailTest {

  private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");

  @TempDir Path directory;
  private FileArtefactStore store;
  private AuditTrail trail;

  @BeforeEach
  void setUp() {
    store = new FileArtefactStore(directory);
    trail = new AuditTrail(new ArtefactJson(store), store);
  }

  private static AuditEntry started(String actor, Instant at) {
    return new AuditEntry("run-1", at, actor, AuditAction.RUN_STARTED, Map.of("watchList", "nightly"));
  }

  @Test
  void anEntryIsWrittenOnce_aSecondRecordWithTheSameIdWritesNothingAndTheFirstStays() {
    assertThat(trail.record("run-started", started("alice", T0))).isTrue();
    assertThat(trail.record("run-started", started("mallory", T0.plusSeconds(5)))).isFalse();

    assertThat(trail.entries("run-1")).singleElement().satisfies(entry -> {
      assertThat(entry.actor()).isEqualTo("alice");
      assertThat(entry.at()).isEqualTo(T0);
      assertThat(entry.details()).containsEntry("watchList", "nightly");
    });
    assertThat(new String(store.read(ArtefactKey.forRun("run-1", "audit", "run-started.json")).orElseThrow(),
        StandardCharsets.UTF_8)).contains("\"actor\" : \"alice\"", "\"action\" : \"RUN_STARTED\"");
  }

  @Test
  void entriesComeOldestFirst_andOnlyTheRunsOwn() {
    trail.record("review-decided-2", new AuditEntry("run-1", T0.plusSeconds(7200), "bob", AuditAction.REVIEW_DECIDED,
        Map.of(AuditEntry.DECISION, "approve", "revision", "2")));
    trail.record("review-decided-1", new AuditEntry("run-1", T0.plusSeconds(3600), "bob", AuditAction.REVIEW_DECIDED,
        Map.of(AuditEntry.DECISION, "request-changes", "revision", "1")));
    trail.record("run-started", started("alice", T0));
    trail.record("run-started", new AuditEntry("run-2", T0, "carol", AuditAction.RUN_STARTED, null));

    assertThat(trail.entries("run-1")).extracting(AuditEntry::describe).containsExactly(
        "run started by alice at 2026-12-06 02:00:00 UTC",
        "changes requested by bob at 2026-12-06 03:00:00 UTC (report revision 1)",
        "approved by bob at 2026-12-06 04:00:00 UTC (report revision 2)");
    assertThat(trail.entry("run-2", "run-started")).map(AuditEntry::actor).contains("carol");
    assertThat(trail.entries("run-3")).isEmpty();
  }

  @Test
  void anEntryThatCannotBeRecordedIsRefusedNamingWhatToFix() {
    assertThatThrownBy(() -> trail.record("../run-record", started("alice", T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audit entry id '../run-record' cannot name an entry. Fix: use 1-100 letters, digits, '.', '_' "
            + "or '-', starting with a letter or digit");
    assertThatThrownBy(() -> trail.record("run-started", started(" ", T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("audit entry run-started needs a runId, a time, an action and an actor");
    assertThat(trail.entries("run-1")).isEmpty();
  }

  @Test
  void everyActionReadsAsALine() {
    assertThat(new AuditEntry("r", T0, "ops", AuditAction.RUN_CANCELLED, null).describe())
        .isEqualTo("run cancelled by ops at 2026-12-06 02:00:00 UTC");
    assertThat(new AuditEntry("r", T0, "ops", AuditAction.PARKED_ITEMS_RETRIED, null).describe())
        .isEqualTo("parked items retried by ops at 2026-12-06 02:00:00 UTC");
    assertThat(new AuditEntry("r", T0, "dana", AuditAction.REVIEW_DECIDED, Map.of("decision", "reject")).describe())
        .isEqualTo("rejected by dana at 2026-12-06 02:00:00 UTC");
  }
}
