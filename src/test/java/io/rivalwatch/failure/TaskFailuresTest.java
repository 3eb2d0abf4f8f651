package io.rivalwatch.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class TaskFailuresTest {

  @Test
  void aRuntimeFailureComesBackAsItIs_anErrorIsThrown_anythingElseIsWrapped() {
    IllegalArgumentException runtime = new IllegalArgumentException("bad section");
    assertThat(TaskFailures.rethrown(new ExecutionException(runtime))).isSameAs(runtime);

    OutOfMemoryError error = new OutOfMemoryError("heap");
    assertThatThrownBy(() -> TaskFailures.rethrown(new ExecutionException(error))).isSameAs(error);

    IOException checked = new IOException("store gone");
    assertThat(TaskFailures.rethrown(new ExecutionException(checked)))
        .isInstanceOf(IllegalStateException.class).hasCause(checked);
  }
}
