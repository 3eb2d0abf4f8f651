package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.cost.RunCost;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report's verification line and notes, and the quality check's share of unverified claims. */
class VerifiedClaimsReportTest {

  private static final Instant NOW = Instant.parse("2026-11-26T02:14:00Z");
  private static final String URL = "https://acme.example/pricing";
  private static final String MODEL = "anthropic.claude-test";
  private final ReportWriter writer = new ReportWriter();
  private final QualityCheck check = new QualityCheck();

  @Test
  void theSummarySaysHowManyClaimsWereVerifiedAndTheSectionWhatWasLeftOut() {
    String markdown = writer.write(input(section()));

    assertThat(markdown).contains("## Summary").contains("1 of 3 claims verified against their sources; 2 claims are"
        + " left out because their quoted words are not in the sources they cite.");
    assertThat(markdown).contains("Acme sells seats at $49.").doesNotContain("Acme is the market leader",
        "Acme is loved by all");
    assertThat(markdown).contains("_2 claims of this analysis left out: the quoted words are not in the source cited."
        + " [The full analysis](http://localhost:8080/artefacts/run-1/analysis/acme/positioning.json)");
    assertThat(writer.summary(input(section()))).as("the review form and e-mail carry it too")
        .contains("1 of 3 claims verified against their sources");
  }

  @Test
  void theQualityCheckSendsBackAReportAboveTheShareOfUnverifiedClaims() {
    String markdown = writer.write(input(section()));
    List<CompetitorProfile> acme = List.of(new CompetitorProfile("acme", "Acme Analytics", null, null, null, null));

    assertThat(check.check(markdown, acme, Set.of("acme"), List.of(), 900, Set.of(URL), 0))
        .extracting(QualityFinding::rule).containsExactly(QualityFinding.UNVERIFIED_CLAIMS);
    assertThat(check.check(markdown, acme, Set.of("acme"), List.of(), 900, Set.of(URL), 0.5))
        .extracting(QualityFinding::rule).containsExactly(QualityFinding.UNVERIFIED_CLAIMS);
    assertThat(check.check(markdown, acme, Set.of("acme"), List.of(), 900, Set.of(URL), 0.7)).isEmpty();
  }

  /** One positioning analysis by a model, checked as CompetitorSections checks it: one quote found, two not. */
  private static CompetitorSection section() {
    SourceDocument page = new SourceDocument(URL, "Pricing", SourceKind.WEBSITE, NOW, null, "h",
        "Acme sells seats at $49. Teams of any size are welcome.", List.of());
    AnalysisResult made = new AnalysisResult(AnalysisKind.POSITIONING, "acme", MODEL, "Acme sells seats.",
        List.of(new Finding("price-point", "Seats cost $49.", "Acme sells seats at $49.", List.of(URL), null),
            new Finding("segment", "Acme is loved by all.", "Everybody adores Acme seats", List.of(URL), null),
            new Finding("claim", "Acme is the market leader.", "Acme leads the market", List.of(URL), null)),
        Map.of());
    ClaimVerification.Checked checked = ClaimVerification.check(made, List.of(page));
    Map<AnalysisKind, AnalysisResult> analyses = new EnumMap<>(AnalysisKind.class);
    analyses.put(AnalysisKind.POSITIONING, checked.shown());
    Map<AnalysisKind, String> links = new EnumMap<>(AnalysisKind.class);
    links.put(AnalysisKind.POSITIONING, "http://localhost:8080/artefacts/run-1/analysis/acme/positioning.json");
    return new CompetitorSection("acme", "Acme Analytics", "1 usable document", List.of(page), analyses, Map.of(),
        SinceLastRun.firstRun(List.of()), links, Map.of(), new ClaimCount(Map.of(AnalysisKind.POSITIONING, checked.verified()),
            Map.of(AnalysisKind.POSITIONING, checked.dropped())));
  }

  private static ReportInput input(CompetitorSection section) {
    return new ReportInput("run-1", NOW, 1, Set.of(MODEL), null, List.of(section), List.of(), List.of(), Set.of(),
        900, RunCost.none());
  }
}
