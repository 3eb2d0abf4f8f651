package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.failure.OutsideServiceException;

/**
 * The model's answer did not arrive whole: a ConverseStream without its messageStop or metadata event, a Converse
 * answer without its stop reason or with a body cut off. TRANSIENT, so the job is retried (or the task moves down
 * its fallback chain); the partial text is never used. The call was recorded in the usage ledger first, with
 * estimated tokens.
 */
public class IncompleteAnswerException extends OutsideServiceException {

  public IncompleteAnswerException(String modelId, String message, Throwable cause) {
    super(BedrockErrors.service(modelId), Kind.TRANSIENT, message, cause);
  }
}
