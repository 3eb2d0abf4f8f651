package io.rivalwatch.failure;

import java.util.concurrent.ExecutionException;

/** The failure of work done on another thread, given back to the thread that waited for it. */
public final class TaskFailures {

  private TaskFailures() {}

  /**
   * The task's own failure, to throw where its result was awaited as if the work had happened there: a runtime
   * exception as it is, an error rethrown at once, anything else wrapped.
   */
  public static RuntimeException rethrown(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException failure) {
      return failure;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }
}
