package io.rivalwatch.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two worker instances, each told of the jobs its own workers handled, give the same progress for a run because they
 * share their finished jobs through one artefact store (ADR 0021), and apply them in the order they finished.
 */
class SharedProgressTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:59:30Z"));
  private final ProgressProperties properties = new ProgressProperties(null, null, null, null, null, null,
      Duration.ofMillis(50));
  private ProgressTracker first;
  private ProgressTracker second;

  @AfterEach
  void stop() {
    first.stop();
    second.stop();
  }

  @Test
  void bothInstancesCountEveryJobOfARunWhoseJobsTheySplit() throws Exception {
    FileArtefactStore store = new FileArtefactStore(Files.createTempDirectory("rivalwatch-shared-progress-"));
    first = new ProgressTracker(properties, runId -> 0.25, null, clock, store, new ObjectMapper());
    second = new ProgressTracker(properties, runId -> 0.25, null, clock, store, new ObjectMapper());
    AtomicInteger jobs = new AtomicInteger();
    // every other job goes to the other instance; the run crosses an hour (the areas are hourly)
    RunJobs run = new RunJobs("night-1", 100, clock, job -> (jobs.incrementAndGet() % 2 == 0 ? first : second)
        .onJobFinished(job));
    run.took = Duration.ofSeconds(3);

    run.plan("acme", "globex");
    run.research("acme", "sufficient");
    run.analyse("acme");
    run.research("globex", "sufficient");
    run.analyse("globex");
    run.synthesis("passed");
    run.distribute();
    run.recordOutcome("delivered");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      RunProgress seenByFirst = first.run("night-1").orElseThrow();
      assertThat(second.run("night-1")).contains(seenByFirst);
      assertThat(seenByFirst.status()).isEqualTo(RunProgress.DELIVERED);
    });
    RunProgress progress = first.run("night-1").orElseThrow();
    assertThat(progress.seenFromStart()).isTrue();
    assertThat(progress.phases().get("research")).isEqualTo(new PhaseProgress(8, 0, 0));
    assertThat(progress.phases().get("analysis")).isEqualTo(new PhaseProgress(6, 0, 0));
    assertThat(progress.phases().get("review")).isEqualTo(new PhaseProgress(1, 0, 0));
    assertThat(progress.phases().get("distribution")).isEqualTo(new PhaseProgress(3, 0, 0));
    assertThat(progress.startedAt()).isEqualTo(Instant.parse("2026-11-26T02:59:33Z"));
    assertThat(progress.endedAt()).isAfter(Instant.parse("2026-11-26T03:00:00Z"));
  }

  @Test
  void anInstanceThatStartsLateReadsTheRunFromItsStart() throws Exception {
    FileArtefactStore store = new FileArtefactStore(Files.createTempDirectory("rivalwatch-shared-progress-"));
    first = new ProgressTracker(properties, runId -> 0.25, null, clock, store, new ObjectMapper());
    RunJobs run = new RunJobs("night-2", 200, clock, first::onJobFinished);
    run.plan("acme");
    run.research("acme", "sufficient");
    await().atMost(Duration.ofSeconds(10)).until(() -> store.list(
        io.rivalwatch.artefact.ArtefactKeys.progressEvents(clock.instant())).size() == 5);

    second = new ProgressTracker(properties, runId -> 0.25, null, clock, store, new ObjectMapper());

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(second.run("night-2")).contains(first.run("night-2").orElseThrow()));
    assertThat(second.run("night-2").orElseThrow().seenFromStart()).isTrue();
    assertThat(second.run("night-2").orElseThrow().phases().get("research")).isEqualTo(new PhaseProgress(4, 0, 0));
  }

}
