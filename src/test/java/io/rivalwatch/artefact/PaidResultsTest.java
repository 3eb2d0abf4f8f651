package io.rivalwatch.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PaidResultsTest {

  private final PaidResults paid = new PaidResults();
  private final AtomicInteger modelCalls = new AtomicInteger();
  private final ArtefactKey key = ArtefactKey.of("run-1", "analysis", "acme", "sentiment.json");

  @Test
  void anAnswerWhoseWriteFailedIsStoredByTheRetryWithoutAskingTheModelAgain() {
    assertThatThrownBy(() -> paid.computeAndStore(key, this::askModel, failingStore()))
        .isInstanceOf(OutsideServiceException.class);

    String stored = paid.computeAndStore(key, this::askModel, Function.identity());

    assertThat(stored).isEqualTo("answer 1");
    assertThat(modelCalls).as("the model was paid once").hasValue(1);
  }

  @Test
  void aStoredAnswerIsNotKept_theNextComputationAsksAgain() {
    paid.computeAndStore(key, this::askModel, Function.identity());

    assertThat(paid.computeAndStore(key, this::askModel, Function.identity())).isEqualTo("answer 2");
  }

  @Test
  void keptAnswersAreNotSharedBetweenKeys() {
    assertThatThrownBy(() -> paid.computeAndStore(key, this::askModel, failingStore()));

    ArtefactKey other = ArtefactKey.of("run-1", "analysis", "globex", "sentiment.json");
    assertThat(paid.computeAndStore(other, this::askModel, Function.identity())).isEqualTo("answer 2");
  }

  private String askModel() {
    return "answer " + modelCalls.incrementAndGet();
  }

  private static Function<String, String> failingStore() {
    return answer -> {
      throw new OutsideServiceException("s3", Kind.TRANSIENT, "PutObject: InternalError", null);
    };
  }
}
