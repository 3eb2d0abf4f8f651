package io.camunda.zeebe.process.test.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.rivalwatch.testsupport.EmbeddedEngine;
import io.rivalwatch.testsupport.EngineRecords;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    try (CamundaClient client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create(EmbeddedEngine.grpcAddress())).preferRestOverGrpc(false).build()) {
      client.newDeployResourceCommand()
          .addProcessModel(Bpmn.createExecutableProcess("rocksdb-check").startEvent()
              .serviceTask("work", task -> task.zeebeJobType(JOB_TYPE)).endEvent().done(), "rocksdb-check.bpmn")
          .send().join();
      long instance = client.newCreateInstanceCommand().bpmnProcessId("rocksdb-check").latestVersion()
          .send().join().getProcessInstanceKey();

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

  /**
   * Zeebe 8.8 refuses its own RECUR_AFTER_BACKOFF when it processes it in the millisecond the job's backoff ends (its
   * checker takes {@code deadline <= now}, the processor wants {@code deadline < now}) and then never looks at the
   * job again (ADR 0032). A clock that stands still makes that millisecond certain; the job must come back anyway.
   */
  @Test
  void aJobWhoseBackoffEndsInTheMillisecondTheEngineLooksStillComesBack() {
    EmbeddedEngine.restart();
    RocksDbEngineFactory.RocksDbEngine engine = (RocksDbEngineFactory.RocksDbEngine) EmbeddedEngine.get();
    try (CamundaClient client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create(EmbeddedEngine.grpcAddress())).preferRestOverGrpc(false).build()) {
      client.newDeployResourceCommand()
          .addProcessModel(Bpmn.createExecutableProcess("backoff-edge").startEvent()
              .serviceTask("work", task -> task.zeebeJobType(JOB_TYPE)).endEvent().done(), "backoff-edge.bpmn")
          .send().join();
      long instance = client.newCreateInstanceCommand().bpmnProcessId("backoff-edge").latestVersion()
          .send().join().getProcessInstanceKey();
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
    List<String> reasons = new java.util.ArrayList<>();
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
