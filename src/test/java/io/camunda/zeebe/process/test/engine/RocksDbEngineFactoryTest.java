package io.camunda.zeebe.process.test.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.EngineRecords;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded engine the tests and the local run use keeps its state in RocksDB and leaves nothing behind. */
class RocksDbEngineFactoryTest {

  private static final String JOB_TYPE = "rocksdb-engine-check";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final EngineRecords records = new EngineRecords(EmbeddedEngine::get);

  @AfterEach
  void stopEngine() {
    EmbeddedEngine.stop();
  }

  @Test
  void theEmbeddedEngineRunsAProcessOnRocksDb_aFailedJobComesBackAfterItsBackoff_andStoppingDeletesTheState() {
    EmbeddedEngine.restart();
    ZeebeTestEngine engine = EmbeddedEngine.get();
    assertThat(engine).isInstanceOf(RocksDbEngineFactory.RocksDbEngine.class);
    Path state = ((RocksDbEngineFactory.RocksDbEngine) engine).stateDirectory();
    // RocksDB's own files: the database was opened there, not an in-memory map
    assertThat(state.resolve("CURRENT")).isRegularFile();

    try (CamundaClient client = client()) {
      deployOneTask(client, "rocksdb-check");
      long instance = start(client, "rocksdb-check");

      ActivatedJob first = activateOne(client);
      client.newFailCommand(first).retries(1).retryBackoff(Duration.ofMinutes(5)).errorMessage("try later")
          .send().join();
      assertThat(activate(client)).as("the job waits out its backoff").isEmpty();
      engine.increaseTime(Duration.ofMinutes(6));
      ActivatedJob again = activateOne(client);
      assertThat(again.getKey()).isEqualTo(first.getKey());
      client.newCompleteCommand(again).send().join();

      await().atMost(WAIT).until(() -> records.hasEnded(instance));
      assertThat(records.completedElements(instance)).contains("work", "rocksdb-check");
    }

    EmbeddedEngine.stop();
    assertThat(state).doesNotExist();
  }

  @Test
  void releasedRecordsAreGoneFromTheStreamAndTheLog_laterRecordsStillCome_andTheEngineRunsOn() {
    EmbeddedEngine.restart();
    RocksDbEngineFactory.RocksDbEngine engine = (RocksDbEngineFactory.RocksDbEngine) EmbeddedEngine.get();

    try (CamundaClient client = client()) {
      deployOneTask(client, "release-check");
      long first = runOneInstance(client);
      long lastOfFirst = positions().max().orElseThrow();
      int blocksBefore = engine.logBlocks();
      assertThat(records.completedElements(first)).contains("work", "release-check");

      EmbeddedEngine.releaseRecordsUpTo(lastOfFirst);

      assertThat(positions()).as("nothing up to the released position is read again").allMatch(p -> p > lastOfFirst);
      assertThat(records.completedElements(first)).as("the first instance's records are gone").isEmpty();
      assertThat(engine.logBlocks()).as("the log dropped the blocks behind them").isLessThan(blocksBefore);
      // the engine's state is its own (RocksDB): it runs on, and the records of what it does next all come
      long second = runOneInstance(client);
      // start event, task, end event, process: the whole history of what came after the release
      assertThat(records.completedElements(second)).hasSize(4).containsSubsequence("work", "release-check");
      assertThat(positions()).allMatch(p -> p > lastOfFirst);
    }
  }

  private LongStream positions() {
    return StreamSupport.stream(EngineRecords.snapshot(EmbeddedEngine.get()).getRecords().spliterator(), false)
        .mapToLong(Record::getPosition);
  }

  private static CamundaClient client() {
    return CamundaClient.newClientBuilder().grpcAddress(URI.create(EmbeddedEngine.grpcAddress()))
        .preferRestOverGrpc(false).build();
  }

  /** A process of one service task, "work", whose jobs this test takes itself. */
  private static void deployOneTask(CamundaClient client, String processId) {
    client.newDeployResourceCommand()
        .addProcessModel(Bpmn.createExecutableProcess(processId).startEvent()
            .serviceTask("work", task -> task.zeebeJobType(JOB_TYPE)).endEvent().done(), processId + ".bpmn")
        .send().join();
  }

  private static long start(CamundaClient client, String processId) {
    return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().send().join()
        .getProcessInstanceKey();
  }

  private long runOneInstance(CamundaClient client) {
    long instance = start(client, "release-check");
    client.newCompleteCommand(activateOne(client)).send().join();
    await().atMost(WAIT).until(() -> records.hasEnded(instance));
    return instance;
  }

  /**
   * Zeebe 8.8 refuses its own RECUR_AFTER_BACKOFF when it processes it in the millisecond the job's backoff ends (its
   * checker takes {@code deadline <= now}, the processor wants {@code deadline < now}) and then never looks at the
   * job again (ADR 0032). A clock that stands still makes that millisecond certain; the job must come back anyway.
   */
  @Test
  void aJobWhoseBackoffEndsInTheMillisecondTheEngineLooksStillComesBack() {
    EmbeddedEngine.restart();
    RocksDbEngineFactory.RocksDbEngine engine = (RocksDbEngineFactory.RocksDbEngine) EmbeddedEngine.get();
    try (CamundaClient client = client()) {
      deployOneTask(client, "backoff-edge");
      long instance = start(client, "backoff-edge");
      ActivatedJob first = activateOne(client);

      engine.clock().pinCurrentTime();
      client.newFailCommand(first).retries(1).retryBackoff(Duration.ofSeconds(1)).errorMessage("try later")
          .send().join();
      engine.increaseTime(Duration.ofSeconds(1));
      // the engine's own command, refused with the message the flaky runs showed
      await().atMost(WAIT).until(() -> recurRejections(engine, first.getKey()),
          reasons -> reasons.equals(List.of("Expected to back off failed job with key '" + first.getKey()
              + "', but no such job was found")));

      engine.increaseTime(Duration.ofMillis(1));
      ActivatedJob again = activateOne(client);
      assertThat(again.getKey()).isEqualTo(first.getKey());
      client.newCompleteCommand(again).send().join();
      await().atMost(WAIT).until(() -> records.hasEnded(instance));
    }
  }

  private static List<String> recurRejections(ZeebeTestEngine engine, long jobKey) {
    List<String> reasons = new ArrayList<>();
    RecordStream.of(EngineRecords.snapshot(engine)).jobRecords().forEach(r -> {
      if (r.getKey() == jobKey && r.getIntent() == JobIntent.RECUR_AFTER_BACKOFF
          && r.getRecordType() == RecordType.COMMAND_REJECTION) {
        reasons.add(r.getRejectionReason());
      }
    });
    return reasons;
  }

  private static ActivatedJob activateOne(CamundaClient client) {
    return await().atMost(WAIT).until(() -> activate(client), jobs -> !jobs.isEmpty()).getFirst();
  }

  private static List<ActivatedJob> activate(CamundaClient client) {
    return client.newActivateJobsCommand().jobType(JOB_TYPE).maxJobsToActivate(1)
        .requestTimeout(Duration.ofMillis(200)).send().join().getJobs();
  }
}
