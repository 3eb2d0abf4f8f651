package io.rivalwatch.distribution;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Sends one message to each recipient at most once: one message and one ledger entry per recipient, so a repeated
 * job (retry after a partial failure, crash, timeout) sends only to those not reached yet.
 */
@Component
public class MailOncePerRecipient {

  private final ArtefactJson artefacts;
  private final Mailer mailer;
  private final Clock clock;

  public MailOncePerRecipient(ArtefactJson artefacts, Mailer mailer, Clock clock) {
    this.artefacts = artefacts;
    this.mailer = mailer;
    this.clock = clock;
  }

  /**
   * @param ledger where the entry of a recipient goes, from the recipient's id (a name-based UUID of the address:
   *     no address in a key)
   * @param messageIdPrefix the start of each message's id; the recipient's id and "@rivalwatch" follow
   * @return how many messages were sent by this call
   * @throws io.rivalwatch.failure.OutsideServiceException when the mail server does not take a message
   */
  public int send(List<String> recipients, Function<String, ArtefactKey> ledger, String subject, String text,
      String html, String messageIdPrefix) {
    int sent = 0;
    for (String recipient : recipients) {
      String id = recipientId(recipient);
      ArtefactKey key = ledger.apply(id);
      if (artefacts.read(key, Delivery.class).isEmpty()) {
        mailer.send(List.of(recipient), subject, text, html, messageIdPrefix + id + "@rivalwatch");
        artefacts.createIfAbsent(key, new Delivery("email", "sent to " + recipient, clock.instant()));
        sent++;
      }
    }
    return sent;
  }

  private static String recipientId(String recipient) {
    return UUID.nameUUIDFromBytes(recipient.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
