package io.rivalwatch.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.synthesis.SummaryFingerprint;
import io.rivalwatch.synthesis.WrittenReports;
import io.rivalwatch.testsupport.CloudFakes;
import io.rivalwatch.testsupport.ProcessTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An unchanged night costs nothing, with the aws profile against the Bedrock fake: the first night pays for the
 * executive summary; the next night over unchanged sources makes no Bedrock call at all (analyses and summary
 * reused) and its report says from which run the summary came; a reviewer's comment or a changed analysis makes the
 * summary be written again. (A changed model or prompt: {@code ExecutiveSummaryReuseTest} and
 * {@code BedrockExecutiveSummaryWriterVersionTest}; it cannot change within one application context.)
 */
@ActiveProfiles("aws")
class ExecutiveSummaryReuseOnAwsTest extends ProcessTestBase {

  private static final String WATCH_LIST = "acme-only";

  private final CloudFakes cloud = CloudFakes.shared();
  @Autowired ArtefactStore store;
  @Autowired ArtefactJson json;
  @Autowired WrittenReports reports;

  @DynamicPropertySource
  static void pointAtCloudFakes(DynamicPropertyRegistry registry) {
    CloudFakes.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  @Test
  void anUnchangedNightMakesNoBedrockCall_aReviewerCommentOrAChangedAnalysisWritesTheSummaryAgain() {
    // night 1 (a full refresh: nothing is reused) pays for the summary
    int before = cloud.bedrock().calls().size();
    String first = runId(runApproved(WATCH_LIST));
    assertThat(callsSince(before)).filteredOn(c -> c.operation().equals("ConverseStream")).hasSize(1);
    String firstSummary = summary(first, 1);

    // night 2, sources unchanged: not one request reaches Bedrock
    before = cloud.bedrock().calls().size();
    String second = runId(runApprovedIncrementally(WATCH_LIST));
    assertThat(callsSince(before)).as("Bedrock requests on an unchanged night").isEmpty();
    assertThat(summary(second, 1)).isEqualTo(firstSummary);
    assertThat(latestReport(second)).contains("## Executive summary")
        .contains("This summary was reused from run " + first + " of "
            + Instant.parse((String) provenance(first, 1).get("writtenAt")).atZone(ZoneOffset.UTC).toLocalDate()
            + ", with no model call");
    assertThat(provenance(second, 1)).containsEntry("copiedFrom", first).containsEntry("writtenIn", first);

    // night 3, the reviewer asks for changes: revision 1 is reused, revision 2 answers the comment with one call
    before = cloud.bedrock().calls().size();
    long third = startIncrementalRun(WATCH_LIST);
    // a comment no earlier run of this JVM's shared store was given (the same comment would find its summary)
    String comment = "Compare Acme's pricing with run " + second + ".";
    review(third, "request-changes", comment);
    review(third, "approve", "");
    awaitEnded(third);
    String thirdId = runId(third);
    List<BedrockFake.Call> commented = callsSince(before);
    assertThat(commented).extracting(BedrockFake.Call::operation).containsExactly("ConverseStream");
    assertThat(commented.get(0).messages().get(0)).contains(comment);
    assertThat(provenance(thirdId, 1)).containsEntry("copiedFrom", second);
    assertThat(provenance(thirdId, 2)).containsEntry("copiedFrom", null).containsEntry("writtenIn", thirdId);
    assertThat(latestReport(thirdId)).doesNotContain("This summary was reused");

    // night 4, Acme's pricing page changed: its analyses are made again, and so is the summary
    environment.site().wireMock().stubFor(WireMock.get(WireMock.urlPathEqualTo("/acme/pricing.html")).atPriority(1)
        .willReturn(WireMock.aResponse().withHeader("Content-Type", "text/html; charset=utf-8")
            .withBody(samplePage("acme/pricing.html").replace("$49 per user per month", "$59 per user per month"))));
    before = cloud.bedrock().calls().size();
    String fourth = runId(runApprovedIncrementally(WATCH_LIST));
    List<BedrockFake.Call> changed = callsSince(before);
    assertThat(digests(fourth)).as("the changed page changed an analysis").isNotEqualTo(digests(first));
    assertThat(changed).filteredOn(c -> c.operation().equals("Converse")).hasSize(3);
    assertThat(changed).filteredOn(c -> c.operation().equals("ConverseStream")).hasSize(1);
    assertThat(provenance(fourth, 1)).containsEntry("copiedFrom", null);
    assertThat(latestReport(fourth)).contains("## Executive summary").doesNotContain("This summary was reused");
  }

  private List<BedrockFake.Call> callsSince(int from) {
    List<BedrockFake.Call> all = cloud.bedrock().calls();
    return all.subList(from, all.size());
  }

  private String summary(String runId, int revision) {
    return new String(store.read(ArtefactKeys.executiveSummary(runId, revision)).orElseThrow(),
        StandardCharsets.UTF_8);
  }

  /** The stored provenance record's content (the record is the synthesis package's own). */
  @SuppressWarnings("unchecked")
  private Map<String, Object> provenance(String runId, int revision) {
    try {
      Map<String, Object> stored = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
          store.read(ArtefactKeys.executiveSummaryProvenance(runId, revision)).orElseThrow(), Map.class);
      assertThat(stored).containsEntry("artefactType", "summary-provenance");
      return (Map<String, Object>) stored.get("content");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<String> digests(String runId) {
    return java.util.Arrays.stream(AnalysisKind.values())
        .map(kind -> SummaryFingerprint.contentDigest(
            json.require(ArtefactKeys.analysis(runId, "acme", kind.id()), AnalysisResult.class)))
        .toList();
  }

  private String latestReport(String runId) {
    return new String(store.read(ArtefactKey.parse(reports.latest(runId).orElseThrow().reportRef())).orElseThrow(),
        StandardCharsets.UTF_8);
  }

  private static String samplePage(String path) {
    try (var in = ExecutiveSummaryReuseOnAwsTest.class.getClassLoader().getResourceAsStream("sample-web/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
