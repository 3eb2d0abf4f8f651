package io.rivalwatch.distribution;

import java.util.List;

/** Sends e-mail. Locally and in production over SMTP; an adapter hides the mail library. */
public interface Mailer {

  /**
   * @param html the HTML alternative, or null for a plain-text message
   * @param messageId a stable Message-ID (without angle brackets) so a message sent again after a crash can be
   *     recognised as the same one by mail systems, or null to let the mail library make one
   * @throws io.rivalwatch.failure.OutsideServiceException when the message could not be handed to the mail server
   */
  void send(List<String> to, String subject, String text, String html, String messageId);
}
