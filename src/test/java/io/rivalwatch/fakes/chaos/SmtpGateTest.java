package io.rivalwatch.fakes.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.rivalwatch.adapters.mail.SmtpMailer;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.chaos.FaultPlan.Injection;
import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The SMTP gate refuses connections as asked; JavaMailSender fails those sends, and SmtpMailer calls them TRANSIENT. */
class SmtpGateTest {

  private GreenMail mail;
  private SmtpGate gate;
  private JavaMailSenderImpl sender;

  @BeforeEach
  void start() {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    gate = SmtpGate.start("127.0.0.1", mail.getSmtp().getPort());
    sender = new JavaMailSenderImpl();
    sender.setHost(gate.host());
    sender.setPort(gate.port());
    Properties timeouts = new Properties();
    timeouts.put("mail.smtp.connectiontimeout", "5000");
    timeouts.put("mail.smtp.timeout", "5000");
    sender.setJavaMailProperties(timeouts);
  }

  @AfterEach
  void stop() {
    gate.close();
    mail.stop();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = FaultKind.class, names = {"SMTP_SERVICE_NOT_AVAILABLE", "CONNECTION_CLOSED"})
  void refusesTheFirstTwoSendsAndLetsTheThirdThroughToGreenMail(FaultKind refusal) {
    gate.refuseWith(refusal).refuseNext(2);

    for (int send = 1; send <= 2; send++) {
      assertThatThrownBy(() -> sender.send(message("attempt")))
          .isInstanceOf(MailSendException.class)
          .hasMessageContaining("Mail server connection failed");
    }
    sender.send(message("third time lucky"));

    assertThat(mail.getReceivedMessages()).singleElement()
        .satisfies(m -> assertThat(m.getSubject()).isEqualTo("third time lucky"));
    assertThat(gate.attempts()).isEqualTo(3);
    assertThat(gate.refused()).isEqualTo(2);
    assertThat(gate.forwarded()).isEqualTo(1);
  }

  @Test
  void theProductsMailerClassifiesARefusalAsTransient() {
    SmtpMailer mailer = new SmtpMailer(sender, "rivalwatch@rivalwatch.local",
        io.rivalwatch.resilience.OutsideServices.standalone());
    gate.refuseNext(1);

    assertThatThrownBy(() -> mailer.send(List.of("team@rivalwatch.local"), "Nightly report", "text", null, null))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
          assertThat(e.service()).isEqualTo("smtp");
          assertThat(e.getCause()).isInstanceOf(MailSendException.class);
        });
    mailer.send(List.of("team@rivalwatch.local"), "Nightly report", "text", "<p>html</p>", "run-1.x@rivalwatch");

    assertThat(mail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void forcedRefusalsGoInThePlansLedgerAndThePlanRefusesWithinItsCap() {
    FaultPlan plan = FaultPlan.seeded(5).rate(Service.SMTP, 1.0);
    gate.faults(plan).refuseNext(1);

    List<Boolean> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      try {
        sender.send(message("send " + i));
        sent.add(true);
      } catch (MailSendException e) {
        sent.add(false);
      }
    }

    // refused, refused (drawn: the forced one counts in the streak), through, refused, refused, through
    assertThat(sent).containsExactly(false, false, true, false, false, true);
    assertThat(plan.ledger()).extracting(Injection::forced).containsExactly(true, false, false, false);
    assertThat(plan.ledger()).allSatisfy(i -> {
      assertThat(i.service()).isEqualTo(Service.SMTP);
      assertThat(i.operation()).isEqualTo("connect");
    });
    assertThat(gate.refused()).isEqualTo(4);
    assertThat(mail.getReceivedMessages()).hasSize(2);
  }

  @Test
  void withNothingAskedTheGateForwardsEverything() {
    for (int i = 0; i < 3; i++) {
      sender.send(message("plain " + i));
    }

    assertThat(mail.getReceivedMessages()).hasSize(3);
    assertThat(gate.refused()).isZero();
    assertThat(gate.attempts()).isEqualTo(3);
    assertThat(gate.properties()).containsEntry("spring.mail.port", gate.port());
  }

  private static SimpleMailMessage message(String subject) {
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom("rivalwatch@rivalwatch.local");
    message.setTo("team@rivalwatch.local");
    message.setSubject(subject);
    message.setText("body");
    return message;
  }
}
