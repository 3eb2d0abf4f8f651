package io.rivalwatch.fakes.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.fakes.chaos.FaultPlan.Service;
import io.rivalwatch.testsupport.ChaosEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** One plan on every shared fake at once, mail through the gate, and nothing faulted once cleared. */
class ChaosEnvironmentTest {

  private final ChaosEnvironment chaos = ChaosEnvironment.shared();

  @AfterEach
  void clear() {
    chaos.clearFaults();
  }

  @Test
  void installsOnePlanOnEveryFakeAndClearsIt() {
    FaultPlan plan = chaos.install(42, Map.of(Service.BEDROCK, 0.3, Service.S3, 0.1, Service.AGENTCORE, 0.1));

    assertThat(plan.seed()).isEqualTo(42);
    assertThat(plan.rate(Service.BEDROCK)).isEqualTo(0.3);
    assertThat(plan.rate(Service.WEB)).isZero();
    assertThat(chaos.plan()).isSameAs(plan);
    assertThat(chaos.local().site().faults()).isSameAs(plan);
    assertThat(chaos.cloud().bedrock().faults()).isSameAs(plan);
    assertThat(chaos.cloud().agentCore().faults()).isSameAs(plan);
    assertThat(chaos.cloud().s3().faults()).isSameAs(plan);
    assertThat(chaos.smtp().faults()).isSameAs(plan);

    chaos.clearFaults();

    assertThat(chaos.plan()).isNull();
    assertThat(chaos.local().site().faults()).isNull();
    assertThat(chaos.cloud().bedrock().faults()).isNull();
    assertThat(chaos.cloud().agentCore().faults()).isNull();
    assertThat(chaos.cloud().s3().faults()).isNull();
    assertThat(chaos.smtp().faults()).isNull();
  }

  @Test
  void pointsMailAtTheGateWhichForwardsToGreenMail() {
    Map<String, Object> properties = chaos.localProperties(Path.of("target", "chaos-data"));

    assertThat(properties).containsEntry("spring.mail.port", chaos.smtp().port())
        .containsEntry("spring.mail.host", chaos.smtp().host())
        .containsEntry("rivalwatch.sample-site", chaos.local().site().baseUrl());
    assertThat(chaos.smtp().port()).isNotEqualTo(chaos.local().mail().getSmtp().getPort());
    assertThat(chaos.cloudProperties(Path.of("target", "chaos-data")))
        .containsEntry("spring.mail.port", chaos.smtp().port())
        .containsEntry("rivalwatch.bedrock.endpoint", chaos.cloud().bedrock().baseUrl());

    chaos.install(FaultPlan.seeded(7)).rate(Service.SMTP, 1.0);
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost(chaos.smtp().host());
    sender.setPort(chaos.smtp().port());
    int before = chaos.local().mail().getReceivedMessages().length;
    int failures = 0;
    for (int i = 0; i < 3; i++) {
      try {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("rivalwatch@rivalwatch.local");
        message.setTo("operators@rivalwatch.local");
        message.setSubject("chaos " + i);
        message.setText("body");
        sender.send(message);
      } catch (org.springframework.mail.MailSendException e) {
        failures++;
      }
    }

    assertThat(failures).isEqualTo(2);
    assertThat(chaos.local().mail().getReceivedMessages()).hasSize(before + 1);
    assertThat(chaos.plan().count(Service.SMTP)).isEqualTo(2);
  }

  @Test
  void aPlanReachesTheSharedFakesAndClearingItRestoresThem() throws Exception {
    chaos.install(FaultPlan.seeded(9).rate(Service.WEB, 1.0));
    HttpClient http = HttpClient.newHttpClient();
    URI page = URI.create(chaos.local().site().baseUrl() + "/globex/");

    assertThat(http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(503);
    chaos.clearFaults();
    assertThat(http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(200);
  }
}
