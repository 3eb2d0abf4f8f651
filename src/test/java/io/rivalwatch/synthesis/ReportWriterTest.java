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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

  private static final Instant NOW = Instant.parse("2026-11-26T02:14:00Z");
  private static final Set<String> KNOWN = Set.of("https://acme.example/0");
  private final ReportWriter writer = new ReportWriter();
  private final QualityCheck check = new QualityCheck();

  @Test
  void everyAnalysisClaimLinksItsSourceAndTheSourcesAreListed() {
    String markdown = writer.write(input(section("acme", "Acme Analytics", 2), Set.of(), List.of()));

    assertThat(markdown).contains("# Competitive intelligence report, 26 November 2026");
    assertThat(markdown).contains("## Acme Analytics");
    assertThat(markdown).contains("- Acme talks about pricing 0. \"evidence 0\" [1](https://acme.example/0)");
    assertThat(markdown).contains("### Sources\n\n1. [Page 0](https://acme.example/0), website, published 2026-11-20");
    assertThat(markdown).contains("> Produced without a language model");
    assertThat(check.check(markdown, List.of(profile("acme", "Acme Analytics")), Set.of("acme"), List.of(), 900, KNOWN))
        .isEmpty();
  }

  @Test
  void missingItemsAreListedAndCheckedFor() {
    List<String> missing = List.of("Initech Cloud: skipped, no usable documents");
    String markdown = writer.write(input(section("acme", "Acme Analytics", 1), Set.of(), missing));

    assertThat(markdown).contains("## What is missing\n\n- Initech Cloud: skipped, no usable documents");
    assertThat(check.check(markdown,
        List.of(profile("acme", "Acme Analytics"), profile("initech", "Initech Cloud")),
        Set.of("acme"), missing, 900, KNOWN)).isEmpty();

    String withoutList = markdown.substring(0, markdown.indexOf(ReportWriter.MISSING_HEADING));
    assertThat(check.check(withoutList,
        List.of(profile("acme", "Acme Analytics"), profile("initech", "Initech Cloud")),
        Set.of("acme"), missing, 900, KNOWN))
        .extracting(QualityFinding::rule)
        .containsExactlyInAnyOrder(QualityFinding.MISSING_NOT_LISTED, QualityFinding.COMPETITOR_NOT_NAMED);
  }

  @Test
  void aLongSectionFailsTheCheckAndTheNextRevisionShortensIt() {
    CompetitorSection acme = section("acme", "Acme Analytics", 12);
    String first = writer.write(input(acme, Set.of(), List.of()));
    List<QualityFinding> findings =
        check.check(first, List.of(profile("acme", "Acme Analytics")), Set.of("acme"), List.of(), 250, KNOWN);

    assertThat(findings).extracting(QualityFinding::rule).containsExactly(QualityFinding.SECTION_TOO_LONG);
    assertThat(findings.get(0).competitorId()).isEqualTo("acme");

    String second = writer.write(new ReportInput("run-1", NOW, 2, Set.of(ReportWriter.OFFLINE_LABEL), null,
        List.of(acme), List.of(), List.of("Revision 2 answers 1 quality finding"), Set.of("acme"), 250,
        RunCost.none()));

    assertThat(check.check(second, List.of(profile("acme", "Acme Analytics")), Set.of("acme"), List.of(), 250, KNOWN))
        .isEmpty();
    assertThat(second).contains("weaker findings left out to keep this section short: [every finding]("
        + "http://localhost:8080/artefacts/run-1/analysis/acme/sentiment.json)");
  }

  @Test
  void anUncitedClaimIsFound() {
    String markdown = writer.write(input(section("acme", "Acme Analytics", 1), Set.of(), List.of()))
        .replace("### Sentiment\n\n", "### Sentiment\n\n- A claim with no source at all.\n");

    assertThat(check.check(markdown, List.of(profile("acme", "Acme Analytics")), Set.of("acme"), List.of(), 900, KNOWN))
        .extracting(QualityFinding::rule).containsExactly(QualityFinding.UNCITED_CLAIM);
  }

  @Test
  void anExecutiveSummaryMayCiteOnlyGatheredDocumentsAndTheFooterShowsUsage() {
    var cost = new RunCost(2, 1200, 300, 0, 0, 0.0081,
        List.of(new RunCost.Line("analysis", "model-a", 2, 1200, 300, 0, 0, 0.0081)), List.of());
    String markdown = writer.write(new ReportInput("run-1", NOW, 1, Set.of("bedrock model-a"),
        "Acme leads on pricing [1](https://acme.example/0); rumours say otherwise [2](https://invented.example/x).",
        List.of(section("acme", "Acme Analytics", 1)), List.of(), List.of(), Set.of(), 900, cost));

    assertThat(markdown).contains("## Executive summary\n\nAcme leads on pricing");
    assertThat(markdown).contains("| analysis | model-a | 2 | 1200 | 300 | 0 | 0 | 0.0081 |");
    // the invented citation is not a link in the report: its text stays, its address is gone
    assertThat(markdown).contains("rumours say otherwise 2.").doesNotContain("invented.example");
    assertThat(io.rivalwatch.text.MarkdownText.destinations(markdown)).contains("https://acme.example/0");
    assertThat(check.check(markdown, List.of(profile("acme", "Acme Analytics")), Set.of("acme"), List.of(), 900, KNOWN))
        .isEmpty();
  }

  @Test
  void withoutModelCallsTheFooterSaysSo() {
    assertThat(writer.write(input(section("acme", "Acme Analytics", 1), Set.of(), List.of())))
        .contains("## Model usage\n\nNo language model was called for this report.");
  }

  @Test
  void afterAnEarlierRun_documentsAreMarkedNewChangedOrUnchanged_andReusedAnalysesSaySo() {
    CompetitorSection first = section("acme", "Acme Analytics", 3);
    var statuses = Map.of(
        "https://acme.example/0", DocumentComparison.DocumentStatus.NEW,
        "https://acme.example/1", DocumentComparison.DocumentStatus.CHANGED,
        "https://acme.example/2", DocumentComparison.DocumentStatus.UNCHANGED);
    CompetitorSection later = new CompetitorSection(first.competitorId(), first.name(), first.researchNote(),
        first.documents(), first.analyses(), Map.of(),
        new SinceLastRun("run-0", statuses, 0, List.of("Compared with run run-0: 1 new, 1 changed and 1 unchanged "
            + "documents.")),
        first.analysisLinks(), Map.of(AnalysisKind.POSITIONING, "run-0"));

    String markdown = writer.write(input(later, Set.of(), List.of()));

    assertThat(markdown).contains("### What changed since the last delivered report\n\n- Compared with run run-0: 1 new");
    assertThat(markdown).contains("| Acme Analytics | 3 documents (1 new, 1 changed) |");
    assertThat(markdown).contains("1. [Page 0](https://acme.example/0), website, published 2026-11-20, new\n")
        .contains("2. [Page 1](https://acme.example/1), website, published 2026-11-20, changed since run run-0\n")
        .contains("3. [Page 2](https://acme.example/2), website, published 2026-11-20, unchanged since run run-0\n");
    String positioning = markdown.substring(markdown.indexOf("### Competitive positioning"));
    assertThat(positioning).startsWith("### Competitive positioning\n\n_Reused from run run-0: the documents it "
        + "rests on have not changed since._");
    assertThat(markdown.substring(0, markdown.indexOf("### Competitive positioning"))).doesNotContain("_Reused");
    assertThat(check.check(markdown, List.of(profile("acme", "Acme Analytics")), Set.of("acme"), List.of(), 900,
        KNOWN)).isEmpty();
  }

  @Test
  void aFirstRunSaysThereIsNothingToCompare() {
    String markdown = writer.write(input(section("acme", "Acme Analytics", 1), Set.of(), List.of()));

    assertThat(markdown).contains("### What changed since the last delivered report\n\n- First run that analysed Acme Analytics")
        .contains("| Acme Analytics | 1 documents |")
        .doesNotContain("unchanged");
  }

  @Test
  void theSameInputWritesTheSameReport() {
    ReportInput input = input(section("acme", "Acme Analytics", 3), Set.of(), List.of("x: y"));

    assertThat(writer.write(input)).isEqualTo(writer.write(input));
  }

  @Test
  void theFooterEndsWithTheAuditTrail_namesAsTextNeverMarkup() {
    CompetitorSection acme = section("acme", "Acme Analytics", 1);
    List<String> trail = List.of("run started by alice at 2026-12-06 02:00:00 UTC",
        "changes requested by [bob](javascript:alert(1)) <img src=x> *x* at 2026-12-06 03:00:00 UTC\n## Fake");
    String markdown = writer.write(new ReportInput("run-1", NOW, 2, Set.of(ReportWriter.OFFLINE_LABEL), null,
        List.of(acme), List.of(), List.of(), Set.of(), 900, RunCost.none(), null, trail));

    assertThat(markdown).endsWith("this report.\n\n## Audit trail\n\n- run started by alice at 2026-12-06 02:00:00 UTC\n"
        + "- changes requested by \\[bob\\](javascript:alert(1)) \\<img src=x\\> \\*x\\* at 2026-12-06 03:00:00 UTC "
        + "\\#\\# Fake\n\n");
    String html = ReportRenderer.toHtml(markdown, "r", url -> true);
    assertThat(html).contains("<li>changes requested by [bob](javascript:alert(1)) &lt;img src=x&gt; *x* at")
        .doesNotContain("<a href=\"javascript", "<img", "<em>x</em>", "<h2>Fake");
    assertThat(writer.write(input(acme, Set.of(), List.of()))).as("no trail, no heading").doesNotContain("## Audit");
  }

  @Test
  void aModelAnswerRepeatingAPagesLinkAndAHostileTitleStayTextInTheMarkdownAndTheHtml() {
    String phishing = "[Verify your account](https://evil.example)";
    String url = "https://acme.example/0";
    var documents = List.of(new SourceDocument(url, "Pricing <script>alert(1)</script> [Login](https://evil.example/t)",
        SourceKind.WEBSITE, NOW, null, "h", "Please " + phishing + " today.", List.of()));
    var findings = List.of(
        new Finding("pricing", "Acme asks readers to " + phishing + " ![](https://track.example/p.gif)",
            "Please " + phishing + " <a href=\"https://evil.example\">now</a>", List.of(url), 1.0),
        new Finding("pricing", "# Acme is the market leader\n[x][1]\n\n[1]: https://evil.example/ref", "",
            List.of(url), 0.5));
    Map<AnalysisKind, AnalysisResult> analyses = new EnumMap<>(AnalysisKind.class);
    for (AnalysisKind kind : AnalysisKind.values()) {
      analyses.put(kind, new AnalysisResult(kind, "acme", "bedrock model-a",
          "Model summary: " + phishing + " <https://evil.example/auto> [d](data:text/html,x) [p](//evil.example)",
          findings, Map.of("score", 0.25)));
    }
    var links = new EnumMap<AnalysisKind, String>(AnalysisKind.class);
    var section = new CompetitorSection("acme", "Acme Analytics", "1 usable document", documents, analyses, Map.of(),
        SinceLastRun.firstRun(List.of()), links, Map.of());
    var input = new ReportInput("run-1", NOW, 1, Set.of("bedrock model-a"),
        "## Leader\nAcme leads [1](" + url + "). " + phishing + " ![](https://track.example/p.gif)",
        List.of(section), List.of(), List.of(), Set.of(), 900, RunCost.none());

    String markdown = writer.write(input);
    String html = ReportRenderer.toHtml(markdown, "r", ReportWriter.citable(input)::contains);

    assertThat(io.rivalwatch.text.MarkdownText.destinations(markdown)).isNotEmpty().containsOnly(url);
    // the review form's summary (a Tasklist variable) is the same escaped text: no link at all
    assertThat(io.rivalwatch.text.MarkdownText.destinations(writer.summary(input))).isEmpty();
    assertThat(writer.summary(input)).contains("Acme asks readers to \\[Verify your account\\]");
    assertThat(markdown).contains("Verify your account").doesNotContain("[Verify your account](", "## Leader", "\n# Acme");
    assertThat(html).contains("Verify your account", "Pricing &lt;script&gt;alert(1)&lt;/script&gt; [Login]")
        .doesNotContain("href=\"https://evil", "href=\"data:", "href=\"//", "<img", "<script", "<h1>Acme", "<h2>Leader");
    assertThat(html.split("href=\"", -1)).allSatisfy(part -> assertThat(part).satisfiesAnyOf(
        p -> assertThat(p).startsWith(url + "\""), p -> assertThat(p).doesNotContain("</a>").startsWith("<!DOCTYPE")));
  }

  @Test
  void aDocumentWithTextAddressedToAiSystemsIsMarkedInTheSources_citedOrNot() {
    CompetitorSection acme = section("acme", "Acme Analytics", 1);
    List<SourceDocument> documents = new ArrayList<>();
    SourceDocument cited = acme.documents().get(0);
    documents.add(new SourceDocument(cited.url(), cited.title(), cited.kind(), cited.fetchedAt(),
        cited.publishedAt(), cited.contentHash(), cited.text(), cited.links(), 2));
    documents.add(new SourceDocument("https://mallory.example/", "https://mallory.example/", SourceKind.WEBSITE, NOW,
        null, "hash-m", "text", List.of(), 3));
    documents.add(new SourceDocument("https://plain.example/", "Plain", SourceKind.NEWS, NOW, null, "hash-p", "text",
        List.of()));
    CompetitorSection marked = new CompetitorSection(acme.competitorId(), acme.name(), acme.researchNote(), documents,
        acme.analyses(), acme.failedAnalyses(), acme.since(), acme.analysisLinks(), acme.reusedFrom());

    String sources = writer.write(input(marked, Set.of(), List.of())).split("### Sources", 2)[1];

    assertThat(sources).contains("1. [Page 0](https://acme.example/0), website, published 2026-11-20, contains text"
        + " addressed to AI systems; not quoted");
    assertThat(sources).contains("- [https://mallory.example/](https://mallory.example/), website, contains text"
        + " addressed to AI systems; not quoted");
    assertThat(sources).doesNotContain("plain.example");
  }

  private static ReportInput input(CompetitorSection section, Set<String> compress, List<String> missing) {
    return new ReportInput("run-1", NOW, 1, Set.of(ReportWriter.OFFLINE_LABEL), null, List.of(section), missing,
        List.of(), compress, 900, RunCost.none());
  }

  private static CompetitorProfile profile(String id, String name) {
    return new CompetitorProfile(id, name, null, null, null, null);
  }

  private static CompetitorSection section(String id, String name, int findingsPerAnalysis) {
    List<SourceDocument> documents = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < findingsPerAnalysis; i++) {
      String url = "https://" + id + ".example/" + i;
      documents.add(new SourceDocument(url, "Page " + i, SourceKind.WEBSITE, NOW,
          Instant.parse("2026-11-20T00:00:00Z"), "hash" + i, "text", List.of()));
      findings.add(new Finding("pricing", "Acme talks about pricing " + i + ".", "evidence " + i, List.of(url),
          1.0 / (i + 1)));
    }
    Map<AnalysisKind, AnalysisResult> analyses = new EnumMap<>(AnalysisKind.class);
    for (AnalysisKind kind : AnalysisKind.values()) {
      analyses.put(kind, new AnalysisResult(kind, id, ReportWriter.OFFLINE_LABEL,
          "Summary of " + kind.id() + " for " + name + ".", findings, Map.of("score", 0.25)));
    }
    Map<AnalysisKind, String> links = new EnumMap<>(AnalysisKind.class);
    for (AnalysisKind kind : AnalysisKind.values()) {
      links.put(kind, "http://localhost:8080/artefacts/run-1/analysis/" + id + "/" + kind.id() + ".json");
    }
    return new CompetitorSection(id, name, "3 usable documents, enough", documents, analyses, Map.of(),
        SinceLastRun.firstRun(List.of()), links, Map.of());
  }
}
