package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.protocol.impl.record.CopiedRecord;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.Record;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The engine's records as the tests read them ({@link RecordStreamSource}), decoded from the log when asked, as
 * the library's own source does, with one difference: a reader that is done with the records up to a position can
 * {@linkplain #release release} them, as an exporter acknowledges what it exported (ADR 0035). Released records
 * are gone from {@link #getRecords()} and so are the log's blocks that hold nothing else the engine or this stream
 * still has to read. Nothing is released unless a reader asks, so tests that read a run's whole history keep it.
 *
 * <p>Without releases the log's blocks are still dropped once they are decoded here and processed by the engine
 * (every {@value #BLOCKS_BEFORE_COMPACTING} blocks): the decoded records are what the tests read, so the bytes
 * were a second copy.
 */
final class ReleasableRecordStream implements RecordStreamSource {

  /** How many of the log's blocks may pile up before a read compacts them; a process test writes a few hundred. */
  static final int BLOCKS_BEFORE_COMPACTING = 4096;

  private final LogStreamReader reader;
  private final int partitionId;
  private final CompactingLogStorage storage;
  private final LongSupplier processedPosition;
  private final Object lock = new Object();
  /** Replaced, never shrunk in place, on a release: a view handed out before keeps reading what it saw. */
  private volatile List<Record<?>> records = new ArrayList<>();
  private long lastReadPosition = -1;
  private long releasedUpTo = -1;

  ReleasableRecordStream(LogStreamReader reader, int partitionId, CompactingLogStorage storage,
      LongSupplier processedPosition) {
    this.reader = reader;
    this.partitionId = partitionId;
    this.storage = storage;
    this.processedPosition = processedPosition;
  }

  @Override
  public Iterable<Record<?>> getRecords() {
    synchronized (lock) {
      readNewRecords();
      if (storage.blockCount() > BLOCKS_BEFORE_COMPACTING) {
        compactLog();
      }
      return Collections.unmodifiableList(records);
    }
  }

  /**
   * Drops the records up to {@code position} (a record's {@link Record#getPosition()}) from this stream, and the
   * log's blocks the engine has processed and this stream has read. Later records stay.
   */
  void release(long position) {
    synchronized (lock) {
      readNewRecords();
      List<Record<?>> kept = new ArrayList<>();
      for (Record<?> record : records) {
        if (record.getPosition() > position) {
          kept.add(record);
        }
      }
      records = kept;
      releasedUpTo = Math.max(releasedUpTo, position);
      compactLog();
    }
  }

  /** The highest position released so far, or -1. */
  long releasedUpTo() {
    synchronized (lock) {
      return releasedUpTo;
    }
  }

  /** The log's blocks kept now. */
  int logBlocks() {
    return storage.blockCount();
  }

  private void compactLog() {
    long processed;
    try {
      processed = processedPosition.getAsLong();
    } catch (RuntimeException stopped) {
      // the engine is stopping or stopped: its log goes with it, so there is nothing to compact for
      return;
    }
    storage.compactUpTo(Math.min(lastReadPosition, processed));
  }

  private void readNewRecords() {
    if (lastReadPosition < 0) {
      reader.seekToFirstEvent();
    } else {
      reader.seekToNextEvent(lastReadPosition);
    }
    while (reader.hasNext()) {
      LoggedEvent event = reader.next();
      // a seek lands on the block that holds the position, so skip what was read before
      if (event.getPosition() > lastReadPosition) {
        records.add(decode(event));
        lastReadPosition = event.getPosition();
      }
    }
  }

  private CopiedRecord<UnifiedRecordValue> decode(LoggedEvent event) {
    RecordMetadata metadata = new RecordMetadata();
    event.readMetadata(metadata);
    UnifiedRecordValue value = UnifiedRecordValue.fromValueType(metadata.getValueType());
    event.readValue(value);
    return new CopiedRecord<>(value, metadata, event.getKey(), partitionId, event.getPosition(),
        event.getSourceEventPosition(), event.getTimestamp());
  }
}
