package io.rivalwatch.cost;

import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;

/**
 * One model call as an auditor sees it: what it was for, who started the run, which model answered and which one it
 * replaced, which prompt it used (template and the exact text sent, as digests), what it cost and how it ended.
 * Written once per call ({@link ModelCallAuditLog}), for answered calls and for failed, cut-off and refused ones.
 *
 * @param callId unique per call
 * @param watchList the watch list the run was planned from, or null when the run was pinned without one
 * @param startedBy who started the run (the signed-in user, "nightly-timer", or "unnamed engine client")
 * @param phase "analysis" or "synthesis"
 * @param task "sentiment", "strategy", "positioning" or "synthesis"
 * @param competitorId the competitor, or null for a call of the whole run
 * @param modelId the model or inference profile called; {@link #OFFLINE_MODEL} for the offline analyser as the
 *     fallback chain's last link
 * @param link the position in the task's fallback chain: 0 is the task's own model
 * @param replacedModel the model of the link above, which this call replaced, or null on the task's own model
 * @param fallbackReason why the links above were left, or null on the task's own model
 * @param promptId the prompt template, e.g. "strategy.v1"; null for the offline link
 * @param promptDigest the digest of the template's text, as pinned for the run
 * @param renderedPromptDigest SHA-256 (hex) of the system prompt and every message as built for sending (also for a
 *     call refused before it was sent); null for the offline link
 * @param tokensEstimated true when the service reported no usage and the tokens are estimated from characters
 * @param costUsd the tokens at the configured price (0 for a model without a price and for calls not sent)
 * @param latencyMs from sending to the answer or the failure (0 for a call refused before it was sent)
 * @param errorClass the service's error code ("ThrottlingException"), or the failure's type
 *     ("ApiCallTimeoutException", "IncompleteAnswerException", "BudgetSpentException"); null when answered
 * @param errorKind TRANSIENT, RATE_LIMITED, FATAL or CIRCUIT_OPEN for an outside failure, else null
 */
public record ModelCallAudit(
    String callId, String runId, String watchList, String startedBy, String phase, String task, String competitorId,
    String modelId, int link, String replacedModel, String fallbackReason, String promptId, String promptDigest,
    String renderedPromptDigest, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
    boolean tokensEstimated, double costUsd, long latencyMs, Outcome outcome, String errorClass, String errorKind,
    Instant calledAt) {

  static final ArtefactFormat<ModelCallAudit> FORMAT = ArtefactFormat.of("model-call-audit", ModelCallAudit.class);

  /** The model id of an entry for the offline analyser, the last link of a fallback chain. */
  public static final String OFFLINE_MODEL = "offline";

  /** How a call ended. */
  public enum Outcome {
    /** The model answered whole (the answer may still fail the checks: the next entry is the repair call). */
    ANSWERED,
    /** The model began to answer but the answer did not arrive whole (cut stream, no stop reason); not used. */
    INCOMPLETE,
    /** The call was sent and failed: throttled, timed out, a service error, an error event mid-stream. */
    FAILED,
    /** Not sent: the run's budget, the model's open circuit breaker or the shared rate limit refused it. */
    REFUSED
  }
}
