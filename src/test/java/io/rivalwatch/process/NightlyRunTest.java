package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.rivalwatch.distribution.DistributionService;
import jakarta.mail.MessagingException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The workflow's paths with the local adapters: file artefacts, Lucene memory, the offline analyser. */
class NightlyRunTest extends NightlyRunScenarios {

  @Autowired private DistributionService distribution;

  @Override
  protected String expectedProducer() {
    return "offline analyser (no language model)";
  }

  @Override
  protected long analysisModelCalls() {
    return 0;
  }

  @Override
  protected long expectedModelCalls(int analyses) {
    return 0;
  }

  protected void injectedInstructionsStayedData(String runId, String report) {
    // the offline analyser obeys nothing and quotes nothing addressed to a model; the facts remain. The pages that
    // had such text are listed by address with a note, not by their titles
    assertThat(report.toLowerCase(java.util.Locale.ROOT)).doesNotContain("ignore all previous instructions",
        "ignore previous instructions", "you are now", "system prompt", "untrusted_document", "developer mode",
        "evil.example");
    assertThat(report).contains("contains text addressed to AI systems; not quoted");
    assertThat(report).contains("$1,200 per month");
  }

  @Test
  void deliveriesRepeatedAfterTheyWereDone_sendNoSecondMailAndPostNoSecondSlackMessage() {
    long run = runApproved("acme-only");
    String runId = runId(run);
    Map<String, String> variables = records.rootVariables(run);
    int revision = Integer.parseInt(variables.get("reportRevision"));
    String reportUrl = variables.get("reportUrl").replace("\"", "");
    assertThat(mailsAbout(runId)).hasSize(1);
    assertThat(slackPostsAbout(reportUrl)).hasSize(1);

    // what a delivery job does when the engine hands it out again: its worker crashed after delivering and
    // before completing the job, or the job timed out while the mail server was slow
    assertThat(distribution.email(runId, revision, reportUrl)).isEqualTo("sent to 1 recipient");
    assertThat(distribution.slack(runId, reportUrl)).isEqualTo("posted");

    assertThat(mailsAbout(runId)).as("one e-mail per run and recipient").hasSize(1);
    assertThat(slackPostsAbout(reportUrl)).as("one Slack post per run").hasSize(1);
  }

  private List<String> mailsAbout(String runId) {
    return Arrays.stream(environment.mail().getReceivedMessages()).map(m -> {
      try {
        return m.getSubject();
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).filter(subject -> subject.contains("(" + runId + ")")).toList();
  }

  private List<?> slackPostsAbout(String reportUrl) {
    // the post links the report as <url|open the report>
    return environment.site().wireMock().findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/slack/webhook")))
        .stream().filter(r -> r.getBodyAsString().contains(reportUrl + "|")).toList();
  }
}
