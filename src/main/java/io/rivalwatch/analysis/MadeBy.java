package io.rivalwatch.analysis;

/**
 * Which link of its task's fallback chain made a result, and why the links above it did not. Link 0 is the task's
 * own model; then come its fallback models in configured order; the last link is the offline analyser.
 *
 * @param link the link's place in the chain, 0 for the task's own model
 * @param model the model or inference profile id that answered, or null for the offline analyser
 * @param reason why the chain moved past the links above, in words for the report; null at link 0
 * @param version what the link that made it would answer with ({@link Analyser#version} of that link): the reuse
 *     fingerprint of a result made further down the chain is taken with it, so the next run does not reuse it
 */
public record MadeBy(int link, String model, String reason, String version) {

  /** True when a fallback model or the offline analyser made the result instead of the task's own model. */
  public boolean degraded() {
    return link > 0;
  }

  /** True when the offline analyser made it. */
  public boolean offline() {
    return model == null;
  }

  /** For the report: "made by the fallback model X because Y" or "made by the offline analyser because Y". */
  public String describe() {
    if (!degraded()) {
      return "made by the task's own model " + model;
    }
    return (offline() ? "made by the offline analyser (no language model)"
        : "made by the fallback model " + model) + " because " + reason;
  }
}
