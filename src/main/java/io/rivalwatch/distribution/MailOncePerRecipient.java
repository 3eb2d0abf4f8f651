package io.rivalwatch.distribution;

import io.rivalwatch.artefact.ArtefactKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Sends one message to each recipient at most once, through the write-ahead {@link DeliveryLedger}: a repeated job
 * (retry after a partial failure, crash, timeout) sends only to those not reached yet. When an earlier attempt stopped
 * between sending and recording, the message is sent again with the same Message-ID (mail systems that deduplicate
 * show one) and the entry says so.
 */
@Component
public class MailOncePerRecipient {

  /**
   * What one call did for its recipients.
   *
   * @param sentNow messages this call sent or recorded (a send of an earlier attempt of this worker whose entry the
   *     store refused is recorded now): the ones to count
   * @param sentAgain recipients whose message went out a second time after an interrupted attempt, now or earlier
   * @param unknown recipients whose message may or may not have gone out (never for e-mail, kept for completeness)
   */
  public record Sent(int recipients, int sentNow, int sentAgain, int unknown) {

    /** "sent to 2 recipients", with what went out twice. */
    public String describe() {
      String text = "sent to " + recipients + (recipients == 1 ? " recipient" : " recipients");
      if (sentAgain > 0) {
        text += " (" + sentAgain + (sentAgain == 1 ? " message" : " messages") + " sent a second time after an"
            + " attempt stopped between sending and recording; same Message-ID)";
      }
      return text;
    }
  }

  private final DeliveryLedger ledger;
  private final Mailer mailer;

  MailOncePerRecipient(DeliveryLedger ledger, Mailer mailer) {
    this.ledger = ledger;
    this.mailer = mailer;
  }

  /**
   * @param ledger where the entry of a recipient goes, from the recipient's id (a name-based UUID of the address:
   *     no address in a key)
   * @param messageIdPrefix the start of each message's id; the recipient's id and "@rivalwatch" follow
   * @throws io.rivalwatch.failure.OutsideServiceException when the mail server does not take a message, or the
   *     ledger cannot be written (a retry sends only what was not recorded)
   */
  public Sent send(List<String> recipients, Function<String, ArtefactKey> ledger, String subject, String text,
      String html, String messageIdPrefix) {
    int sentNow = 0;
    int again = 0;
    int unknown = 0;
    for (String recipient : recipients) {
      String id = recipientId(recipient);
      DeliveryLedger.Result result = this.ledger.once(ledger.apply(id), "email", "sent to " + recipient,
          DeliveryLedger.WhenInterrupted.SEND_AGAIN,
          () -> mailer.send(List.of(recipient), subject, text, html, messageIdPrefix + id + "@rivalwatch"));
      if (result.sentNow()) {
        sentNow++;
      }
      switch (result.entry().outcomeOrDelivered()) {
        case DELIVERED_AGAIN -> again++;
        case UNKNOWN -> unknown++;
        default -> { }
      }
    }
    return new Sent(recipients.size(), sentNow, again, unknown);
  }

  private static String recipientId(String recipient) {
    return UUID.nameUUIDFromBytes(recipient.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
