package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard of {@link ReportRendering#RENDERER_VERSION}: the recorded input of a real run renders to the output
 * recorded for this version, byte for byte. A change to the report's bytes without a new version fails here, since
 * rebuilding a delivered report (docs/rebuilding-reports.md) would then call a changed report identical in version.
 *
 * <p>{@code -Dreport-rendering.record=true} records the output of a version that has none yet (never overwrites).
 */
class ReportRenderingTest {

  private static final Path INPUT = Path.of("src/test/resources/artefact-formats/report-input/v1.json");
  private static final Path RECORDED = Path.of("src/test/resources/report-rendering");
  private static final boolean RECORD = Boolean.getBoolean("report-rendering.record");

  @TempDir Path data;

  @Test
  void theRecordedInputRendersToTheOutputRecordedForThisRendererVersion() throws Exception {
    var store = new FileArtefactStore(data);
    String runId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(INPUT.toFile()).path("content")
        .path("input").path("runId").asText();
    store.createIfAbsent(ArtefactKeys.reportInput(runId, 1), Files.readAllBytes(INPUT), ArtefactJson.CONTENT_TYPE);
    StoredReportInput stored = new ArtefactJson(store).require(ArtefactKeys.reportInput(runId, 1),
        StoredReportInput.class);

    var rendered = new ReportRendering().render(stored.input(), new ArtefactLinks(stored.publicUrl()));
    // the report's writer renders the sections while the summary is written: the same bytes as rendering them here
    var rendering = new ReportRendering();
    Map<CompetitorSection, String> early = new java.util.HashMap<>();
    stored.input().sections().forEach(section -> early.put(section,
        rendering.section(section, stored.input().compress(), stored.input().maxSectionWords())));
    var renderedEarly = rendering.render(stored.input(), new ArtefactLinks(stored.publicUrl()), early);
    assertThat(early).isNotEmpty();
    assertThat(renderedEarly).isEqualTo(rendered);

    int version = ReportRendering.RENDERER_VERSION;
    for (var output : Map.of("md", rendered.markdown(), "html", rendered.html(), "summary.md", rendered.summary())
        .entrySet()) {
      Path recorded = RECORDED.resolve("v" + version + "." + output.getKey());
      if (!Files.exists(recorded) && RECORD) {
        Files.createDirectories(RECORDED);
        Files.writeString(recorded, output.getValue(), StandardCharsets.UTF_8);
      }
      assertThat(recorded).as("no output recorded for renderer version %d: run this test with "
          + "-Dreport-rendering.record=true and commit %s", version, recorded).exists();
      assertThat(output.getValue()).as("The report renders differently from what renderer version %d rendered (%s)."
              + " Either undo the change, or set ReportRendering.RENDERER_VERSION to %d and record its output with "
              + "-Dreport-rendering.record=true (docs/rebuilding-reports.md)", version, recorded, version + 1)
          .isEqualTo(Files.readString(recorded, StandardCharsets.UTF_8));
    }
  }
}
