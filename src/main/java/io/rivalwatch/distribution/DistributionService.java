package io.rivalwatch.distribution;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.artefact.MissingArtefactException;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.CompetitorResults;
import io.rivalwatch.artefact.ArtefactKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/**
 * Delivers an approved report by e-mail and Slack. Each channel keeps a write-ahead ledger per run and recipient
 * ({@link DeliveryLedger}), so it delivers once however often its job runs, and its status says what went out.
 */
@Service
public class DistributionService {


  private final PlanningService planning;
  private final CompetitorResults results;
  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final MailOncePerRecipient mail;
  private final ChatWebhook chat;
  private final AuditTrail audit;
  private final DeliveryLedger ledger;

  DistributionService(PlanningService planning, CompetitorResults results, ArtefactStore store,
      ArtefactJson artefacts, MailOncePerRecipient mail, ChatWebhook chat, AuditTrail audit, DeliveryLedger ledger) {
    this.audit = audit;
    this.planning = planning;
    this.results = results;
    this.store = store;
    this.artefacts = artefacts;
    this.mail = mail;
    this.chat = chat;
    this.ledger = ledger;
  }

  /**
   * @throws io.rivalwatch.failure.OutsideServiceException when the mail server does not take the message
   */
  public String email(String runId, int revision, String reportUrl) {
    List<String> recipients = planning.configuration(runId).settings().emailRecipients();
    if (recipients.isEmpty()) {
      return "skipped: the run configuration names no emailRecipients";
    }
    String html = read(ArtefactKeys.reportHtml(runId, revision));
    String markdown = read(ArtefactKeys.reportMarkdown(runId, revision));
    // the report was written before its approval: the message says who approved it (the run record keeps it too)
    String approval = approval(runId).map(line -> line + "\n").orElse("");
    MailOncePerRecipient.Sent sent = mail.send(recipients, id -> ArtefactKeys.emailDelivery(runId, id), subject(runId),
        "Open the report: " + reportUrl + "\n" + approval + "\n" + markdown,
        approval.isEmpty() ? html : html.replaceFirst("<body>\n",
            java.util.regex.Matcher.quoteReplacement("<body>\n<p><em>" + HtmlUtils.htmlEscape(approval.strip())
                + "</em></p>\n")),
        runId + ".");
    return sent.describe();
  }

  /**
   * Posts who was analysed and who was not covered, from the competitors' results in the store: the same post
   * whether the delivery job sends it or a retry of the parked delivery does later.
   *
   * @throws io.rivalwatch.failure.OutsideServiceException when Slack does not accept the message
   */
  public String slack(String runId, String reportUrl) {
    var done = artefacts.read(ArtefactKeys.slackDelivery(runId), Delivery.class);
    if (done.isPresent()) {
      return done.get().status();
    }
    if (!chat.isConfigured()) {
      return "skipped: no Slack webhook configured (rivalwatch.slack.webhook-url)";
    }
    // a webhook post has no idempotency key: after an attempt that stopped between posting and recording, a second
    // post could duplicate it in front of everyone, so the ledger records "unknown" instead (ADR 0017)
    String text = slackText(planning.configuration(runId), reportUrl, results.of(runId));
    return ledger.once(ArtefactKeys.slackDelivery(runId), "slack", "posted",
        DeliveryLedger.WhenInterrupted.DO_NOT_SEND, () -> chat.post(text)).entry().status();
  }

  static String slackText(RunConfiguration configuration, String reportUrl, List<CompetitorResult> results) {
    Map<String, CompetitorResult> byId =
        results.stream().collect(Collectors.toMap(CompetitorResult::competitorId, Function.identity(), (a, b) -> a));
    List<String> analysed = configuration.competitors().stream()
        .filter(c -> byId.containsKey(c.id()) && byId.get(c.id()).analysed())
        .map(CompetitorProfile::name).toList();
    List<String> skipped = configuration.competitors().stream()
        .filter(c -> !analysed.contains(c.name())).map(CompetitorProfile::name).toList();
    StringBuilder text = new StringBuilder("*Competitive intelligence report approved* <")
        .append(reportUrl).append("|open the report>\n");
    text.append("Analysed: ").append(slackEscape(String.join(", ", analysed))).append('\n');
    if (!skipped.isEmpty()) {
      text.append("Not covered: ").append(slackEscape(String.join(", ", skipped))).append('\n');
    }
    return text.toString();
  }

  /**
   * Slack's own escaping for text it did not write: &, < and > are its control characters, so a name such as
   * "<!channel>" or "<https://evil.example|label>" is shown as written instead of pinging a channel or linking.
   */
  static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** "Approved by dana at 2026-12-06 09:00:01 UTC (report revision 2)." from the run's last review decision. */
  private java.util.Optional<String> approval(String runId) {
    List<AuditEntry> decisions = audit.entries(runId).stream()
        .filter(e -> e.action() == AuditAction.REVIEW_DECIDED).toList();
    if (decisions.isEmpty() || !"approve".equals(decisions.getLast().details().get(AuditEntry.DECISION))) {
      return java.util.Optional.empty();
    }
    String line = decisions.getLast().describe();
    return java.util.Optional.of(Character.toUpperCase(line.charAt(0)) + line.substring(1) + ".");
  }

  private String read(ArtefactKey key) {
    return store.read(key).map(b -> new String(b, StandardCharsets.UTF_8))
        .orElseThrow(() -> new MissingArtefactException("artefact " + key + " does not exist"));
  }

  private static String subject(String runId) {
    return "Competitive intelligence report (" + runId + ")";
  }
}
