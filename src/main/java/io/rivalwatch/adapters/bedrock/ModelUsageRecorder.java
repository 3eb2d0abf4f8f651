package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.failure.OutsideServiceException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts every model call: an answered call goes into the {@link ModelUsageLedger} (whether or not its answer
 * turns out usable: it was paid for), a failed one is classified and counted.
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

  /** Records an answered call in its run's ledger; a call outside a run is only logged. */
  void answered(CallContext context, TaskSettings settings, ModelReply reply) {
    if (!reply.usageReported()) {
      log.warn("{} call to {} ({}{}) reported no token usage: recorded as 0 tokens", context.task(),
          settings.modelId(), context.runId(), context.competitorId() == null ? "" : "/" + context.competitorId());
    }
    if (context.runId() == null) {
      log.debug("{} call to {} outside a run: {} input, {} output tokens, not recorded", context.task(),
          settings.modelId(), reply.inputTokens(), reply.outputTokens());
      return;
    }
    ledger.record(new ModelCall(context.runId(), context.phase(), context.task(), context.competitorId(),
        settings.modelId(), reply.inputTokens(), reply.outputTokens(), reply.cacheReadTokens(),
        reply.cacheWriteTokens(), reply.latencyMs(), clock.instant()));
  }
}
