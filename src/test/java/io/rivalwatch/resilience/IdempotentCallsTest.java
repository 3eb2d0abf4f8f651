package io.rivalwatch.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.resilience.IdempotentCalls.Operation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one rule for repeating calls inside a job: idempotent ones a few times, quickly; nothing else. */
class IdempotentCallsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ResilienceProperties properties = new ResilienceProperties(null, null, null, null,
      new ResilienceProperties.InJob(4, Duration.ofMillis(10), Duration.ofMillis(40), 0.5));
  private final OutsideServices services = new OutsideServices(properties, meters);
  private final IdempotentCalls calls = new IdempotentCalls(services, properties, meters);
  private final AtomicInteger attempts = new AtomicInteger();

  private String failingTimes(int failures, Kind kind, Duration retryAfter) {
    if (attempts.incrementAndGet() <= failures) {
      throw new OutsideServiceException("s3", kind, "HTTP 503 SlowDown", retryAfter, null);
    }
    return "ok";
  }

  @Test
  void anIdempotentCallThatFailsTwiceSucceedsWithinTheJob_andEachRepeatIsCounted() {
    long start = System.nanoTime();
    assertThat(calls.call(Operation.S3_GET_OBJECT, () -> failingTimes(2, Kind.TRANSIENT, null))).isEqualTo("ok");

    assertThat(attempts).hasValue(3);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(meters.counter(IdempotentCalls.RETRIES_METRIC, "operation", "s3-get-object").count()).isEqualTo(2);
    assertThat(meters.find(IdempotentCalls.EXHAUSTED_METRIC).counters()).isEmpty();
  }

  @Test
  void whenEveryAttemptFailsTheLastFailureGoesToTheJob() {
    assertThatThrownBy(() -> calls.call(Operation.MEMORY_CREATE_EVENT, () -> failingTimes(10, Kind.RATE_LIMITED,
        Duration.ZERO)))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));

    assertThat(attempts).hasValue(4);
    assertThat(meters.counter(IdempotentCalls.EXHAUSTED_METRIC, "operation", "memory-create-event").count())
        .isEqualTo(1);
  }

  @Test
  void aCallThatIsNotIdempotentIsMadeOnce() {
    for (Operation operation : new Operation[] {Operation.S3_OVERWRITE, Operation.MAIL_SEND, Operation.SLACK_POST,
        Operation.MODEL_CONVERSE, Operation.WEB_FETCH}) {
      attempts.set(0);
      assertThatThrownBy(() -> calls.call(operation, "s3", () -> failingTimes(1, Kind.TRANSIENT, null)))
          .isInstanceOf(OutsideServiceException.class);
      assertThat(attempts).as(operation.name()).hasValue(1);
    }
  }

  @Test
  void fatalAnswersBreakerRefusalsAndLongRetryAftersAreLeftToTheEngine() {
    assertThatThrownBy(() -> calls.call(Operation.S3_GET_OBJECT, () -> failingTimes(10, Kind.FATAL, null)));
    assertThat(attempts).as("fatal").hasValue(1);

    attempts.set(0);
    assertThatThrownBy(() -> calls.call(Operation.S3_GET_OBJECT, () -> failingTimes(10, Kind.CIRCUIT_OPEN, null)));
    assertThat(attempts).as("refused").hasValue(1);

    attempts.set(0);
    assertThatThrownBy(() -> calls.call(Operation.MEMORY_RETRIEVE,
        () -> failingTimes(10, Kind.RATE_LIMITED, Duration.ofSeconds(30))));
    assertThat(attempts).as("Retry-After above the in-job wait").hasValue(1);
  }

  @Test
  void everyAttemptGoesThroughTheBreaker_soRepeatsStopWhenItOpens() {
    // the breaker opens after five consecutive failures: the second call's second attempt is refused
    assertThatThrownBy(() -> calls.call(Operation.S3_HEAD_OBJECT, () -> failingTimes(100, Kind.TRANSIENT, null)));
    OutsideServiceException refused = (OutsideServiceException) org.assertj.core.api.Assertions.catchThrowable(
        () -> calls.call(Operation.S3_HEAD_OBJECT, () -> failingTimes(100, Kind.TRANSIENT, null)));

    assertThat(attempts).hasValue(5);
    assertThat(refused.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
    assertThat(services.state("s3")).hasValueSatisfying(s -> assertThat(s.open()).isTrue());
  }

  @Test
  void eachOperationSaysWhetherItIsIdempotent() {
    assertThat(Operation.values()).filteredOn(Operation::idempotent).containsExactlyInAnyOrder(
        Operation.S3_GET_OBJECT, Operation.S3_HEAD_OBJECT, Operation.S3_LIST_OBJECTS, Operation.S3_PUT_IF_ABSENT,
        Operation.MEMORY_CREATE_EVENT, Operation.MEMORY_RETRIEVE, Operation.S3_DELETE_OBJECT, Operation.MEMORY_LIST,
        Operation.MEMORY_DELETE);
  }
}
