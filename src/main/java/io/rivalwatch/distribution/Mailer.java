package io.rivalwatch.distribution;

import java.util.List;

/** Sends e-mail. Locally and in production over SMTP; an adapter hides the mail library. */
public interface Mailer {

  /**
   * @param html the HTML alternative, or null for a plain-text message
   * @throws io.rivalwatch.failure.OutsideServiceException when the message could not be handed to the mail server
   */
  void send(List<String> to, String subject, String text, String html);
}
