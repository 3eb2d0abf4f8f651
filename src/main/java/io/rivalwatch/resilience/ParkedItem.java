package io.rivalwatch.resilience;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;
import java.util.Locale;

/**
 * One item a run gave up on (a dead letter), kept with the reason so it can be retried later.
 *
 * @param competitorId the competitor, or null for items of the whole run (deliveries)
 * @param kind what sort of item it is, which says how it is retried
 * @param name which one of its kind: a source kind id (news), an analysis kind id (sentiment), a channel (slack)
 * @param lastError the last failure, as the service reported it
 */
public record ParkedItem(String runId, String competitorId, Kind kind, String name, String jobType, String elementId,
    String lastError, Instant parkedAt) {
  static final ArtefactFormat<ParkedItem> FORMAT = ArtefactFormat.of("parked-item", ParkedItem.class);

  /** The sorts of parked items; the id is the suffix of the item's id ("news-source"). */
  public enum Kind {
    SOURCE, ANALYSIS, DELIVERY;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ParkedItem {
    if (kind == null || name == null || name.isBlank()) {
      throw new IllegalArgumentException("a parked item needs its kind and name, was " + kind + " '" + name + "'");
    }
  }

  /**
   * The item's id, "&lt;name&gt;-&lt;kind&gt;" ("news-source", "sentiment-analysis", "email-delivery"): its artefact name
   * and the {@code item} field of the parked-items API, as before the record was typed.
   */
  @JsonProperty("item")
  public String item() {
    return name + "-" + kind.id();
  }

  /**
   * Reads a stored item. Items parked before the record was typed have only their id ({@code item}); it is split
   * here, once, into kind and name.
   */
  @JsonCreator
  static ParkedItem read(@JsonProperty("runId") String runId, @JsonProperty("competitorId") String competitorId,
      @JsonProperty("kind") Kind kind, @JsonProperty("name") String name, @JsonProperty("item") String item,
      @JsonProperty("jobType") String jobType, @JsonProperty("elementId") String elementId,
      @JsonProperty("lastError") String lastError, @JsonProperty("parkedAt") Instant parkedAt) {
    if (kind == null && item != null && item.lastIndexOf('-') > 0) {
      int dash = item.lastIndexOf('-');
      kind = Kind.valueOf(item.substring(dash + 1).toUpperCase(Locale.ROOT));
      name = item.substring(0, dash);
    }
    return new ParkedItem(runId, competitorId, kind, name, jobType, elementId, lastError, parkedAt);
  }
}
