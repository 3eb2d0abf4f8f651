package io.rivalwatch.adapters.mail;

import io.rivalwatch.distribution.Mailer;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.resilience.OutsideServices;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/** E-mail over SMTP with Spring's JavaMailSender (configured by the spring.mail.* properties). */
@Component
public class SmtpMailer implements Mailer {

  static final String SERVICE = "smtp";

  private final JavaMailSender sender;
  private final String from;
  private final OutsideServices services;

  public SmtpMailer(JavaMailSender sender, @Value("${rivalwatch.mail.from:rivalwatch@localhost}") String from,
      OutsideServices services) {
    this.sender = sender;
    this.from = from;
    this.services = services;
  }

  /** Sends through the "smtp" circuit breaker: while it is open, fails at once with CIRCUIT_OPEN. */
  @Override
  public void send(List<String> to, String subject, String text, String html, String messageId) {
    services.run(SERVICE, () -> sendNow(to, subject, text, html, messageId));
  }

  private void sendNow(List<String> to, String subject, String text, String html, String messageId) {
    try {
      MimeMessage message = messageId == null ? sender.createMimeMessage() : withMessageId(messageId);
      MimeMessageHelper helper = new MimeMessageHelper(message, html != null, "UTF-8");
      helper.setFrom(from);
      helper.setTo(to.toArray(String[]::new));
      helper.setSubject(subject);
      if (html == null) {
        helper.setText(text, false);
      } else {
        helper.setText(text, html);
      }
      sender.send(message);
    } catch (MessagingException | MailParseException | MailPreparationException e) {
      throw new OutsideServiceException(SERVICE, Kind.FATAL, "the e-mail could not be built: " + e.getMessage(), e);
    } catch (MailAuthenticationException e) {
      throw new OutsideServiceException(SERVICE, Kind.FATAL,
          "the SMTP server refused the credentials. Fix: check spring.mail.username and spring.mail.password", e);
    } catch (MailException e) {
      // connection refused, timeouts, temporary server errors: the server may be back later
      throw new OutsideServiceException(SERVICE, Kind.TRANSIENT,
          "the SMTP server did not take the message: " + rootMessage(e), e);
    }
  }

  /** JavaMail replaces Message-ID when the message is saved; this message keeps the one given. */
  private static MimeMessage withMessageId(String messageId) {
    return new MimeMessage((jakarta.mail.Session) null) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", "<" + messageId + ">");
      }
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
