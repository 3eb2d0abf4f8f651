package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's page is put together from the HTML of its parts (the head, each competitor's section rendered while
 * the summary is written, the tail), and that is byte for byte the page of the whole Markdown parsed at once; a part
 * that does not stand alone (it leaves a block open, or defines a link reference) makes the page be parsed whole.
 */
class ReportPartsTest {

  private static final Path INPUT = Path.of("src/test/resources/artefact-formats/report-input/v1.json");
  private static final Predicate<String> ANY_LINK = url -> true;

  @TempDir Path data;

  @Test
  void partsThatStandAloneGiveTheWholePagesHtml_andOthersMakeThePageBeParsedWhole() {
    String head = "# Report\n\nRun `r`.\n\n## Summary\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nMissing: 1 item.\n\n";
    String section = "## Acme\n\n_Research: 4 documents._\n\n### Sentiment\n\nCalm. Based on [1](https://a.example/).\n\n"
        + "- A claim [1](https://a.example/)\n- [evil](https://evil.example/)\n\n### Sources\n\n"
        + "1. [Home](https://a.example/), website\n\n";
    String tail = "## Model usage\n\nNo language model was called for this report.\n";
    assertThat(ReportRenderer.part(section, ANY_LINK)).as("a section stands alone").isNotNull();
    assertThat(ReportRenderer.part(head, ANY_LINK)).isNotNull();

    // an unclosed fence, an HTML block that runs to its end tag, and a link reference definition: none stands alone
    String openFence = "## Globex\n\n```\ncode that never ends\n\n";
    String openHtml = "## Initech\n\n<pre>\npreformatted\n\n";
    String definition = "## Umbrella\n\nSee [the site][s].\n\n[s]: https://u.example/\n\n";
    String usesDefinition = "## Hooli\n\nAlso [the site][s].\n\n";
    assertThat(ReportRenderer.part(openFence, ANY_LINK)).isNull();
    assertThat(ReportRenderer.part(openHtml, ANY_LINK)).isNull();
    assertThat(ReportRenderer.part(definition, ANY_LINK)).isNull();

    Predicate<String> sourcesOnly = url -> url.startsWith("https://a.example/") || url.startsWith("https://u.example/");
    for (List<String> parts : List.of(List.of(head, section, tail), List.of(head, section, section, tail),
        List.of(head, openFence, section, tail), List.of(head, section, openHtml, tail),
        List.of(head, definition, usesDefinition, tail), List.of(head, usesDefinition, definition, tail),
        List.of(head, section, tail + "\n```\n"), List.of(head + "```\n", section, tail),
        List.of(head.strip(), section, tail))) {
      String whole = String.join("", parts);
      List<Map.Entry<String, String>> unrendered = new ArrayList<>();
      parts.forEach(part -> unrendered.add(new SimpleImmutableEntry<>(part, null)));
      List<Map.Entry<String, String>> renderedAhead = new ArrayList<>();
      parts.forEach(part -> renderedAhead.add(new SimpleImmutableEntry<>(part, ReportRenderer.part(part, sourcesOnly))));
      String expected = ReportRenderer.toHtml(whole, "r", sourcesOnly);
      assertThat(ReportRenderer.toHtml(unrendered, "r", sourcesOnly)).as("%s", parts).isEqualTo(expected);
      assertThat(ReportRenderer.toHtml(renderedAhead, "r", sourcesOnly)).as("%s", parts).isEqualTo(expected);
    }
  }

  @Test
  void sectionsRenderedAheadAreUsedOnlyForTheSameShorteningSourcesAndAddress() throws Exception {
    StoredReportInput stored = recorded();
    ReportInput input = stored.input();
    ReportRendering rendering = new ReportRendering();
    ArtefactLinks links = new ArtefactLinks(stored.publicUrl());
    ReportRendering.Rendered whole = rendering.render(input, links);

    ReportRendering.SectionsAhead ahead = rendering.sectionsAhead(input.sections(), input.compress(),
        input.maxSectionWords(), links);
    assertThat(ahead.sections().values()).as("every section of the recorded run stands alone")
        .allSatisfy(section -> assertThat(section.html()).isNotNull());
    assertThat(rendering.render(input, links, ahead)).isEqualTo(whole);

    // a marker in place of the first section's HTML shows whether the sections rendered ahead were used
    CompetitorSection first = input.sections().getFirst();
    Map<CompetitorSection, ReportRendering.Section> marked = new HashMap<>(ahead.sections());
    marked.put(first, new ReportRendering.Section(ahead.sections().get(first).markdown(), "<p>MARKER</p>\n"));
    var markedAhead = new ReportRendering.SectionsAhead(ahead.compress(), ahead.maxWords(), ahead.sources(),
        ahead.publicUrl(), marked);
    assertThat(rendering.render(input, links, markedAhead).html()).contains("MARKER");
    assertThat(rendering.render(input, new ArtefactLinks("https://elsewhere.example"), markedAhead).html())
        .as("rendered for another address").doesNotContain("MARKER");
    assertThat(rendering.render(input, links, new ReportRendering.SectionsAhead(Set.of(first.competitorId()),
        ahead.maxWords(), ahead.sources(), ahead.publicUrl(), marked)).html())
        .as("rendered for another shortening").doesNotContain("MARKER");
    assertThat(rendering.render(input, links, new ReportRendering.SectionsAhead(ahead.compress(), ahead.maxWords(),
        Set.of(), ahead.publicUrl(), marked)).html()).as("rendered for other sources").doesNotContain("MARKER");
  }

  private StoredReportInput recorded() throws Exception {
    var store = new FileArtefactStore(data);
    String runId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(INPUT.toFile()).path("content")
        .path("input").path("runId").asText();
    store.createIfAbsent(ArtefactKeys.reportInput(runId, 1), Files.readAllBytes(INPUT), ArtefactJson.CONTENT_TYPE);
    return new ArtefactJson(store).require(ArtefactKeys.reportInput(runId, 1), StoredReportInput.class);
  }
}
