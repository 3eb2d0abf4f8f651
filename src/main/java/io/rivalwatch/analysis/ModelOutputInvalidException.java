package io.rivalwatch.analysis;

/** A language model's answer did not have the required shape, even after being asked once more with the errors. */
public class ModelOutputInvalidException extends RuntimeException {

  public ModelOutputInvalidException(String message) {
    super(message);
  }
}
