package io.rivalwatch.adapters.bedrock;

/**
 * What a model answered and what the call used.
 *
 * @param text the answer's text blocks, joined
 * @param stopReason why the model stopped ("end_turn", "max_tokens", ...), or null if it did not say
 * @param usageReported false when the response carried no usage; the token counts are then 0
 * @param latencyMs measured from sending the request to the last byte of the answer
 */
public record ModelReply(
    String text, String stopReason, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
    boolean usageReported, long latencyMs) {

  /** True when the answer was cut off at the task's token limit. */
  public boolean cutOff() {
    return "max_tokens".equals(stopReason);
  }
}
