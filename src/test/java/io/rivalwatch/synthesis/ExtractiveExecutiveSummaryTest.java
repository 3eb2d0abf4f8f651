package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's offline link: the strongest finding of each analysis, cited, as text. */
class ExtractiveExecutiveSummaryTest {

  private static AnalysisResult result(AnalysisKind kind, String... statements) {
    List<Finding> findings = java.util.Arrays.stream(statements)
        .map(s -> new Finding("signal", s, "\"" + s + "\"", List.of("https://acme.example/" + kind.id()), 0.5))
        .toList();
    return new AnalysisResult(kind, "acme", "offline analyser (no language model)", "summary", findings, Map.of());
  }

  private static SummaryRequest request(int maxWords, AnalysisResult... results) {
    Map<AnalysisKind, AnalysisResult> analyses = new java.util.EnumMap<>(AnalysisKind.class);
    for (AnalysisResult r : results) {
      analyses.put(r.kind(), r);
    }
    return new SummaryRequest("run-1", 1, List.of(new SummaryRequest.Competitor("acme", "Acme", analyses, List.of())),
        List.of(), List.of(), null, maxWords);
  }

  @Test
  void oneLinePerAnalysis_itsStrongestFindingWithItsSource() {
    String summary = new ExtractiveExecutiveSummary().write(request(300,
        result(AnalysisKind.SENTIMENT, "Customers praise the support.", "A weaker one."),
        result(AnalysisKind.STRATEGY, "Acme is moving upmarket."))).orElseThrow();

    assertThat(summary.lines()).containsExactly(
        "- **Acme**, sentiment: Customers praise the support, quoting \"Customers praise the support.\""
            + " [1](https://acme.example/sentiment)",
        "- **Acme**, strategic patterns: Acme is moving upmarket, quoting \"Acme is moving upmarket.\""
            + " [2](https://acme.example/strategy)");
  }

  @Test
  void markupInAFindingStaysText_andTheWordLimitHolds() {
    String summary = new ExtractiveExecutiveSummary().write(request(24,
        result(AnalysisKind.SENTIMENT, "Click [here](https://evil.example) <b>now</b>"),
        result(AnalysisKind.STRATEGY, "This one does not fit into the twelve words any more at all."))).orElseThrow();

    assertThat(summary).contains("Click \\[here\\](https://evil.example) \\<b\\>now\\</b\\>")
        .doesNotContain("twelve");
  }

  @Test
  void nothingAnalysed_noSummary() {
    assertThat(new ExtractiveExecutiveSummary().write(request(300))).isEmpty();
  }
}
