package io.rivalwatch.distribution;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.adapters.mail.SmtpMailer;
import io.rivalwatch.adapters.slack.SlackWebhook;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.testsupport.ForwardingArtefactStore;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The write-ahead delivery ledger on the local file store, with the real SMTP and Slack adapters against GreenMail
 * and a WireMock webhook: a ledger write that fails after a successful send never causes a second message; a worker
 * that died in between leaves the decision to each channel's rule (ADR 0017).
 */
class DeliveredOnceTest {

  private static final String RUN = "run-once-1";
  private static final String TO = "analysts@example.com";
  /** The recipient's ledger entry (not its attempts' entries). */
  private static final String EMAIL_ENTRY = "email-[0-9a-f-]+\\.json";

  @TempDir Path directory;

  private GreenMail mail;
  private WireMockServer slackServer;
  private FailingWrites store;
  private ArtefactJson artefacts;
  private SmtpMailer mailer;
  private SlackWebhook slack;

  @BeforeEach
  void start() {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(mail.getSmtp().getPort());
    Properties timeouts = new Properties();
    timeouts.put("mail.smtp.connectiontimeout", "5000");
    timeouts.put("mail.smtp.timeout", "5000");
    sender.setJavaMailProperties(timeouts);
    mailer = new SmtpMailer(sender, "rivalwatch@example.com", OutsideServices.standalone());

    slackServer = new WireMockServer(options().dynamicPort());
    slackServer.start();
    slackServer.stubFor(post("/hook").willReturn(aResponse().withStatus(200).withBody("ok")));
    slack = new SlackWebhook(slackServer.baseUrl() + "/hook", OutsideServices.standalone());

    store = new FailingWrites(new FileArtefactStore(directory));
    artefacts = new ArtefactJson(store);
  }

  @AfterEach
  void stop() {
    mail.stop();
    slackServer.stop();
  }

  @Test
  void anEmailWhoseLedgerEntryFailsToBeWritten_isRecordedByTheRetryAndNotSentAgain() {
    MailOncePerRecipient once = new MailOncePerRecipient(new DeliveryLedger(artefacts, Clock.systemUTC()), mailer);
    store.failNextWriteOf(EMAIL_ENTRY);

    assertThatThrownBy(() -> sendReport(once)).isInstanceOf(OutsideServiceException.class);
    assertThat(mail.getReceivedMessages()).hasSize(1);

    // the job's retry on the same worker
    MailOncePerRecipient.Sent sent = sendReport(once);
    assertThat(mail.getReceivedMessages()).hasSize(1);
    assertThat(sent.sentNow()).as("the send is counted when it is recorded").isEqualTo(1);
    assertThat(sent.describe()).isEqualTo("sent to 1 recipient");
    // and any later repeat finds the entry
    assertThat(sendReport(once).sentNow()).isZero();
    assertThat(mail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aSlackPostWhoseLedgerEntryFailsToBeWritten_isRecordedByTheRetryAndNotPostedAgain() {
    DeliveryLedger ledger = new DeliveryLedger(artefacts, Clock.systemUTC());
    store.failNextWriteOf("slack\\.json");

    assertThatThrownBy(() -> postReport(ledger)).isInstanceOf(OutsideServiceException.class);
    assertThat(postReport(ledger).status()).isEqualTo("posted");
    assertThat(slackServer.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(1);
  }

  @Test
  void aWorkerDeadBetweenSendingAndRecording_theNextOneSendsTheEmailAgainWithTheSameMessageIdAndSaysSo()
      throws Exception {
    store.failNextWriteOf(EMAIL_ENTRY);
    MailOncePerRecipient dying = new MailOncePerRecipient(new DeliveryLedger(artefacts, Clock.systemUTC()), mailer);
    assertThatThrownBy(() -> sendReport(dying)).isInstanceOf(OutsideServiceException.class);

    // a fresh worker knows nothing of the first one's send: only the write-ahead entry is there
    MailOncePerRecipient fresh = new MailOncePerRecipient(new DeliveryLedger(artefacts, Clock.systemUTC()), mailer);
    MailOncePerRecipient.Sent sent = sendReport(fresh);

    MimeMessage[] received = mail.getReceivedMessages();
    assertThat(received).hasSize(2);
    assertThat(received[1].getMessageID()).isEqualTo(received[0].getMessageID()).startsWith("<" + RUN + ".");
    assertThat(sent.sentAgain()).isEqualTo(1);
    assertThat(sent.describe()).isEqualTo("sent to 1 recipient (1 message sent a second time after an attempt"
        + " stopped between sending and recording; same Message-ID)");
    // a later repeat reports the same, and sends nothing
    assertThat(sendReport(fresh).describe()).isEqualTo(sent.describe());
    assertThat(mail.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aWorkerDeadBetweenPostingAndRecording_theNextOneDoesNotPostAgainAndRecordsThatTheOutcomeIsUnknown() {
    store.failNextWriteOf("slack\\.json");
    assertThatThrownBy(() -> postReport(new DeliveryLedger(artefacts, Clock.systemUTC())))
        .isInstanceOf(OutsideServiceException.class);

    Delivery entry = postReport(new DeliveryLedger(artefacts, Clock.systemUTC()));

    assertThat(slackServer.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(1);
    assertThat(entry.outcome()).isEqualTo(Delivery.Outcome.UNKNOWN);
    assertThat(entry.status()).startsWith("unknown: ").contains("check the channel");
    assertThat(artefacts.require(ArtefactKeys.slackDelivery(RUN), Delivery.class)).isEqualTo(entry);
  }

  @Test
  void aPostTheServiceRefused_isMarkedFailedAndPostedByTheNextWorker() {
    slackServer.stubFor(post("/hook").atPriority(1).willReturn(aResponse().withStatus(503).withBody("down")));
    assertThatThrownBy(() -> postReport(new DeliveryLedger(artefacts, Clock.systemUTC())))
        .isInstanceOf(OutsideServiceException.class).hasMessageContaining("503");
    slackServer.resetMappings();
    slackServer.stubFor(post("/hook").willReturn(aResponse().withStatus(200).withBody("ok")));

    // another worker: it learns from the store, not from memory, that nothing went out
    Delivery entry = postReport(new DeliveryLedger(artefacts, Clock.systemUTC()));

    assertThat(entry.status()).isEqualTo("posted");
    assertThat(slackServer.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(2);
    ArtefactKey slackEntry = ArtefactKeys.slackDelivery(RUN);
    assertThat(artefacts.read(ArtefactKeys.deliveryAttemptFailed(slackEntry, 1), Delivery.class))
        .hasValueSatisfying(failed -> assertThat(failed.status()).contains("503"));
    assertThat(store.exists(ArtefactKeys.deliveryAttempt(slackEntry, 2))).isTrue();
  }

  @Test
  void aRefusedSendWhoseFailedMarkIsNotWritten_isStillSentAgainByTheSameWorker() {
    slackServer.stubFor(post("/hook").atPriority(1).willReturn(aResponse().withStatus(500).withBody("oops")));
    DeliveryLedger ledger = new DeliveryLedger(artefacts, Clock.systemUTC());
    store.failNextWriteOf(".*\\.failed\\.json");
    assertThatThrownBy(() -> postReport(ledger)).isInstanceOf(OutsideServiceException.class);
    slackServer.resetMappings();
    slackServer.stubFor(post("/hook").willReturn(aResponse().withStatus(200).withBody("ok")));

    assertThat(postReport(ledger).status()).isEqualTo("posted");
  }

  private MailOncePerRecipient.Sent sendReport(MailOncePerRecipient once) {
    return once.send(List.of(TO), id -> ArtefactKeys.emailDelivery(RUN, id), "Report", "The report.", null,
        RUN + ".");
  }

  /** What DistributionService#slack does with the ledger. */
  private Delivery postReport(DeliveryLedger ledger) {
    return ledger.once(ArtefactKeys.slackDelivery(RUN), "slack", "posted",
        DeliveryLedger.WhenInterrupted.DO_NOT_SEND, () -> slack.post("*Report approved*")).entry();
  }

  /** The local file store, with the next create of a chosen key refused as a flaky store would. */
  private static final class FailingWrites extends ForwardingArtefactStore {

    private final Set<String> failNext = ConcurrentHashMap.newKeySet();

    FailingWrites(ArtefactStore store) {
      super(store);
    }

    /** The next create of an artefact whose name matches the pattern fails. */
    void failNextWriteOf(String namePattern) {
      failNext.add(namePattern);
    }

    @Override
    public boolean createIfAbsent(ArtefactKey key, byte[] content, String contentType) {
      for (String pattern : failNext) {
        if (key.name().matches(pattern) && failNext.remove(pattern)) {
          throw new OutsideServiceException("file", OutsideServiceException.Kind.TRANSIENT,
              "injected: the store refused " + key, null);
        }
      }
      return super.createIfAbsent(key, content, contentType);
    }
  }
}
