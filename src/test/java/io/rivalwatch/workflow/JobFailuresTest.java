package io.rivalwatch.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.JobError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.resilience.Backoffs;
import io.rivalwatch.resilience.ResilienceProperties;
import io.rivalwatch.resilience.RetryBudget;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The error taxonomy every worker applies, decision by decision. */
class JobFailuresTest {

  @TempDir Path root;
  private SimpleMeterRegistry meters;
  private JobFailures failures;

  @BeforeEach
  void setUp() {
    var properties = new ResilienceProperties(
        new ResilienceProperties.Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0.25), 3, null, null);
    var store = new FileArtefactStore(root);
    meters = new SimpleMeterRegistry();
    failures = new JobFailures(new Backoffs(properties),
        new RetryBudget(store, new ArtefactJson(store), properties, Clock.systemUTC()),
        new io.rivalwatch.observability.RunMetrics(meters), io.rivalwatch.resilience.OutsideServices.standalone());
  }

  @Test
  void aTransientFailureIsRetriedWithExponentialBackoffAndJitter() {
    JobError first = catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(1, 3), "run-1", failure(Kind.TRANSIENT, null)));
    JobError second = catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(1, 2), "run-1", failure(Kind.TRANSIENT, null)));

    assertThat(first.getRetries()).isEqualTo(2);
    assertThat(first.getRetryBackoff()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1250));
    assertThat(second.getRetries()).isEqualTo(1);
    assertThat(second.getRetryBackoff()).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2500));
    assertThat(retries("transient"))
        .isEqualTo(2);
  }

  @Test
  void aRetryAfterFromTheServiceWins() {
    JobError error = catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(1, 3), "run-1", failure(Kind.RATE_LIMITED, Duration.ofSeconds(7))));

    assertThat(error.getRetryBackoff()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void anOpenBreakerCostsNeitherARetryNorTheBudget() {
    for (int i = 0; i < 10; i++) {
      JobError error = catchThrowableOfType(JobError.class,
          () -> failures.retryIfWorthIt(job(1, 3), "run-1", failure(Kind.CIRCUIT_OPEN, Duration.ofSeconds(42))));
      assertThat(error.getRetries()).isEqualTo(3);
      assertThat(error.getRetryBackoff()).isEqualTo(Duration.ofSeconds(42));
    }
    // the budget of 3 is untouched: the next transient failure is an ordinary retry
    assertThat(catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(2, 3), "run-1", failure(Kind.TRANSIENT, null)))).isNotNull();
  }

  @Test
  void aSpentRunBudgetSendsTheRunToItsFailurePath() {
    for (long key = 1; key <= 3; key++) {
      long k = key;
      catchThrowableOfType(JobError.class,
          () -> failures.retryIfWorthIt(job(k, 3), "run-1", failure(Kind.TRANSIENT, null)));
    }
    BpmnError error = catchThrowableOfType(BpmnError.class,
        () -> failures.retryIfWorthIt(job(4, 3), "run-1", failure(Kind.TRANSIENT, null)));

    assertThat(error.getErrorCode()).isEqualTo(ProcessErrors.RUN_FAILED);
    assertThat(error.getErrorMessage()).contains("retry budget of 3 transient failures is spent");
    // another run has its own budget
    assertThat(catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(5, 3), "run-2", failure(Kind.TRANSIENT, null)))).isNotNull();
  }

  @Test
  void theSameFailureHandledTwiceCountsOnce() {
    for (int i = 0; i < 5; i++) {
      catchThrowableOfType(JobError.class,
          () -> failures.retryIfWorthIt(job(1, 3), "run-1", failure(Kind.TRANSIENT, null)));
    }
    assertThat(catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(2, 3), "run-1", failure(Kind.TRANSIENT, null)))).isNotNull();
  }

  @Test
  void onTheLastAttemptOrAFatalErrorTheWorkerGivesUpItsItem() {
    assertThatCode(() -> failures.retryIfWorthIt(job(1, 1), "run-1", failure(Kind.TRANSIENT, null)))
        .doesNotThrowAnyException();
    assertThatCode(() -> failures.retryIfWorthIt(job(2, 3), "run-1", failure(Kind.FATAL, null)))
        .doesNotThrowAnyException();
  }

  @Test
  void aFatalFailureOfTheRunsStorageIsAnIncidentThatSaysWhatToDo() {
    var s3Denied = new OutsideServiceException("s3", Kind.FATAL,
        "AccessDenied on rivalwatch/run-1/... Fix: allow s3:PutObject", null);

    JobError error = catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(1, 3), "run-1", s3Denied));

    assertThat(error.getRetries()).isZero();
    assertThat(error.getErrorMessage())
        .isEqualTo("Task_GatherNews for competitor acme: s3: AccessDenied on rivalwatch/run-1/... "
            + "Fix: allow s3:PutObject Once fixed, retry this job in Operate.");
  }

  @Test
  void eachFailureHandedBackToTheEngine_isCountedByItsCause_andAGivenUpItemIsNot() {
    catchThrowableOfType(JobError.class, () -> failures.retryIfWorthIt(job(1, 3), "run-1",
        new OutsideServiceException("s3", Kind.FATAL, "AccessDenied", null)));
    catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(2, 3), "run-1", failure(Kind.RATE_LIMITED, null)));
    catchThrowableOfType(JobError.class,
        () -> failures.retryIfWorthIt(job(3, 3), "run-1", failure(Kind.CIRCUIT_OPEN, null)));
    failures.countUnclassified(job(4, 3));
    // the worker gives up its item by its modelled path: nothing goes back to the engine
    failures.retryIfWorthIt(job(5, 3), "run-1", failure(Kind.FATAL, null));

    assertThat(retries("fatal")).isEqualTo(1);
    assertThat(retries("rate_limited")).isEqualTo(1);
    assertThat(retries("circuit_open")).isEqualTo(1);
    assertThat(retries("bug")).isEqualTo(1);
    assertThat(meters.find("rivalwatch.job.retries").counters()).hasSize(4);
  }

  private double retries(String cause) {
    return meters.counter("rivalwatch.job.retries", "job_type", "rivalwatch-test", "phase", "other", "cause", cause)
        .count();
  }

  private static OutsideServiceException failure(Kind kind, Duration retryAfter) {
    return new OutsideServiceException("web:news.example", kind, "HTTP 503", retryAfter, null);
  }

  /** An activated job as the client hands it to a worker; only what JobFailures reads answers. */
  private static ActivatedJob job(long key, int retries) {
    return (ActivatedJob) Proxy.newProxyInstance(ActivatedJob.class.getClassLoader(),
        new Class<?>[] {ActivatedJob.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getKey" -> key;
          case "getRetries" -> retries;
          case "getType" -> "rivalwatch-test";
          case "getElementId" -> "Task_GatherNews";
          case "getProcessInstanceKey" -> 100L;
          case "getVariablesAsMap" -> Map.of("competitorId", "acme", "runId", "run-1");
          case "toString" -> "job " + key;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
