package io.rivalwatch.memory;

import java.time.Instant;

/**
 * A milestone the agent remembers: what a phase found or concluded.
 *
 * <p>What {@link MemoryStore#search} returns may be a record the memory derived from such entries (AgentCore
 * extracts facts and summaries from events); then {@code runId}, {@code phase} and {@code status} can be null and
 * {@code id} is the memory's own record id. Callers use hits as context, not as a ledger.
 *
 * @param id deterministic (run / phase / competitor / task) so a retried job records nothing twice
 * @param namespace where it can be searched: {@link #competitorNamespace(String)} or {@link #RUN_NAMESPACE}, inside a
 *     watch list's own namespace ({@link #inWatchList}) for every list but the one that keeps the unscoped namespaces
 * @param competitorId the competitor it is about, or null for the whole run
 * @param status the phase outcome, for example "sufficient", "skipped", "done", "failed"
 * @param text what happened, in plain sentences (this is what similarity search matches against)
 */
public record MemoryEntry(
    String id,
    String namespace,
    String runId,
    String phase,
    String competitorId,
    String status,
    String text,
    Instant recordedAt) {

  public static final String RUN_NAMESPACE = "runs";

  /** The start of a watch list's own namespaces: {@code lists/<name>/}. */
  public static final String WATCH_LIST_PREFIX = "lists/";

  public static String competitorNamespace(String competitorId) {
    return "competitors/" + competitorId;
  }

  /**
   * A namespace inside one watch list's own, {@code lists/<name>/<namespace>}: the list comes first, so no list's
   * namespace is a prefix of another's or of an unscoped one (AgentCore searches a namespace as a prefix).
   */
  public static String inWatchList(String watchList, String namespace) {
    return WATCH_LIST_PREFIX + watchList + "/" + namespace;
  }
}
