package io.rivalwatch.memory;

import java.util.List;

/**
 * The agent's long-term memory, searchable by meaning. Locally a Lucene index with offline embeddings;
 * in the cloud Amazon Bedrock AgentCore Memory. Nothing above this interface knows which is in use.
 */
public interface MemoryStore {

  /** Records the entry; recording the same {@link MemoryEntry#id()} again changes nothing. */
  void record(MemoryEntry entry);

  /** Entries closest in meaning to the question, best first. */
  List<MemoryHit> search(MemoryQuery query);
}
