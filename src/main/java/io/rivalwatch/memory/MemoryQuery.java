package io.rivalwatch.memory;

/**
 * A question asked of the memory by meaning.
 *
 * @param namespace the namespace to search (one competitor, or the run log)
 * @param text the question, for example "what did research find about pricing?"
 * @param topK at most this many hits
 * @param onlyRunId if set, only entries of this run
 * @param excludeRunId if set, no entries of this run (to ask what earlier runs concluded)
 */
public record MemoryQuery(String namespace, String text, int topK, String onlyRunId, String excludeRunId) {

  public static MemoryQuery inRun(String namespace, String text, int topK, String runId) {
    return new MemoryQuery(namespace, text, topK, runId, null);
  }

  public static MemoryQuery beforeRun(String namespace, String text, int topK, String runId) {
    return new MemoryQuery(namespace, text, topK, null, runId);
  }
}
