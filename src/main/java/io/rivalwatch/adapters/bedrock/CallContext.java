package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.PromptLibrary.Prompt;

/**
 * What one model call is for, so its usage is accounted, and the call audited, to the right run, phase, task and
 * competitor, with the prompt and the fallback link it was made with.
 *
 * @param runId the run, or null outside a run (then usage is logged, not recorded)
 * @param phase "analysis" or "synthesis"
 * @param task "sentiment", "strategy", "positioning" or "synthesis"; also names the settings used
 * @param competitorId the competitor, or null for run-wide tasks
 * @param promptId the prompt template, or null when the caller did not say
 * @param promptDigest the digest of the template's text
 * @param link the link of the task's fallback chain the call is made on
 * @param renderedDigest SHA-256 of the prompt as sent; set by the client when it sends
 * @param sentNanos {@link System#nanoTime()} when the client sent the call (for the latency of a failure)
 */
public record CallContext(String runId, String phase, String task, String competitorId, String promptId,
    String promptDigest, ModelChain.Link link, String renderedDigest, long sentNanos) {

  public CallContext(String runId, String phase, String task, String competitorId) {
    this(runId, phase, task, competitorId, null, null, null, null, 0);
  }

  CallContext with(Prompt prompt, ModelChain.Link on) {
    return new CallContext(runId, phase, task, competitorId, prompt.id(), prompt.digest(), on, renderedDigest,
        sentNanos);
  }

  CallContext sent(String rendered, long nanos) {
    return new CallContext(runId, phase, task, competitorId, promptId, promptDigest, link, rendered, nanos);
  }
}
