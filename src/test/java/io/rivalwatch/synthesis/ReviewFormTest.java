package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.baseline.Baselines.BaselineRun;
import io.rivalwatch.cost.RunCost;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What the reviewer reads in Tasklist (issue 16 item 7): the form shows the summary table with the verification line,
 * what changed since the last delivered report, the quality findings and the link to the full report; each part is
 * bounded whatever the number of competitors, and text from pages stays text.
 */
class ReviewFormTest {

  private static final Instant DELIVERED = Instant.parse("2026-12-05T07:30:00Z");

  @Test
  void theFormShowsTheSummaryTheChangesTheFindingsAndTheLink() throws Exception {
    JsonNode form = new ObjectMapper().readTree(Path.of("forms", "review-report.form").toFile());
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    form.path("components").forEach(c -> {
      if ("text".equals(c.path("type").asText())) {
        texts.put(c.path("id").asText(), c.path("text").asText());
      }
    });

    assertThat(texts.keySet()).containsExactly("Text_ReportSummary", "Text_Changes", "Text_QualityFindings");
    assertThat(texts.get("Text_ReportSummary")).contains("{{reportSummary}}", "[Open the full report]({{reportUrl}})");
    assertThat(texts.get("Text_Changes")).contains("What changed since the last delivered report", "{{reportChanges}}");
    assertThat(texts.get("Text_QualityFindings")).contains("{{#loop qualityFindings}}", "{{this}}");
    // a revision written before the form showed changes has none: the part is hidden, not shown empty
    assertThat(form.path("components").get(1).path("conditional").path("hide").asText())
        .isEqualTo("=reportChanges = null or reportChanges = \"\"");
  }

  @Test
  void theChanges_nameTheBaseline_andAreCutToAFixedSize_sayingHowManyMoreTheReportHas() {
    List<CompetitorSection> sections = IntStream.range(0, 60)
        .mapToObj(i -> section("c" + i, "Competitor " + i, IntStream.range(0, 10).mapToObj(l -> "Line " + l + ".")
            .toList()))
        .toList();

    String changes = ReviewFormChanges.of("sales", Optional.of(new BaselineRun("run-41", "sales", DELIVERED)),
        sections);

    assertThat(changes).startsWith("Compared with run run-41 of 2026-12-05, the last report delivered for watch list "
        + "sales.\n\n**Competitor 0**\n\n- Line 0.\n- Line 1.\n- Line 2.\n- Line 3.\n\n**Competitor 1**");
    long shown = changes.lines().filter(l -> l.startsWith("- ")).count();
    assertThat(shown).isEqualTo(ReviewFormChanges.MAX_LINES);
    assertThat(changes).endsWith("\n" + (600 - ReviewFormChanges.MAX_LINES) + " more lines in the full report.\n");
    assertThat(changes.length()).isLessThanOrEqualTo(ReviewFormChanges.MAX_CHARS + 60);
  }

  @Test
  void withoutABaseline_theChangesSaySo_andANameFromTheFileIsText() {
    String changes = ReviewFormChanges.of("product", Optional.empty(),
        List.of(section("acme", "Acme *Analytics* [x](https://evil.example)", List.of("No report of watch list "
            + "product has been delivered yet: nothing earlier to compare with."))));

    assertThat(changes).startsWith("No report of watch list product has been delivered yet: nothing earlier to "
        + "compare with.\n\n**Acme \\*Analytics\\* \\[x\\](https://evil.example)**")
        .doesNotContain("more line");
  }

  @Test
  void theSummaryTableOfTheForm_stopsAfterItsRows_andCountsTheRest_whileTheReportKeepsEveryRow() {
    List<CompetitorSection> sections = new ArrayList<>();
    for (int i = 0; i < ReportWriter.FORM_TABLE_ROWS + 5; i++) {
      sections.add(section("c" + i, "Competitor " + i, List.of()));
    }
    ReportInput input = new ReportInput("run-1", DELIVERED, 1, Set.of(ReportWriter.OFFLINE_LABEL), null, sections,
        List.of(), List.of(), Set.of(), 900, RunCost.none());
    ReportWriter writer = new ReportWriter();

    String form = writer.summary(input, ReportWriter.FORM_TABLE_ROWS);
    String report = writer.summary(input);

    assertThat(form.lines().filter(l -> l.matches("\\| Competitor \\d+ \\|.*")).count())
        .isEqualTo(ReportWriter.FORM_TABLE_ROWS);
    assertThat(form).contains("5 more competitors in the full report.", ReportWriter.VERIFIED_LINE);
    assertThat(report.lines().filter(l -> l.matches("\\| Competitor \\d+ \\|.*")).count())
        .isEqualTo(ReportWriter.FORM_TABLE_ROWS + 5);
    assertThat(report).doesNotContain("more competitors");
  }

  private static CompetitorSection section(String id, String name, List<String> lines) {
    return new CompetitorSection(id, name, "1 usable document", List.of(), Map.of(), Map.of(),
        new SinceLastRun("run-41", Map.of(), 0, lines), Map.of(), Map.of());
  }
}
