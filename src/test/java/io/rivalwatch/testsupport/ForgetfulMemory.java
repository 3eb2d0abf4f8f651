package io.rivalwatch.testsupport;

import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryStore;
import java.util.List;

/** Remembers nothing: for tests about documents, stored results and planning, where memory plays no part. */
public final class ForgetfulMemory implements MemoryStore {

  @Override
  public void record(MemoryEntry entry) {}

  @Override
  public List<MemoryHit> search(MemoryQuery query) {
    return List.of();
  }
}
