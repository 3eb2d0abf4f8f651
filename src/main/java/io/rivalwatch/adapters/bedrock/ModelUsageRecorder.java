package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.cost.ModelCallAudit;
import io.rivalwatch.cost.ModelCallAudit.Outcome;
import io.rivalwatch.cost.ModelCallAuditLog;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.failure.OutsideServiceException;
import java.time.Clock;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts every model call: every call that reached the model goes into the {@link ModelUsageLedger} (whether or
 * not its answer turns out usable or even arrives whole: it was paid for), with the usage the service reported or,
 * when it reported none, an estimate marked as such; a failed one is classified and counted. Every call, answered,
 * cut off, failed or refused before it was sent, also gets its entry in the {@link ModelCallAuditLog}.
 */
final class ModelUsageRecorder {

  // the client's log category, as before the split, so log settings and alerts on it keep working
  private static final Logger log = LoggerFactory.getLogger(BedrockModelClient.class);

  private final ModelUsageLedger ledger;
  private final Clock clock;
  private final String region;
  private final ModelCallAuditLog audit;
  private final BedrockRunPins pins;

  /**
   * @param audit where each call's audit entry goes, or null for none (tools, tests of other things)
   * @param pins the runs' pins, which name each run's watch list and who started it; or null
   */
  ModelUsageRecorder(ModelUsageLedger ledger, Clock clock, String region, ModelCallAuditLog audit,
      BedrockRunPins pins) {
    this.ledger = ledger;
    this.clock = clock;
    this.region = region;
    this.audit = audit;
    this.pins = pins;
  }

  /** Classifies a failed call by error type and status, logs, counts and audits it; returns what to throw. */
  OutsideServiceException failure(Throwable t, CallContext context, TaskSettings settings) {
    OutsideServiceException e = classify(t, context, settings);
    audit(context, settings, null, Outcome.FAILED, e, elapsedMs(context));
    return e;
  }

  private OutsideServiceException classify(Throwable t, CallContext context, TaskSettings settings) {
    OutsideServiceException e = BedrockErrors.classify(t, settings.modelId(), context.task(), region,
        settings.timeout());
    log.warn("{} call to {} failed ({}): {}", context.task(), settings.modelId(), e.kind(), e.getMessage());
    ledger.failed(context.phase(), settings.modelId());
    return e;
  }

  /** A call that was never sent: the budget, the model's breaker or the shared limit refused it. */
  void refused(RuntimeException why, CallContext context, TaskSettings settings) {
    audit(context, settings, null, Outcome.REFUSED, why, 0);
  }

  /** The offline analyser answered as the chain's last link: audited as a call that cost nothing. */
  void offlineAnswered(CallContext context, long latencyMs) {
    audit(context, null, null, Outcome.ANSWERED, null, latencyMs);
  }

  /**
   * Records an answered call in its run's ledger; one whose response carried no usage with tokens estimated from
   * the prompt's and the answer's characters, marked as estimated. A call outside a run is only logged.
   */
  void answered(CallContext context, TaskSettings settings, ModelReply reply, long promptCharacters) {
    ModelCall call;
    if (reply.usageReported()) {
      call = record(context, settings, reply.inputTokens(), reply.outputTokens(), reply.cacheReadTokens(),
          reply.cacheWriteTokens(), reply.latencyMs(), false);
    } else {
      log.warn("{} call to {} ({}{}) reported no token usage: recorded with estimated tokens", context.task(),
          settings.modelId(), context.runId(), context.competitorId() == null ? "" : "/" + context.competitorId());
      call = record(context, settings, ModelCall.estimateTokens(promptCharacters),
          ModelCall.estimateTokens(reply.text().length()), 0, 0, reply.latencyMs(), true);
    }
    audit(context, settings, call, Outcome.ANSWERED, null, reply.latencyMs());
  }

  /**
   * A call the model answered but whose answer did not arrive whole (no stop reason, no closing metadata): recorded
   * with its usage if some came, else estimated from the prompt and the characters received, and counted as a
   * failed call. Returns what to throw: the partial answer is never used.
   */
  IncompleteAnswerException incomplete(CallContext context, TaskSettings settings, long promptCharacters,
      ModelReply partial, String what) {
    ModelCall call;
    if (partial.usageReported()) {
      call = record(context, settings, partial.inputTokens(), partial.outputTokens(), partial.cacheReadTokens(),
          partial.cacheWriteTokens(), partial.latencyMs(), false);
    } else {
      call = record(context, settings, ModelCall.estimateTokens(promptCharacters),
          ModelCall.estimateTokens(partial.text().length()), 0, 0, partial.latencyMs(), true);
    }
    IncompleteAnswerException e = new IncompleteAnswerException(settings.modelId(), "incomplete answer to the "
        + context.task() + " request: " + what + " after " + partial.text().length() + " characters; not used,"
        + " to be asked again", null);
    log.warn("{} call to {} ({}{}): {}", context.task(), settings.modelId(), context.runId(),
        context.competitorId() == null ? "" : "/" + context.competitorId(), e.getMessage());
    ledger.failed(context.phase(), settings.modelId());
    audit(context, settings, call, Outcome.INCOMPLETE, e, partial.latencyMs());
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
    ModelCall call = record(context, settings, ModelCall.estimateTokens(promptCharacters),
        answerCharacters < 0 ? settings.maxTokens() : ModelCall.estimateTokens(answerCharacters), 0, 0, latencyMs,
        true);
    OutsideServiceException e = classify(t, context, settings);
    audit(context, settings, call, Outcome.FAILED, e, latencyMs);
    return e;
  }

  /** Records the call in its run's ledger; returns it (also for a call outside a run, which is only logged). */
  private ModelCall record(CallContext context, TaskSettings settings, long input, long output, long cacheRead,
      long cacheWrite, long latencyMs, boolean estimated) {
    ModelCall call = new ModelCall(context.runId(), context.phase(), context.task(), context.competitorId(),
        settings.modelId(), input, output, cacheRead, cacheWrite, latencyMs, clock.instant(), estimated);
    if (context.runId() == null) {
      log.debug("{} call to {} outside a run: {} input, {} output tokens{}, not recorded", context.task(),
          settings.modelId(), input, output, estimated ? " (estimated)" : "");
    } else {
      ledger.record(call);
    }
    return call;
  }

  /**
   * Writes the call's audit entry (a call outside a run has none).
   *
   * @param settings null for the offline link
   * @param call the call as billed, or null when nothing was billed
   * @param failure what ended the call, or null when answered
   */
  private void audit(CallContext context, TaskSettings settings, ModelCall call, Outcome outcome,
      RuntimeException failure, long latencyMs) {
    if (audit == null || context.runId() == null) {
      return;
    }
    PinnedRun run = origin(context.runId());
    ModelChain.Link link = context.link();
    boolean offline = settings == null;
    audit.record(new ModelCallAudit(
        clock.millis() + "-" + UUID.randomUUID().toString().substring(0, 8), context.runId(),
        run == null ? null : run.watchList(), run == null ? null : run.startedBy(), context.phase(), context.task(),
        context.competitorId(), offline ? ModelCallAudit.OFFLINE_MODEL : settings.modelId(),
        link == null ? 0 : link.index(), link == null ? null : link.replaced(), link == null ? null : link.reason(),
        offline ? null : context.promptId(), offline ? null : context.promptDigest(),
        context.renderedDigest(),
        call == null ? 0 : call.inputTokens(), call == null ? 0 : call.outputTokens(),
        call == null ? 0 : call.cacheReadTokens(), call == null ? 0 : call.cacheWriteTokens(),
        call != null && call.estimated(), call == null ? 0 : ledger.costUsd(call), latencyMs, outcome,
        failure == null ? null : errorClass(failure),
        failure instanceof OutsideServiceException o ? o.kind().name() : null, clock.instant()));
  }

  /**
   * The run's pins, for its watch list and who started it; none when they cannot be read now, so a storage failure
   * never hides the call's own outcome.
   */
  private PinnedRun origin(String runId) {
    try {
      return pins == null ? null : pins.of(runId);
    } catch (OutsideServiceException e) {
      log.warn("run {}'s pins could not be read for the model-call audit ({}); entry kept without its origin", runId,
          e.getMessage());
      return null;
    }
  }

  /**
   * The service's error code where it sent one ("ThrottlingException"); else the type of what went wrong: the
   * client's failure under our classification ("ApiCallTimeoutException"), or ours ("IncompleteAnswerException",
   * "BudgetSpentException", "OutsideServiceException" for a refusal of the breaker or the limit).
   */
  static String errorClass(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null
          && aws.awsErrorDetails().errorCode() != null && !aws.awsErrorDetails().errorCode().isBlank()) {
        return aws.awsErrorDetails().errorCode();
      }
    }
    boolean ours = failure instanceof OutsideServiceException && !(failure instanceof IncompleteAnswerException);
    Throwable shown = ours && failure.getCause() != null ? BedrockErrors.unwrap(failure.getCause()) : failure;
    return shown.getClass().getSimpleName();
  }

  private static long elapsedMs(CallContext context) {
    return context.sentNanos() == 0 ? 0 : (System.nanoTime() - context.sentNanos()) / 1_000_000;
  }
}
