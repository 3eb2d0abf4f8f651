package io.rivalwatch.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the memory holds, as retention sees it: an entry of the local index, or an AgentCore event or memory
 * record.
 *
 * @param kind what it is: {@link #ENTRY}, {@link #EVENT} or {@link #RECORD}
 * @param id what the store needs to delete it (the entry id; actor, session and event id; the record id)
 * @param runId the run that recorded it, or null when the memory cannot tell (a fact merged from several runs)
 * @param at when it was recorded (the event time, the record's creation time)
 */
public record RememberedItem(String kind, String id, String runId, Instant at) {

  public static final String ENTRY = "entry";
  public static final String EVENT = "event";
  public static final String RECORD = "record";

  public RememberedItem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
  }
}
