package io.rivalwatch.distribution;

import io.rivalwatch.artefact.ArtefactFormat;
import java.time.Instant;

/**
 * An entry of the delivery ledger (see {@link DeliveryLedger}): what one channel did for one recipient and run, or
 * where one attempt at it stands.
 *
 * @param status the words the run record shows, e.g. "sent to dana@example.com", "posted"
 * @param outcome null in entries written before outcomes were recorded: read as {@link Outcome#DELIVERED}
 */
public record Delivery(String channel, String status, Instant deliveredAt, Outcome outcome) {
  static final ArtefactFormat<Delivery> FORMAT = ArtefactFormat.of("delivery", Delivery.class);

  /** What an entry says happened. */
  public enum Outcome {
    /** Sent once, and recorded. */
    DELIVERED,
    /**
     * Sent again because an earlier attempt stopped between sending and recording (its message may have gone out
     * too): an e-mail with the same Message-ID.
     */
    DELIVERED_AGAIN,
    /** An earlier attempt stopped between sending and recording, and the channel does not send again: check it. */
    UNKNOWN,
    /** An attempt's write-ahead entry: about to send. */
    SENDING,
    /** An attempt whose send the service refused: nothing went out, the next attempt may send. */
    FAILED
  }

  public Delivery(String channel, String status, Instant deliveredAt) {
    this(channel, status, deliveredAt, Outcome.DELIVERED);
  }

  /** The outcome, entries of older versions read as delivered. */
  public Outcome outcomeOrDelivered() {
    return outcome == null ? Outcome.DELIVERED : outcome;
  }
}
