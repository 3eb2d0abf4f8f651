package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.PaidResults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executive summary is reused when everything it is written from is unchanged, over the file store: the writer
 * is not asked again, the text is the earlier run's and the revision says where it came from. Any change to what the
 * writer reads (an analysis, the analyser that made it, a reviewer comment, a quality finding, what is missing, the
 * writer's model or prompt) writes it again.
 */
class ExecutiveSummaryReuseTest {

  private static final Instant NIGHT_ONE = Instant.parse("2026-12-05T02:00:00Z");

  @TempDir Path data;
  private FileArtefactStore store;
  private CountingWriter writer;
  private ExecutiveSummaries summaries;

  @BeforeEach
  void setUp() {
    store = new FileArtefactStore(data);
    writer = new CountingWriter();
    summaries = new ExecutiveSummaries(store, new PaidResults(), writer,
        new SummaryReuse(store, new ArtefactJson(store), new io.rivalwatch.planning.PlanningService(null,
            new ArtefactJson(store), null, null, Clock.fixed(NIGHT_ONE, ZoneOffset.UTC)),
            Clock.fixed(NIGHT_ONE, ZoneOffset.UTC)));
  }

  @Test
  void anUnchangedSecondNight_reusesTheSummaryWithoutAskingTheWriter_andSaysFromWhichRunAndDay() {
    ExecutiveSummaries.Summary first = summaries.of(request("night-1", 1, r -> r), false, new ArrayList<>());
    assertThat(writer.calls).isEqualTo(1);
    assertThat(first.reusedNote()).isEmpty();

    // another run id, its own "what changed" lines: neither is part of the input the writer reads
    ExecutiveSummaries.Summary second = summaries.of(request("night-2", 1, r -> r, List.of("Compared with run night-1: "
        + "0 new, 0 changed and 5 unchanged documents.")), false, new ArrayList<>());
    assertThat(writer.calls).isEqualTo(1);
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.reusedNote()).hasValueSatisfying(note -> assertThat(note)
        .startsWith("This summary was reused from run night-1 of 2026-12-05, with no model call"));
    assertThat(new String(store.read(ArtefactKeys.executiveSummary("night-2", 1)).orElseThrow(),
        StandardCharsets.UTF_8)).isEqualTo(first.text());

    // the third night copies from the second (the latest holder) and still names the run that wrote it
    ExecutiveSummaries.Summary third = summaries.of(request("night-3", 1, r -> r), false, new ArrayList<>());
    assertThat(writer.calls).isEqualTo(1);
    assertThat(third.reusedNote()).hasValueSatisfying(note -> assertThat(note).contains("reused from run night-1 "));

    // a retried job of the second night says the same, still without a call
    assertThat(summaries.of(request("night-2", 1, r -> r), false, new ArrayList<>())).isEqualTo(second);
    assertThat(writer.calls).isEqualTo(1);
  }

  @Test
  void anythingTheWriterReadsThatChanged_makesItWriteAgain() {
    summaries.of(request("night-1", 1, r -> r), false, new ArrayList<>());
    int calls = writer.calls;

    summaries.of(request("changed-analysis", 1, r -> r.kind() != AnalysisKind.STRATEGY ? r
        : new AnalysisResult(r.kind(), r.competitorId(), r.producedBy(), "Acme now targets mid-market teams.",
            r.findings(), r.metrics())), false, new ArrayList<>());
    assertThat(writer.calls).as("one analysis changed").isEqualTo(++calls);

    summaries.of(request("other-analyser", 1, r -> new AnalysisResult(r.kind(), r.competitorId(),
        "bedrock amazon.nova-lite-v1:0, prompt " + r.kind().id() + ".v1", r.summary(), r.findings(), r.metrics())),
        false, new ArrayList<>());
    assertThat(writer.calls).as("another analyser made the analyses").isEqualTo(++calls);

    summaries.of(withReview("commented", "Say more about pricing.", List.of()), false, new ArrayList<>());
    assertThat(writer.calls).as("a reviewer comment").isEqualTo(++calls);

    summaries.of(withReview("quality", null, List.of("the executive summary cites a page that was not gathered")),
        false, new ArrayList<>());
    assertThat(writer.calls).as("a quality finding").isEqualTo(++calls);

    writer.version = "bedrock amazon.nova-pro-v1:0, prompt synthesis.v1 (text 1234), max tokens 4000";
    ExecutiveSummaries.Summary otherModel = summaries.of(request("other-model", 1, r -> r), false, new ArrayList<>());
    assertThat(writer.calls).as("another model or prompt").isEqualTo(++calls);
    assertThat(otherModel.reusedNote()).isEmpty();

    summaries.of(request("full-refresh", 1, r -> r), true, new ArrayList<>());
    assertThat(writer.calls).as("a full refresh").isEqualTo(++calls);

    // and the unchanged input under the new model is reused again
    summaries.of(request("next-night", 1, r -> r), false, new ArrayList<>());
    assertThat(writer.calls).isEqualTo(calls);
  }

  @Test
  void aSummaryAFallbackWrote_isNotReused_theNextNightAsksTheUsualModelAgain() {
    writer.degraded = true;
    summaries.of(request("degraded", 1, r -> r), false, new ArrayList<>());
    writer.degraded = false;
    summaries.of(request("primary-back", 1, r -> r), false, new ArrayList<>());
    assertThat(writer.calls).isEqualTo(2);
    summaries.of(request("unchanged", 1, r -> r), false, new ArrayList<>());
    assertThat(writer.calls).isEqualTo(2);
  }

  @Test
  void theFingerprintLeavesOutRunIdRevisionAndChangeLines_butNotWhatIsMissing() {
    String base = SummaryFingerprint.of(request("a", 1, r -> r), "w");
    assertThat(SummaryFingerprint.of(request("b", 2, r -> r, List.of("New price mentioned: $59")), "w"))
        .isEqualTo(base);
    SummaryRequest missingOne = request("a", 1, r -> r);
    missingOne = new SummaryRequest("a", 1, missingOne.competitors(), List.of("Acme: news source failed, 503"),
        List.of(), null, 300);
    assertThat(SummaryFingerprint.of(missingOne, "w")).isNotEqualTo(base);
    assertThat(SummaryFingerprint.of(request("a", 1, r -> r), "w2")).isNotEqualTo(base);
  }

  private SummaryRequest withReview(String runId, String comments, List<String> findings) {
    SummaryRequest plain = request(runId, 2, r -> r);
    return new SummaryRequest(runId, 2, plain.competitors(), plain.missing(), findings, comments, plain.maxWords());
  }

  private static SummaryRequest request(String runId, int revision, UnaryOperator<AnalysisResult> change) {
    return request(runId, revision, change, List.of());
  }

  private static SummaryRequest request(String runId, int revision, UnaryOperator<AnalysisResult> change,
      List<String> changeLines) {
    Map<AnalysisKind, AnalysisResult> analyses = new EnumMap<>(AnalysisKind.class);
    for (AnalysisKind kind : AnalysisKind.values()) {
      analyses.put(kind, change.apply(new AnalysisResult(kind, "acme", "bedrock anthropic.claude, prompt "
          + kind.id() + ".v1", "Acme sells analytics to teams.", List.of(new Finding("pricing",
          "Acme charges $49 per user per month.", "$49 per user per month", List.of("https://acme.example/pricing"),
          null)), Map.of("score", 0.25, "documents", 4))));
    }
    return new SummaryRequest(runId, revision,
        List.of(new SummaryRequest.Competitor("acme", "Acme Analytics", analyses, changeLines)),
        List.of(), List.of(), null, 300);
  }

  /** Writes a summary that names the request's run, and counts the times it was asked. */
  private static final class CountingWriter implements ExecutiveSummaryWriter {

    int calls;
    boolean degraded;
    String version = "bedrock anthropic.claude, prompt synthesis.v1 (text abcd), max tokens 4000";

    @Override
    public Optional<String> write(SummaryRequest request) {
      calls++;
      return Optional.of("Acme holds its price [1](https://acme.example/pricing). Written in " + request.runId() + ".");
    }

    @Override
    public String version() {
      return version;
    }

    @Override
    public boolean degraded(String summary) {
      return degraded;
    }
  }
}
