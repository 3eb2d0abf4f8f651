package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.rivalwatch.cost.ModelCallAudit;
import io.rivalwatch.cost.ModelCallAudit.Outcome;
import io.rivalwatch.cost.ModelCallAuditCsv;
import io.rivalwatch.cost.ModelCallAuditLog;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.fakes.BedrockFake.Fault;
import io.rivalwatch.testsupport.CloudFakes;
import io.rivalwatch.testsupport.LocalEnvironment;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every model call audited (issue 17 item 3), with the aws profile against the Bedrock fake: a run whose first call
 * to the large model fails with a 500 (retried) and whose next one finds the model gone (the task moves down to its
 * fallback model) has one entry per call the fake saw, with the fields the audit promises; operators read them
 * through the API, as JSON and as CSV, and viewers are refused. One execution thread makes the calls come one after
 * another, so the two faults meet the first two calls to the large model.
 */
@ActiveProfiles("aws")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ModelCallAuditOnAwsTest extends ProcessTestBase {

  private static final String LARGE = BedrockFake.CLAUDE_SONNET;
  private static final String FALLBACK = BedrockFake.NOVA_LITE;

  static {
    OVERRIDES.put("camunda.client.execution-threads", 1);
    OVERRIDES.put("rivalwatch.concurrency.handler-threads", "pool");
    OVERRIDES.put("rivalwatch.bedrock.fallback.strategy[0]", FALLBACK);
    OVERRIDES.put("rivalwatch.bedrock.fallback.positioning[0]", FALLBACK);
    OVERRIDES.put("rivalwatch.bedrock.fallback.synthesis[0]", FALLBACK);
    OVERRIDES.put("rivalwatch.cost.prices[0].model", LARGE);
    OVERRIDES.put("rivalwatch.cost.prices[0].input-per-million", 3.0);
    OVERRIDES.put("rivalwatch.cost.prices[0].output-per-million", 15.0);
  }

  private final CloudFakes cloud = CloudFakes.shared();
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
  @Autowired ModelCallAuditLog audit;

  @DynamicPropertySource
  static void pointAtCloudFakes(DynamicPropertyRegistry registry) {
    CloudFakes.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  /** Nothing a failed attempt queued (a fault its run did not meet) may meet the next one. */
  @BeforeEach
  void startClean() {
    cloud.clearQueuedBehaviour();
  }

  @Test
  void aRunWithAFailedAndAFallbackCallHasOneEntryPerCallWithEveryField() throws Exception {
    int before = cloud.bedrock().runtimeCalls().size();
    cloud.bedrock().failNext(LARGE, 1, Fault.internalError()).failNext(LARGE, 1, Fault.resourceNotFound());
    long run = runApproved("acme-only");
    String runId = runId(run);
    List<BedrockFake.Call> calls = cloud.bedrock().runtimeCalls().subList(before,
        cloud.bedrock().runtimeCalls().size());
    List<ModelCallAudit> entries = audit.entries(runId);

    // one entry per call the model saw (nothing was refused before sending here), each the exact prompt sent
    assertThat(entries).hasSize(calls.size()).allSatisfy(e -> assertThat(e.outcome()).isNotEqualTo(Outcome.REFUSED));
    assertThat(entries.stream().map(ModelCallAudit::renderedPromptDigest).collect(Collectors.toSet()))
        .isEqualTo(calls.stream().map(ModelCallAuditOnAwsTest::digest).collect(Collectors.toSet()));

    // the failed call: a 500 from the large model, classified
    ModelCallAudit failed = single(entries, e -> "InternalServerException".equals(e.errorClass()));
    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.errorKind()).isEqualTo("TRANSIENT");
    assertThat(failed.modelId()).isEqualTo(LARGE);
    assertThat(failed.costUsd()).isZero();

    // the model gone: the task moved down, and the fallback call says which model it replaced and why
    ModelCallAudit gone = single(entries, e -> "ResourceNotFoundException".equals(e.errorClass()));
    assertThat(gone.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(gone.errorKind()).isEqualTo("FATAL");
    ModelCallAudit fallback = single(entries, e -> e.link() == 1);
    assertThat(fallback.task()).isEqualTo(gone.task());
    assertThat(fallback.modelId()).isEqualTo(FALLBACK);
    assertThat(fallback.replacedModel()).isEqualTo(LARGE);
    assertThat(fallback.fallbackReason()).contains(LARGE).contains("ResourceNotFoundException");
    assertThat(fallback.outcome()).isEqualTo(Outcome.ANSWERED);

    // every entry: the run, its watch list and who started it, what the call was for, the prompt, the numbers
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.callId()).isNotBlank();
      assertThat(e.runId()).isEqualTo(runId);
      assertThat(e.watchList()).isEqualTo("acme-only");
      assertThat(e.startedBy()).isEqualTo(TEST_OPERATOR);
      assertThat(e.phase()).isIn("analysis", "synthesis");
      assertThat(e.competitorId()).isEqualTo(e.phase().equals("analysis") ? "acme" : null);
      assertThat(e.promptId()).startsWith(e.task() + ".v");
      assertThat(e.promptDigest()).matches("[0-9a-f]{12}");
      assertThat(e.renderedPromptDigest()).matches("[0-9a-f]{64}");
      assertThat(e.latencyMs()).isNotNegative();
      assertThat(e.calledAt()).isNotNull();
      if (e.outcome() == Outcome.ANSWERED) {
        assertThat(e.inputTokens()).isPositive();
        assertThat(e.outputTokens()).isPositive();
        assertThat(e.errorClass()).isNull();
        assertThat(e.costUsd()).isEqualTo(e.modelId().equals(LARGE)
            ? (e.inputTokens() * 3.0 + e.outputTokens() * 15.0) / 1_000_000 : 0.0);
      }
    });
    assertThat(entries).extracting(ModelCallAudit::task)
        .contains("sentiment", "strategy", "positioning", "synthesis");

    // operators read them through the API; a viewer is refused
    ResponseEntity<String> asOperator = signedInAs(LocalEnvironment.OPERATOR)
        .getForEntity("/api/runs/" + runId + "/model-calls", String.class);
    assertThat(asOperator.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<ModelCallAudit> served = json.readValue(asOperator.getBody(), new TypeReference<List<ModelCallAudit>>() {});
    assertThat(served).isEqualTo(entries);
    assertThat(signedInAs(LocalEnvironment.VIEWER).getForEntity("/api/runs/" + runId + "/model-calls", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(signedInAs(LocalEnvironment.VIEWER).getForEntity("/api/runs/" + runId + "/model-calls.csv",
        String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(signedInAs(LocalEnvironment.OPERATOR).getForEntity("/api/runs/no-such-run/model-calls", String.class)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    // and as one CSV per run: a header and one row per call, in the same order
    ResponseEntity<byte[]> csv = signedInAs(LocalEnvironment.OPERATOR)
        .getForEntity("/api/runs/" + runId + "/model-calls.csv", byte[].class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getHeaders().getContentDisposition().getFilename()).isEqualTo(runId + "-model-calls.csv");
    String[] rows = new String(csv.getBody(), StandardCharsets.UTF_8).split("\r\n");
    assertThat(rows).hasSize(entries.size() + 1);
    assertThat(rows[0]).isEqualTo(String.join(",", ModelCallAuditCsv.COLUMNS));
    for (int i = 0; i < entries.size(); i++) {
      assertThat(rows[i + 1]).startsWith(entries.get(i).callId() + ",").contains("," + runId + ",acme-only,"
          + TEST_OPERATOR + ",").contains("," + entries.get(i).outcome() + ",");
    }
  }

  private static ModelCallAudit single(List<ModelCallAudit> entries, java.util.function.Predicate<ModelCallAudit> p) {
    List<ModelCallAudit> found = entries.stream().filter(p).toList();
    assertThat(found).as("entries " + entries).hasSize(1);
    return found.get(0);
  }

  /** The digest the audit promises, computed from the request the fake received. */
  private static String digest(BedrockFake.Call call) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(call.system().getBytes(StandardCharsets.UTF_8));
      List<String> roles = call.roles();
      List<String> messages = call.messages();
      for (int i = 0; i < messages.size(); i++) {
        sha.update((byte) 0);
        sha.update(roles.get(i).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(messages.get(i).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
