package io.rivalwatch.adapters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.mail.SmtpMailer;
import io.rivalwatch.adapters.slack.SlackWebhook;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The delivery channels have their breakers: "smtp" and "slack". */
class BreakerDeliveryTest {

  private final OutsideServices services = new OutsideServices(new ResilienceProperties(null, null,
      new ResilienceProperties.Breaker(5, Duration.ofSeconds(60)), null), new SimpleMeterRegistry());

  @Test
  void aSlackWebhookFailingFiveTimesIsNotPostedToWhileOpen() {
    WireMockServer slack = new WireMockServer(options().dynamicPort().http2PlainDisabled(true));
    slack.start();
    try {
      slack.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(503).withBody("busy")));
      SlackWebhook webhook = new SlackWebhook(slack.baseUrl() + "/hook", services);
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(() -> webhook.post("report ready")).isInstanceOfSatisfying(OutsideServiceException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
      }

      assertThatThrownBy(() -> webhook.post("report ready")).isInstanceOfSatisfying(OutsideServiceException.class,
          e -> {
            assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
            assertThat(e.service()).isEqualTo("slack");
          });
      assertThat(slack.findAll(postRequestedFor(urlPathEqualTo("/hook")))).hasSize(5);
    } finally {
      slack.stop();
    }
  }

  @Test
  void anUnreachableSmtpServerOpensTheSmtpBreaker() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(closedPort);
    SmtpMailer mailer = new SmtpMailer(sender, "rivalwatch@localhost", services);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> mailer.send(List.of("analysts@example.com"), "Report", "text", null, null))
          .isInstanceOfSatisfying(OutsideServiceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }

    assertThatThrownBy(() -> mailer.send(List.of("analysts@example.com"), "Report", "text", null, null))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
          assertThat(e.service()).isEqualTo("smtp");
        });
    assertThat(services.state("smtp").orElseThrow().failedCalls()).isEqualTo(5);
  }
}
