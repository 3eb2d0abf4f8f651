package io.rivalwatch.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.memory.MemoryRetention;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.memory.RememberedItem;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.ProcessTestBase;
import io.rivalwatch.workflow.ProcessIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * bpmn/data-retention.bpmn with the real worker on the embedded engine, the engine's clock moved 31 days on. Two
 * delivered runs of one watch list (the older expires, the newer is the list's baseline) and one run waiting for its
 * review (in flight). The daily timer runs a dry run (rivalwatch.retention.dry-run here), then a run started by hand
 * deletes. The memory's class is "raw" (30 days) here, so its entries expire with the raw research.
 */
class RetentionProcessTest extends ProcessTestBase {

  private static final Path OWN_DATA = ownDirectory();

  static {
    // a store and memory of this class alone: moving the clock a month must not expire other classes' runs
    OVERRIDES.put("rivalwatch.artefacts.directory", OWN_DATA.resolve("artefacts").toString());
    OVERRIDES.put("rivalwatch.memory.directory", OWN_DATA.resolve("memory").toString());
    OVERRIDES.put("rivalwatch.retention.dry-run", "true");
    OVERRIDES.put("rivalwatch.retention.memory", "raw");
    OVERRIDES.put("rivalwatch.retention.abandoned-after", "60d");
  }

  @Autowired ArtefactStore store;
  @Autowired ArtefactJson json;
  @Autowired MemoryStore memory;

  @AfterEach
  void cancelNightlyRuns() {
    // moving the clock passes 02:00 UTC: the nightly runs it starts are not part of this test
    records.processInstancesStartedBy("StartEvent_Nightly").stream().filter(key -> !records.hasEnded(key))
        .forEach(key -> client.newCancelInstanceCommand(key).send().join());
  }

  @Test
  void theDailyDryRunListsWhatWouldGo_thenARunByHandDeletesIt_keepingTheRunningRunAndTheBaseline() {
    String expired = runId(runApproved("acme-only"));
    String baseline = runId(runApproved("acme-only"));
    long waiting = startRun("acme-review-keep-waiting");
    awaitReviewOpen(waiting);
    String running = runId(waiting);
    ArtefactKey expiredResearch = research(expired);
    ArtefactKey expiredAnalysis = ArtefactKeys.analysis(expired, "acme", "sentiment");
    assertThat(store.exists(expiredResearch)).isTrue();
    assertThat(store.exists(expiredAnalysis)).isTrue();
    assertThat(memoryOf(expired)).isNotEmpty();
    assertThat(memoryOf(baseline)).isNotEmpty();
    assertThat(memoryOf(running)).isNotEmpty();

    EmbeddedEngine.get().increaseTime(Duration.ofDays(31));
    long daily = await().atMost(RUN_TIMEOUT).until(() -> records.processInstancesStartedBy("StartEvent_Daily"),
        keys -> !keys.isEmpty()).get(0);
    awaitEnded(daily);

    RetentionRecord dry = retentionRecord(daily);
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.asOf()).as("the engine's moved time").isAfter(Instant.now().plus(Duration.ofDays(30)));
    assertThat(dry.deleted()).contains(expiredResearch.path()).noneMatch(p -> p.startsWith(baseline + "/"))
        .noneMatch(p -> p.startsWith(running + "/")).doesNotContain(expiredAnalysis.path());
    assertThat(dry.memoryDeleted()).anyMatch(item -> item.contains("(run " + expired + ")"));
    assertThat(store.exists(expiredResearch)).as("a dry run deletes nothing").isTrue();
    assertThat(memoryOf(expired)).as("a dry run deletes no memory").isNotEmpty();

    long byHand = client.newCreateInstanceCommand().bpmnProcessId(ProcessIds.DATA_RETENTION).latestVersion()
        .variables(Map.of("dryRun", false)).send().join().getProcessInstanceKey();
    awaitEnded(byHand);

    RetentionRecord applied = retentionRecord(byHand);
    assertThat(applied.dryRun()).isFalse();
    assertThat(applied.deleted()).isEqualTo(dry.deleted());
    assertThat(applied.held()).containsEntry(running, "running")
        .containsEntry(baseline, "baseline of watch list acme-only").doesNotContainKey(expired);
    assertThat(applied.artefacts()).containsKey(RetentionProperties.RAW).doesNotContainKey(RetentionProperties.DERIVED);
    assertThat(applied.keptForHolds()).isPositive();
    assertThat(applied.memoryKeptForHolds()).isPositive();

    assertThat(store.exists(expiredResearch)).as("expired raw research").isFalse();
    assertThat(store.list(expired)).noneMatch(key -> key.phase().equals(ArtefactKeys.RESEARCH));
    assertThat(store.exists(expiredAnalysis)).as("an analysis is kept 180 days").isTrue();
    assertThat(store.exists(ArtefactKeys.runRecord(expired))).as("a run record is kept 2 years").isTrue();
    assertThat(store.exists(research(baseline))).as("the baseline's research").isTrue();
    assertThat(store.exists(research(running))).as("the running run's research").isTrue();
    assertThat(memoryOf(expired)).as("expired memory entries").isEmpty();
    assertThat(memoryOf(baseline)).isNotEmpty();
    assertThat(memoryOf(running)).isNotEmpty();
    assertThat(store.exists(ArtefactKey.parse(records.rootVariables(byHand).get("retentionRecord").replace("\"", ""))))
        .as("the deletion run's record").isTrue();

    review(waiting, "approve", "");
    awaitEnded(waiting);
  }

  @Test
  void theBucketLifecycleIsForOperators_andThereIsNoneWithTheFileStore() {
    var asOperator = signedInAs(io.rivalwatch.testsupport.LocalEnvironment.OPERATOR)
        .getForEntity("/api/retention/bucket-lifecycle", String.class);
    assertThat(asOperator.getStatusCode().value()).isEqualTo(404);
    assertThat(asOperator.getBody()).contains("rivalwatch.artefacts.store: the artefacts are not in S3");
    assertThat(signedInAs(io.rivalwatch.testsupport.LocalEnvironment.VIEWER)
        .getForEntity("/api/retention/bucket-lifecycle", String.class).getStatusCode().value()).isEqualTo(403);
  }

  private static ArtefactKey research(String runId) {
    return ArtefactKeys.gatheredSource(runId, "acme", "website", 0);
  }

  private List<RememberedItem> memoryOf(String runId) {
    return ((MemoryRetention) memory).recordedBefore(Instant.now().plus(Duration.ofDays(3650))).stream()
        .filter(item -> runId.equals(item.runId())).toList();
  }

  private RetentionRecord retentionRecord(long processInstanceKey) {
    String path = records.rootVariables(processInstanceKey).get("retentionRecord").replace("\"", "");
    return json.require(ArtefactKey.parse(path), RetentionRecord.class);
  }

  private void awaitReviewOpen(long run) {
    await().atMost(RUN_TIMEOUT).until(() -> records.activatedElements(run).contains("UserTask_ReviewReport"));
  }

  private static Path ownDirectory() {
    try {
      return Files.createTempDirectory("rivalwatch-retention-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
