package io.rivalwatch.distribution;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.distribution.Delivery.Outcome;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one message at most once per channel, recipient and run, with a write-ahead ledger in the artefact store
 * (ADR 0017). Per attempt, in this order: an "about to send" entry with a stable key (create-if-absent; a second
 * worker cannot take the same attempt), the send, then the delivery's own entry. A send the service refused leaves
 * a "failed" mark, so the next attempt sends. A retried job that finds an attempt with neither mark nor entry knows
 * that attempt stopped between sending and recording (the crash window), and the channel's rule decides.
 *
 * <p>A send whose entry the store refused is remembered in this worker: the job's retry writes the entry and sends
 * nothing. Only a worker that dies inside the window (at most one send's timeout plus one store write) leaves the
 * decision to the rule.
 */
@Component
class DeliveryLedger {

  /** What a retried job does when an earlier attempt stopped between sending and recording. */
  enum WhenInterrupted {
    /** Send again and say so (e-mail: the same Message-ID, which mail systems recognise as the same message). */
    SEND_AGAIN,
    /** Do not send: record that the outcome is unknown and the channel should be checked (Slack: no dedup). */
    DO_NOT_SEND
  }

  /**
   * @param entry the delivery's entry as stored: this call's, or an earlier attempt's
   * @param sentNow true when this call sent the message, or recorded a send of this worker that the store had
   *     refused to record: a send to count
   */
  record Result(Delivery entry, boolean sentNow) {}

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);

  private final ArtefactJson artefacts;
  private final Clock clock;
  /** Sends of this worker whose entry the store refused: the job's retry records them without sending again. */
  private final Map<ArtefactKey, Delivery> unrecorded = new ConcurrentHashMap<>();
  /** Attempts of this worker whose send failed, in case the store refused their "failed" mark too. */
  private final Set<ArtefactKey> failedHere = ConcurrentHashMap.newKeySet();

  DeliveryLedger(ArtefactJson artefacts, Clock clock) {
    this.artefacts = artefacts;
    this.clock = clock;
  }

  /**
   * Sends unless the ledger says it was sent (or may have been, for {@link WhenInterrupted#DO_NOT_SEND}).
   *
   * @param entry the delivery's ledger entry
   * @param status what the entry says once sent, e.g. "sent to dana@example.com"
   * @param send sends the message; throws when the service did not take it
   * @throws io.rivalwatch.failure.OutsideServiceException when the send or a ledger write fails (a retry is safe)
   */
  Result once(ArtefactKey entry, String channel, String status, WhenInterrupted rule, Runnable send) {
    var recorded = artefacts.read(entry, Delivery.class);
    if (recorded.isPresent()) {
      return new Result(recorded.get(), false);
    }
    Delivery held = unrecorded.get(entry);
    if (held != null) {
      Delivery stored = artefacts.createOrRead(entry, held, Delivery.class);
      unrecorded.remove(entry);
      return new Result(stored, true);
    }
    boolean interrupted = false;
    for (int attempt = 1; ; attempt++) {
      ArtefactKey intent = ArtefactKeys.deliveryAttempt(entry, attempt);
      if (artefacts.createIfAbsent(intent,
          new Delivery(channel, "sending, attempt " + attempt, clock.instant(), Outcome.SENDING))) {
        return send(entry, attempt, channel, status, interrupted, send);
      }
      ArtefactKey failed = ArtefactKeys.deliveryAttemptFailed(entry, attempt);
      if (failedHere.contains(failed) || artefacts.read(failed, Delivery.class).isPresent()) {
        continue;
      }
      // an attempt that neither recorded its message nor failed: it stopped (or is still) between the two
      LOG.warn("{} delivery {}: attempt {} stopped between sending and recording; {}", channel, entry, attempt,
          rule == WhenInterrupted.SEND_AGAIN ? "sending again" : "not sending again");
      if (rule == WhenInterrupted.DO_NOT_SEND) {
        return new Result(artefacts.createOrRead(entry, new Delivery(channel, "unknown: an earlier attempt stopped"
            + " between sending and recording, so it may or may not have gone out; check the channel (not sent"
            + " again, to avoid a duplicate)", clock.instant(), Outcome.UNKNOWN), Delivery.class), false);
      }
      interrupted = true;
    }
  }

  private Result send(ArtefactKey entry, int attempt, String channel, String status, boolean again,
      Runnable send) {
    try {
      send.run();
    } catch (RuntimeException e) {
      ArtefactKey failed = ArtefactKeys.deliveryAttemptFailed(entry, attempt);
      failedHere.add(failed);
      try {
        artefacts.createIfAbsent(failed, new Delivery(channel, "failed: " + e.getMessage(), clock.instant(),
            Outcome.FAILED));
      } catch (RuntimeException markNotWritten) {
        // this worker remembers it; a worker that never saw it reads the attempt as interrupted
        LOG.warn("{} delivery {}: the failed mark of attempt {} was not written ({})", channel, entry, attempt,
            markNotWritten.getMessage());
      }
      throw e;
    }
    Delivery delivered = again
        ? new Delivery(channel, status + " (sent again: an earlier attempt stopped between sending and recording,"
            + " so this may be a second copy)", clock.instant(), Outcome.DELIVERED_AGAIN)
        : new Delivery(channel, status, clock.instant(), Outcome.DELIVERED);
    unrecorded.put(entry, delivered);
    Delivery stored = artefacts.createOrRead(entry, delivered, Delivery.class);
    unrecorded.remove(entry);
    return new Result(stored, true);
  }
}
