package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who started a run, as Plan run records it (the whole run: NightlyRunScenarios). */
class RunStartAuditTest {

  private static final Instant STARTED = Instant.parse("2026-12-06T02:00:00Z");

  @TempDir Path directory;
  private AuditTrail trail;
  private final PlanningService planning = mock(PlanningService.class);
  private RunStartAudit starts;

  @BeforeEach
  void setUp() {
    FileArtefactStore store = new FileArtefactStore(directory);
    trail = new AuditTrail(new ArtefactJson(store), store);
    starts = new RunStartAudit(trail, planning);
    when(planning.startedAt("run-1")).thenReturn(Optional.of(STARTED));
  }

  private AuditEntry recorded() {
    return trail.entries("run-1").stream().filter(e -> e.action() == AuditAction.RUN_STARTED).findFirst()
        .orElseThrow();
  }

  @Test
  void theStartersNameIsTheActor_atTheTimeTheRunFirstStarted() {
    starts.record("run-1", "  alice@example.com ", null, "competitors-emea", "full");

    assertThat(recorded().actor()).isEqualTo("alice@example.com");
    assertThat(recorded().at()).isEqualTo(STARTED);
    assertThat(recorded().details()).containsEntry("watchList", "competitors-emea").containsEntry("refresh", "full")
        .containsEntry("startedThrough", "a start naming its user (startedBy)");
  }

  @Test
  void withoutANameTheNightlyTimerOrAnUnnamedEngineClientIsSaid_neverAGuess() {
    starts.record("run-1", null, RunStartAudit.NIGHTLY_TIMER, null, null);
    when(planning.startedAt("run-2")).thenReturn(Optional.of(STARTED));
    starts.record("run-2", " ", null, null, null);

    assertThat(recorded().actor()).isEqualTo("nightly-timer");
    assertThat(recorded().details()).containsEntry("startedThrough", "the nightly timer start event")
        .containsEntry("watchList", "(the application's default)");
    assertThat(trail.entries("run-2")).singleElement().satisfies(e -> {
      assertThat(e.actor()).isEqualTo(RunStartAudit.UNNAMED_CLIENT);
      assertThat(e.details()).containsEntry("startedThrough", "the engine, with no startedBy");
    });
  }

  @Test
  void aRetriedPlanRunRecordsNothingMore_andARunThatNeverStartedNothingAtAll() {
    starts.record("run-1", "alice", null, null, null);
    starts.record("run-1", "bob", null, null, null);
    when(planning.startedAt("history")).thenReturn(Optional.empty());
    starts.record("history", "alice", null, null, null);

    assertThat(trail.entries("run-1")).extracting(AuditEntry::actor).containsExactly("alice");
    assertThat(trail.entries("history")).isEmpty();
  }
}
