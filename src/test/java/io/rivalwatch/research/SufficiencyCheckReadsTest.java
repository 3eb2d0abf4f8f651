package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.testsupport.ForgetfulMemory;
import io.rivalwatch.testsupport.WatchListFolder;
import io.rivalwatch.planning.PlanningProperties;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.testsupport.ForwardingArtefactStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sufficiency check sits on the way to a competitor's first analysis: it reads the rounds gathered so far and looks
 * for its own round's verdict (a retried check returns it), and asks the store for nothing else.
 */
class SufficiencyCheckReadsTest {

  @TempDir Path folder;

  private final List<String> reads = new ArrayList<>();
  private final MemoryStore memory = new ForgetfulMemory();
  private ArtefactJson artefacts;
  private SufficiencyService sufficiency;

  @BeforeEach
  void run() throws IOException {
    // two usable documents wanted, one found in each of the first two rounds
    PlanningProperties properties = WatchListFolder.write(folder, "one", "settings: {minUsableDocuments: 2, "
        + "extraResearchRounds: 2}\ncompetitors:\n  - {id: acme, name: Acme, social: {hackerNewsQuery: \"Acme\"}}\n");
    artefacts = new ArtefactJson(new ForwardingArtefactStore(new FileArtefactStore(folder.resolve("artefacts"))) {
      @Override
      public java.util.Optional<byte[]> read(ArtefactKey key) {
        reads.add(key.name());
        return super.read(key);
      }
    });
    PlanningService planning = WatchListFolder.planning(properties, artefacts, memory);
    planning.plan("run-1", "one");
    sufficiency = new SufficiencyService(planning, new ResearchArchive(artefacts), artefacts, memory,
        Clock.systemUTC());
  }

  @Test
  void eachRoundsCheckReadsTheGatheredRoundsAndOnlyItsOwnVerdict() {
    gathered(0, "https://acme.example/a");
    reads.clear();
    SufficiencyVerdict first = sufficiency.check("run-1", "acme", 0);

    assertThat(first.decision()).isEqualTo(SufficiencyVerdict.GATHER_MORE);
    assertThat(reads).filteredOn(name -> name.startsWith("sufficiency")).containsExactly("sufficiency-round-0.json");

    gathered(1, "https://acme.example/b");
    reads.clear();
    SufficiencyVerdict second = sufficiency.check("run-1", "acme", 1);

    // both rounds' documents count; round 0's verdict is not asked for again
    assertThat(second.decision()).isEqualTo(SufficiencyVerdict.SUFFICIENT);
    assertThat(second.usableDocuments()).isEqualTo(2);
    assertThat(reads).filteredOn(name -> name.startsWith("sufficiency")).containsExactly("sufficiency-round-1.json");

    // a retried check returns the stored verdict
    assertThat(sufficiency.check("run-1", "acme", 1)).isEqualTo(second);
  }

  private void gathered(int round, String url) {
    String text = IntStream.range(0, 30).mapToObj(i -> "Acme sells analytics.").reduce("", String::concat);
    SourceDocument document = new SourceDocument(url, "Acme", SourceKind.WEBSITE, Instant.EPOCH, null,
        url.hashCode() + "", text, List.of("https://acme.example/more"));
    artefacts.createIfAbsent(ArtefactKeys.gatheredSource("run-1", "acme", SourceKind.WEBSITE.id(), round),
        new GatheredSource(SourceKind.WEBSITE, round, List.of(document), List.of(), null));
  }
}
