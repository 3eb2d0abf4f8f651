package io.rivalwatch.memory;

import java.time.Instant;
import java.util.List;

/**
 * What retention needs of a memory beyond {@link MemoryStore}: what was recorded before a time, and deletion.
 * Implemented by the local index and the AgentCore store beside {@link MemoryStore}.
 */
public interface MemoryRetention {

  /** Everything recorded before {@code cutoff} (items without a time are never listed). */
  List<RememberedItem> recordedBefore(Instant cutoff);

  /** Deletes the item; an item already gone is no failure. */
  void delete(RememberedItem item);
}
