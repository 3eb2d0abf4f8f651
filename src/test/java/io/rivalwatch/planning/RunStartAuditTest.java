package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.testsupport.StoredRuns;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who started a run, as Plan run records it, on runs planned in a file store (the whole run: NightlyRunScenarios). */
class RunStartAuditTest {

  private static final Instant PLANNED = Instant.parse("2026-11-20T02:00:00Z");

  @TempDir Path directory;
  private StoredRuns runs;
  private AuditTrail trail;
  private RunStartAudit starts;

  @BeforeEach
  void setUp() {
    runs = new StoredRuns(directory);
    trail = new AuditTrail(runs.json(), runs.store());
    starts = new RunStartAudit(trail, runs.planning());
    runs.plan("run-1", "full", "acme", "Acme");
  }

  private AuditEntry started(String runId) {
    return trail.entries(runId).stream().filter(e -> e.action() == AuditAction.RUN_STARTED).findFirst()
        .orElseThrow();
  }

  @Test
  void theStartersNameIsTheActor_atTheTimeTheRunFirstStarted() {
    runs.nextNight();
    starts.record("run-1", "  alice@example.com ", null, "competitors-emea", "full");

    assertThat(started("run-1").actor()).isEqualTo("alice@example.com");
    assertThat(started("run-1").at()).as("when Plan run first took the run").isEqualTo(PLANNED);
    assertThat(started("run-1").details()).containsEntry("watchList", "competitors-emea")
        .containsEntry("refresh", "full").containsEntry("startedThrough", "a start naming its user (startedBy)");
  }

  @Test
  void withoutANameTheNightlyTimerOrAnUnnamedEngineClientIsSaid_neverAGuess() {
    starts.record("run-1", null, RunStartAudit.NIGHTLY_TIMER, null, null);
    runs.plan("run-2", null, "acme", "Acme");
    starts.record("run-2", " ", null, null, null);

    assertThat(started("run-1").actor()).isEqualTo("nightly-timer");
    assertThat(started("run-1").details()).containsEntry("startedThrough", "the nightly timer start event")
        .containsEntry("watchList", "(the application's default)");
    assertThat(started("run-2").actor()).isEqualTo(RunStartAudit.UNNAMED_CLIENT);
    assertThat(started("run-2").details()).containsEntry("startedThrough", "the engine, with no startedBy");
  }

  @Test
  void aRetriedPlanRunRecordsNothingMore() {
    starts.record("run-1", "alice", null, null, null);
    starts.record("run-1", "bob", null, null, null);

    assertThat(trail.entries("run-1")).extracting(AuditEntry::actor).containsExactly("alice");
  }

  @Test
  void aRunWhoseIdPlanRunRefusedNeverStarted_andIsNotRecorded() {
    assertThatThrownBy(() -> runs.plan("history", null, "acme", "Acme"))
        .isInstanceOf(InvalidConfigurationException.class);
    starts.record("history", "alice", null, null, null);
    // not even a name for artefacts: recorded nowhere, and no exception hides the refusal
    starts.record("../run-1", "alice", null, null, null);

    assertThat(trail.entries("history")).isEmpty();
    assertThat(trail.entries("run-1")).isEmpty();
  }
}
