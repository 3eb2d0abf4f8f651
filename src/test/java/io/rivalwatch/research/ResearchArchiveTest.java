package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A competitor's gathered sources are read by many jobs; the archive parses each once and never remembers absence. */
class ResearchArchiveTest {

  @TempDir Path folder;

  private ArtefactJson artefacts;
  private ResearchArchive archive;

  @BeforeEach
  void archive() {
    artefacts = new ArtefactJson(new FileArtefactStore(folder.resolve("artefacts")));
    archive = new ResearchArchive(artefacts);
  }

  @Test
  void jobsReadingTheSameSourcesShareOneParse() {
    gathered(SourceKind.WEBSITE, "https://acme.example/");

    List<GatheredSource> first = archive.sources("run-1", "acme");
    List<GatheredSource> second = archive.sources("run-1", "acme");

    assertThat(first).hasSize(1);
    assertThat(second.get(0)).isSameAs(first.get(0));
    assertThat(archive.documents("run-1", "acme")).extracting(SourceDocument::url)
        .containsExactly("https://acme.example/");
  }

  @Test
  void aSourceWrittenAfterAReadThatMissedItIsFound() {
    gathered(SourceKind.WEBSITE, "https://acme.example/");
    assertThat(archive.sources("run-1", "acme")).extracting(GatheredSource::kind).containsExactly(SourceKind.WEBSITE);

    gathered(SourceKind.NEWS, "https://news.example/acme");

    assertThat(archive.sources("run-1", "acme")).extracting(GatheredSource::kind)
        .containsExactly(SourceKind.WEBSITE, SourceKind.NEWS);
  }

  private void gathered(SourceKind kind, String url) {
    SourceDocument document = new SourceDocument(url, "Acme", kind, Instant.EPOCH, null, "hash-" + url.length(),
        "Acme sells analytics to retailers.", List.of());
    artefacts.createIfAbsent(ArtefactKeys.gatheredSource("run-1", "acme", kind.id(), 0),
        new GatheredSource(kind, 0, List.of(document), List.of(), null));
  }
}
