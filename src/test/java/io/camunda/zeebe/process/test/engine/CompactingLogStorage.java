package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.logstreams.storage.LogStorageReader;
import io.camunda.zeebe.util.buffer.BufferWriter;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The embedded engine's log, in memory, that can drop the blocks nobody will read again, as a broker compacts its
 * log once the records are processed and exported (ADR 0035). The library's {@link InMemoryLogStorage} keeps every
 * block for ever. This is one (it extends it only because {@link EngineStateMonitor} takes that type; none of its
 * state is used) and keeps the blocks by their lowest position, so {@link #compactUpTo} can drop a prefix.
 *
 * <p>A reader of a dropped block moves on to the first block kept: that is what a broker's reader sees after
 * compaction. The engine's own readers never need one: the stream processor reads each block once, in order, and
 * only blocks it has processed are dropped (see {@link ReleasableRecordStream}).
 */
final class CompactingLogStorage extends InMemoryLogStorage {

  /** A block as appended: its records' positions and the bytes. */
  private record Block(long lowestPosition, long highestPosition, ByteBuffer bytes) {}

  private final ConcurrentSkipListMap<Long, Block> blocks = new ConcurrentSkipListMap<>();
  private final Set<CommitListener> commitListeners = new CopyOnWriteArraySet<>();
  private final AtomicLong appended = new AtomicLong();

  @Override
  public LogStorageReader newReader() {
    return new Reader();
  }

  @Override
  public void append(long lowestPosition, long highestPosition, BufferWriter writer, AppendListener listener) {
    ByteBuffer bytes = ByteBuffer.allocate(writer.getLength());
    writer.write(new UnsafeBuffer(bytes), 0);
    append(lowestPosition, highestPosition, bytes, listener);
  }

  @Override
  public void append(long lowestPosition, long highestPosition, ByteBuffer bytes, AppendListener listener) {
    blocks.put(lowestPosition, new Block(lowestPosition, highestPosition, bytes));
    long index = appended.incrementAndGet();
    // in memory, written is committed: there is no replication to wait for
    listener.onWrite(index, highestPosition);
    listener.onCommit(index, highestPosition);
    commitListeners.forEach(CommitListener::onCommit);
  }

  @Override
  public void addCommitListener(CommitListener listener) {
    commitListeners.add(listener);
  }

  @Override
  public void removeCommitListener(CommitListener listener) {
    commitListeners.remove(listener);
  }

  /** Drops every block whose records all have a position up to {@code position}; returns how many it dropped. */
  int compactUpTo(long position) {
    int dropped = 0;
    for (Map.Entry<Long, Block> first = blocks.firstEntry();
        first != null && first.getValue().highestPosition() <= position; first = blocks.firstEntry()) {
      blocks.remove(first.getKey());
      dropped++;
    }
    return dropped;
  }

  /** Blocks kept now. */
  int blockCount() {
    return blocks.size();
  }

  /** Reads blocks in position order; a block dropped under it is skipped to the next one kept. */
  private final class Reader implements LogStorageReader {

    /** The lowest position of the next block to return; a block starting at it or after is next. */
    private long next = Long.MIN_VALUE;

    @Override
    public void seek(long position) {
      // the block that may hold the position is the last one starting before it; the log stream reader then reads
      // on to the event itself (the library's storage seeks the same way)
      Long start = blocks.lowerKey(position);
      next = start == null ? Long.MIN_VALUE : start;
    }

    @Override
    public boolean hasNext() {
      return blocks.ceilingKey(next) != null;
    }

    @Override
    public DirectBuffer next() {
      Map.Entry<Long, Block> entry = blocks.ceilingEntry(next);
      if (entry == null) {
        throw new NoSuchElementException();
      }
      next = entry.getKey() + 1;
      return new UnsafeBuffer(entry.getValue().bytes());
    }

    @Override
    public void close() {}
  }
}
