package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.RunSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SufficiencyJudgementTest {

  private static final CompetitorProfile ACME = new CompetitorProfile("acme", "Acme", null, null, null, null);
  private static final RunSettings SETTINGS = new RunSettings(2, 3, 3, 900, List.of());

  @Test
  void enoughUsableDocumentsIsSufficient() {
    var verdict = SufficiencyService.judge(SETTINGS, ACME, 0,
        List.of(source(SourceKind.WEBSITE, 0, 2), source(SourceKind.NEWS, 0, 1)));

    assertThat(verdict.decision()).isEqualTo(SufficiencyVerdict.SUFFICIENT);
    assertThat(verdict.usableDocuments()).isEqualTo(3);
    assertThat(verdict.usableByKind()).containsEntry("website", 2).containsEntry("news", 1);
  }

  @Test
  void tooFewGathersMoreWithinTheBound() {
    var verdict = SufficiencyService.judge(SETTINGS, ACME, 0, List.of(source(SourceKind.WEBSITE, 0, 1)));

    assertThat(verdict.decision()).isEqualTo(SufficiencyVerdict.GATHER_MORE);
    assertThat(verdict.nextRound()).isEqualTo(1);
  }

  @Test
  void aThinPageWithLinksIsWorthAnotherRound() {
    var stub = new SourceDocument("https://a.example/", "Home", SourceKind.WEBSITE, Instant.EPOCH, null, "h",
        "Welcome. See our products.", List.of("https://a.example/products"));
    var verdict = SufficiencyService.judge(SETTINGS, ACME, 0,
        List.of(new GatheredSource(SourceKind.WEBSITE, 0, List.of(stub), List.of(), null)));

    assertThat(verdict.decision()).isEqualTo(SufficiencyVerdict.GATHER_MORE);
  }

  @Test
  void shortDocumentsDoNotCount() {
    var stub = new SourceDocument("https://a.example/x", "x", SourceKind.WEBSITE, Instant.EPOCH, null, "h",
        "too short", List.of());
    var verdict = SufficiencyService.judge(SETTINGS, ACME, 2,
        List.of(new GatheredSource(SourceKind.WEBSITE, 0, List.of(stub), List.of(), null)));

    assertThat(verdict.decision()).isEqualTo(SufficiencyVerdict.SKIP);
  }

  @Test
  void atTheBoundThinEvidenceIsAnalysedAnyway() {
    var verdict = SufficiencyService.judge(SETTINGS, ACME, 2,
        List.of(source(SourceKind.WEBSITE, 0, 1), source(SourceKind.WEBSITE, 2, 1)));

    assertThat(verdict.decision()).isEqualTo(SufficiencyVerdict.SUFFICIENT);
    assertThat(verdict.note()).contains("thin evidence");
  }

  @Test
  void aRoundThatFoundNothingNewStopsTheLoopEarly() {
    var verdict = SufficiencyService.judge(SETTINGS, ACME, 1,
        List.of(source(SourceKind.WEBSITE, 0, 1), new GatheredSource(SourceKind.WEBSITE, 1, List.of(), List.of(), null)));

    assertThat(verdict.decision()).isEqualTo(SufficiencyVerdict.SUFFICIENT);
  }

  @Test
  void nothingUsableIsSkippedWithTheReasons() {
    var verdict = SufficiencyService.judge(SETTINGS, ACME, 0, List.of(
        new GatheredSource(SourceKind.NEWS, 0, List.of(), List.of(), "HTTP 503 (no retries left)"),
        new GatheredSource(SourceKind.WEBSITE, 0, List.of(), List.of("https://a.example/: HTTP 404"), null)));

    // nothing at all was read, so there are no links to follow: another round cannot help
    assertThat(verdict.decision()).isEqualTo(SufficiencyVerdict.SKIP);
    assertThat(verdict.note()).contains("news failed: HTTP 503").contains("https://a.example/: HTTP 404");
  }

  private static GatheredSource source(SourceKind kind, int round, int documents) {
    List<SourceDocument> list = new ArrayList<>();
    for (int i = 0; i < documents; i++) {
      list.add(new SourceDocument("https://a.example/" + kind.id() + "/" + round + "/" + i, "t", kind,
          Instant.EPOCH, null, "h" + i, "word ".repeat(60), List.of()));
    }
    return new GatheredSource(kind, round, list, List.of(), null);
  }
}
