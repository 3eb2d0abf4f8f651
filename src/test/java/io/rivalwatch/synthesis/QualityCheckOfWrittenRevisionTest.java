package io.rivalwatch.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.CompetitorResults;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.testsupport.ForwardingArtefactStore;
import io.rivalwatch.testsupport.StoredRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality check of a revision this instance just wrote starts when the writer stored its Markdown, from what the
 * writer had (the Markdown, the analysed competitors, what is missing, the gathered addresses), and reads none of it
 * again; a revision written elsewhere is read from the store, with the same findings.
 */
class QualityCheckOfWrittenRevisionTest {

  private static final String MARKDOWN = """
      # Competitive intelligence report

      ## Executive summary

      Acme leads, says [a page](https://invented.example/).

      ## Summary

      1 of 1 claims verified against their sources.

      ## Acme Analytics

      ### Sentiment

      - A claim with no link

      ## Globex

      Not analysed.
      """;

  @TempDir Path directory;

  private final List<String> reads = new CopyOnWriteArrayList<>();

  @Test
  void aRevisionWrittenHereIsCheckedWithoutReadingItAgain_andOneWrittenElsewhereGivesTheSameFindings() {
    StoredRuns runs = new StoredRuns(directory);
    runs.plan("run-1", null, "acme", "Acme Analytics", "globex", "Globex");
    runs.gathered("run-1", "acme", runs.document(SourceKind.WEBSITE, "https://acme.example/", "Home", "Welcome."));
    var results = new CompetitorResults(runs.json(), runs.planning());
    results.record("run-1", new CompetitorResult("acme", "sufficient", "1 usable document", "done: 1 finding",
        "done: 1 finding", "done: 1 finding"));
    results.record("run-1", new CompetitorResult("globex", "insufficient", "nothing usable", "failed: no text",
        "failed: no text", "failed: no text"));
    for (int revision : List.of(1, 2)) {
      runs.store().createIfAbsent(ArtefactKeys.reportMarkdown("run-1", revision),
          MARKDOWN.getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
    }
    var counting = new ForwardingArtefactStore(runs.store()) {
      @Override
      public Optional<byte[]> read(ArtefactKey key) {
        if (!key.name().startsWith("quality")) {
          reads.add(key.path());
        }
        return super.read(key);
      }
    };
    ArtefactJson json = new ArtefactJson(counting);
    ResearchArchive research = new ResearchArchive(json);
    MissingItems missing = new MissingItems(research);
    ReportedResults reported = new ReportedResults(new CompetitorResults(json, runs.planning()), counting);
    ReportQuality quality = new ReportQuality(runs.planning(), json, counting, research, reported, missing, 0);

    // what the writer had when it wrote revision 1 here
    Map<String, CompetitorResult> byId = reported.of("run-1");
    var analysed = ReportQuality.analysed(byId);
    quality.written("run-1", 1, new ReportQuality.Inputs(MARKDOWN, analysed,
        missing.of("run-1", runs.planning().configuration("run-1"), byId), quality.knownUrls("run-1", analysed)));
    reads.clear();
    // found from the moment the writer stored the Markdown, before the check's job comes
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> quality.checkedAhead("run-1", 1));
    assertThat(quality.checkedAhead("run-1", 2)).as("revision 2 was not written here").isFalse();

    QualityReport checkedHere = quality.check("run-1", 1);
    assertThat(reads).as("nothing read again").isEmpty();
    QualityReport checkedFromTheStore = quality.check("run-1", 2);
    assertThat(reads).as("revision 2 was not written here").isNotEmpty();

    assertThat(checkedHere.findings()).isNotEmpty().isEqualTo(checkedFromTheStore.findings());
    assertThat(checkedHere.findings()).extracting(QualityFinding::rule)
        .contains(QualityFinding.UNCITED_CLAIM, QualityFinding.UNKNOWN_SOURCE, QualityFinding.MISSING_NOT_LISTED);
  }
}
