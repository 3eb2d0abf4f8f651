package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.failure.OutsideServiceException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts every model call: every call that reached the model goes into the {@link ModelUsageLedger} (whether or
 * not its answer turns out usable or even arrives whole: it was paid for), with the usage the service reported or,
 * when it reported none, an estimate marked as such; a failed one is classified and counted.
 */
final class ModelUsageRecorder {

  // the client's log category, as before the split, so log settings and alerts on it keep working
  private static final Logger log = LoggerFactory.getLogger(BedrockModelClient.class);

  private final ModelUsageLedger ledger;
  private final Clock clock;
  private final String region;

  ModelUsageRecorder(ModelUsageLedger ledger, Clock clock, String region) {
    this.ledger = ledger;
    this.clock = clock;
    this.region = region;
  }

  /** Classifies a failed call by error type and status, logs and counts it; returns what to throw. */
  OutsideServiceException failure(Throwable t, CallContext context, TaskSettings settings) {
    OutsideServiceException e = BedrockErrors.classify(t, settings.modelId(), context.task(), region,
        settings.timeout());
    log.warn("{} call to {} failed ({}): {}", context.task(), settings.modelId(), e.kind(), e.getMessage());
    ledger.failed(context.phase(), settings.modelId());
    return e;
  }

  /**
   * Records an answered call in its run's ledger; one whose response carried no usage with tokens estimated from
   * the prompt's and the answer's characters, marked as estimated. A call outside a run is only logged.
   */
  void answered(CallContext context, TaskSettings settings, ModelReply reply, long promptCharacters) {
    if (reply.usageReported()) {
      record(context, settings, reply.inputTokens(), reply.outputTokens(), reply.cacheReadTokens(),
          reply.cacheWriteTokens(), reply.latencyMs(), false);
      return;
    }
    log.warn("{} call to {} ({}{}) reported no token usage: recorded with estimated tokens", context.task(),
        settings.modelId(), context.runId(), context.competitorId() == null ? "" : "/" + context.competitorId());
    record(context, settings, ModelCall.estimateTokens(promptCharacters),
        ModelCall.estimateTokens(reply.text().length()), 0, 0, reply.latencyMs(), true);
  }

  /**
   * A call the model answered but whose answer did not arrive whole (no stop reason, no closing metadata): recorded
   * with its usage if some came, else estimated from the prompt and the characters received, and counted as a
   * failed call. Returns what to throw: the partial answer is never used.
   */
  IncompleteAnswerException incomplete(CallContext context, TaskSettings settings, long promptCharacters,
      ModelReply partial, String what) {
    if (partial.usageReported()) {
      record(context, settings, partial.inputTokens(), partial.outputTokens(), partial.cacheReadTokens(),
          partial.cacheWriteTokens(), partial.latencyMs(), false);
    } else {
      record(context, settings, ModelCall.estimateTokens(promptCharacters),
          ModelCall.estimateTokens(partial.text().length()), 0, 0, partial.latencyMs(), true);
    }
    IncompleteAnswerException e = new IncompleteAnswerException(settings.modelId(), "incomplete answer to the "
        + context.task() + " request: " + what + " after " + partial.text().length() + " characters; not used,"
        + " to be asked again", null);
    log.warn("{} call to {} ({}{}): {}", context.task(), settings.modelId(), context.runId(),
        context.competitorId() == null ? "" : "/" + context.competitorId(), e.getMessage());
    ledger.failed(context.phase(), settings.modelId());
    return e;
  }

  /**
   * A call that failed after the model had begun to answer (an error event mid-stream, a timeout, a body cut off):
   * recorded with estimated tokens, then classified like any failure.
   *
   * @param answerCharacters the characters of answer text received, or -1 when unknown (then the task's most
   *     output tokens are counted: what the call may have cost at most)
   */
  OutsideServiceException failedAfterAnswerBegan(Throwable t, CallContext context, TaskSettings settings,
      long promptCharacters, long answerCharacters, long latencyMs) {
    record(context, settings, ModelCall.estimateTokens(promptCharacters),
        answerCharacters < 0 ? settings.maxTokens() : ModelCall.estimateTokens(answerCharacters), 0, 0, latencyMs,
        true);
    return failure(t, context, settings);
  }

  private void record(CallContext context, TaskSettings settings, long input, long output, long cacheRead,
      long cacheWrite, long latencyMs, boolean estimated) {
    if (context.runId() == null) {
      log.debug("{} call to {} outside a run: {} input, {} output tokens{}, not recorded", context.task(),
          settings.modelId(), input, output, estimated ? " (estimated)" : "");
      return;
    }
    ledger.record(new ModelCall(context.runId(), context.phase(), context.task(), context.competitorId(),
        settings.modelId(), input, output, cacheRead, cacheWrite, latencyMs, clock.instant(), estimated));
  }
}
