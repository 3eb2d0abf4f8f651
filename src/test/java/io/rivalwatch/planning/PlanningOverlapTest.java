package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.testsupport.ForgetfulMemory;
import io.rivalwatch.testsupport.WatchListFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Planning reads the watch list while the run's start is kept and recorded (issue 14: the run's head), and returns
 * only when all of it is done, with the same results and failures as one step after another.
 */
class PlanningOverlapTest {

  @TempDir Path folder;

  private final AtomicInteger watchListReads = new AtomicInteger();
  private final AtomicInteger configurationWrites = new AtomicInteger();
  /** Released by the caller's record of the start; the watch list's reading waits for it (at most a few seconds). */
  private final CountDownLatch startRecorded = new CountDownLatch(1);
  private volatile boolean readWhileRecording;

  private final MemoryStore memory = new ForgetfulMemory();

  private PlanningService planning;

  @BeforeEach
  void planning() throws IOException {
    WatchListFolder.write(folder, "good", "competitors:\n  - {id: acme, name: Acme, "
        + "social: {hackerNewsQuery: \"Acme\"}}\n");
    PlanningProperties properties = WatchListFolder.write(folder, "bad", "competitors: []\n");
    RunConfigurationLoader loader = new RunConfigurationLoader(new DefaultResourceLoader(), new StandardEnvironment(),
        properties) {
      @Override
      public RunConfiguration load(String name) {
        watchListReads.incrementAndGet();
        try {
          // one after the other, the start would be recorded only after this returned: it would wait in vain
          readWhileRecording = startRecorded.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.load(name);
      }
    };
    FileArtefactStore store = new FileArtefactStore(folder.resolve("artefacts")) {
      @Override
      public boolean createIfAbsent(ArtefactKey key, byte[] bytes, String contentType) {
        if (key.name().equals("run-configuration.json")) {
          configurationWrites.incrementAndGet();
        }
        return super.createIfAbsent(key, bytes, contentType);
      }
    };
    planning = new PlanningService(loader, new ArtefactJson(store), properties, memory, Clock.systemUTC());
  }

  @Test
  void theWatchListIsReadWhileTheStartIsRecordedAndThePlanWaitsForBoth() {
    AtomicInteger records = new AtomicInteger();
    RunPlan plan = planning.plan("run-1", "good", null, null, () -> {
      // the record needs the start time: it is kept before the record is asked for
      assertThat(planning.startedAt("run-1")).isPresent();
      records.incrementAndGet();
      startRecorded.countDown();
    });

    assertThat(readWhileRecording).as("the watch list was read while the start was recorded").isTrue();
    assertThat(records).hasValue(1);
    assertThat(plan.competitorIds()).containsExactly("acme");
    assertThat(planning.configuration("run-1").competitors()).extracting(CompetitorProfile::name)
        .containsExactly("Acme");
    assertThat(configurationWrites).hasValue(1);
  }

  @Test
  void aRetriedPlanReadsNoWatchListAndRecordsAgain() {
    startRecorded.countDown();
    planning.plan("run-1", "good", null, null, () -> { });
    AtomicInteger records = new AtomicInteger();

    RunPlan retried = planning.plan("run-1", "good", null, null, records::incrementAndGet);

    assertThat(watchListReads).hasValue(1);
    assertThat(records).hasValue(1);
    assertThat(retried.competitorIds()).containsExactly("acme");
  }

  @Test
  void aRefusedWatchListFailsThePlanAfterTheStartWasRecorded() {
    AtomicInteger records = new AtomicInteger();
    assertThatThrownBy(() -> planning.plan("run-1", "bad", null, null, () -> {
      records.incrementAndGet();
      startRecorded.countDown();
    })).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("competitors");

    assertThat(records).hasValue(1);
    assertThat(planning.startedAt("run-1")).isPresent();
    assertThat(configurationWrites).hasValue(0);
  }

  @Test
  void aFailedRecordFailsThePlanOnceTheConfigurationIsFrozenSoARetryKeepsIt() {
    startRecorded.countDown();
    assertThatThrownBy(() -> planning.plan("run-1", "good", null, null, () -> {
      throw new IllegalStateException("audit store down");
    })).isInstanceOf(IllegalStateException.class).hasMessage("audit store down");

    // frozen all the same: the retry uses it and reads no watch list
    assertThat(configurationWrites).hasValue(1);
    planning.plan("run-1", "good", null, null, () -> { });
    assertThat(watchListReads).hasValue(1);
    assertThat(planning.configuration("run-1").competitors()).extracting(CompetitorProfile::id)
        .containsExactly("acme");
  }
}
