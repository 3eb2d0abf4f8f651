package io.rivalwatch.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * Plays the job workers by hand against the embedded engine: activates jobs by type, completes them or throws
 * BPMN errors, and reads variables back from the record stream. Every step first waits until the engine is idle,
 * so no test sleeps.
 */
final class JobDriver {

  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZeebeTestEngine engine;
  private final ZeebeClient client;

  JobDriver(final ZeebeTestEngine engine, final ZeebeClient client) {
    this.engine = engine;
    this.client = client;
  }

  void waitForIdle() {
    try {
      engine.waitForIdleState(IDLE_TIMEOUT);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (final java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("engine did not become idle within " + IDLE_TIMEOUT, e);
    }
  }

  /** All jobs of this type that are open now (activates them; at most 100). */
  List<ActivatedJob> activate(final String jobType) {
    waitForIdle();
    return client
        .newActivateJobsCommand()
        .jobType(jobType)
        .maxJobsToActivate(100)
        .timeout(Duration.ofMinutes(10))
        .send()
        .join()
        .getJobs();
  }

  /** The one open job of this type; fails if there is none or more than one. */
  ActivatedJob single(final String jobType) {
    final List<ActivatedJob> jobs = activate(jobType);
    assertThat(jobs).as("open jobs of type %s", jobType).hasSize(1);
    return jobs.getFirst();
  }

  void assertNoJob(final String jobType) {
    assertThat(activate(jobType)).as("open jobs of type %s", jobType).isEmpty();
  }

  void complete(final ActivatedJob job, final Map<String, Object> variables) {
    client.newCompleteCommand(job).variables(variables).send().join();
    waitForIdle();
  }

  /** Completes the single open job of this type and returns it (with the variables it was given). */
  ActivatedJob complete(final String jobType, final Map<String, Object> variables) {
    final ActivatedJob job = single(jobType);
    complete(job, variables);
    return job;
  }

  /** Completes every open job of this type, each with variables computed from the job. */
  List<ActivatedJob> completeAll(
      final String jobType, final int expected, final Function<ActivatedJob, Map<String, Object>> variables) {
    final List<ActivatedJob> jobs = activate(jobType);
    assertThat(jobs).as("open jobs of type %s", jobType).hasSize(expected);
    jobs.forEach(job -> client.newCompleteCommand(job).variables(variables.apply(job)).send().join());
    waitForIdle();
    return jobs;
  }

  void throwError(final ActivatedJob job, final String errorCode, final Map<String, Object> variables) {
    client
        .newThrowErrorCommand(job)
        .errorCode(errorCode)
        .errorMessage("thrown by the test for " + job.getType())
        .variables(variables)
        .send()
        .join();
    waitForIdle();
  }

  ActivatedJob throwError(final String jobType, final String errorCode, final Map<String, Object> variables) {
    final ActivatedJob job = single(jobType);
    throwError(job, errorCode, variables);
    return job;
  }

  /** The last value written to this variable in the process instance's own (root) scope, as JSON text. */
  Optional<String> rootVariableJson(final long processInstanceKey, final String name) {
    waitForIdle();
    return StreamSupport.stream(
            RecordStream.of(io.rivalwatch.testsupport.EngineRecords.snapshot(engine)).variableRecords().spliterator(), false)
        .map(Record::getValue)
        .filter(v -> v.getProcessInstanceKey() == processInstanceKey)
        .filter(v -> v.getScopeKey() == processInstanceKey)
        .filter(v -> v.getName().equals(name))
        .map(VariableRecordValue::getValue)
        .reduce((first, second) -> second);
  }

  Object rootVariable(final long processInstanceKey, final String name) {
    final String json =
        rootVariableJson(processInstanceKey, name)
            .orElseThrow(() -> new AssertionError("no variable " + name + " in instance " + processInstanceKey));
    try {
      return JSON.readValue(json, Object.class);
    } catch (final Exception e) {
      throw new IllegalStateException(e);
    }
  }

  List<Map<String, Object>> rootVariableAsListOfMaps(final long processInstanceKey, final String name) {
    return JSON.convertValue(rootVariable(processInstanceKey, name), new TypeReference<>() {});
  }
}
