package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.MissingArtefactException;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.testsupport.ForgetfulMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/** A run's frozen configuration is read and parsed once per run on an instance, and shared by all its jobs. */
class FrozenConfigurationTest {

  @TempDir Path folder;

  private final AtomicInteger configurationReads = new AtomicInteger();

  private final MemoryStore memory = new ForgetfulMemory();

  /** Another instance of the application: its own planning service over the same store. */
  private PlanningService instance() {
    PlanningProperties properties = PlanningProperties.of(folder.resolve("lists").toUri().toString(), null, null);
    FileArtefactStore store = new FileArtefactStore(folder.resolve("artefacts")) {
      @Override
      public Optional<byte[]> read(ArtefactKey key) {
        if (key.name().equals("run-configuration.json")) {
          configurationReads.incrementAndGet();
        }
        return super.read(key);
      }
    };
    return new PlanningService(new RunConfigurationLoader(new DefaultResourceLoader(), new StandardEnvironment(),
        properties), new ArtefactJson(store), properties, memory, Clock.systemUTC());
  }

  @Test
  void everyJobOfARunGetsTheOneParsedConfigurationAndFindsItsCompetitorById() throws IOException {
    Files.createDirectories(folder.resolve("lists"));
    Files.writeString(folder.resolve("lists").resolve("big.yaml"), "competitors:\n" + IntStream.rangeClosed(1, 50)
        .mapToObj(i -> "  - {id: c" + i + ", name: C" + i + ", social: {hackerNewsQuery: \"C" + i + "\"}}")
        .collect(Collectors.joining("\n")) + "\n");
    instance().plan("run-1", "big", null, null);

    // a second instance, which did not plan the run, reads it from the store once and keeps it parsed
    PlanningService worker = instance();
    int readsBefore = configurationReads.get();
    RunConfiguration first = worker.configuration("run-1");
    for (int job = 0; job < 50; job++) {
      assertThat(worker.configuration("run-1")).isSameAs(first);
      assertThat(worker.competitor("run-1", "c" + (job + 1)).name()).isEqualTo("C" + (job + 1));
      // its position in the watch list: the order in which the outside limits serve the run's calls (ADR 0029)
      assertThat(worker.position("run-1", "c" + (job + 1))).isEqualTo(job);
    }
    assertThat(configurationReads.get() - readsBefore).isEqualTo(1);
    assertThat(first.competitors()).hasSize(50);

    assertThatThrownBy(() -> worker.competitor("run-1", "c999")).hasMessageContaining("no competitor with id 'c999'");
    assertThatThrownBy(() -> worker.position("run-1", "c999")).hasMessageContaining("no competitor with id 'c999'");
  }

  @Test
  void aRunNotPlannedYetIsNotRememberedAsMissing() throws IOException {
    PlanningService worker = instance();
    assertThatThrownBy(() -> worker.configuration("run-2")).isInstanceOf(MissingArtefactException.class);

    Files.createDirectories(folder.resolve("lists"));
    Files.writeString(folder.resolve("lists").resolve("one.yaml"),
        "competitors:\n  - {id: c1, name: C1, social: {hackerNewsQuery: \"C1\"}}\n");
    instance().plan("run-2", "one", null, null);

    assertThat(worker.configuration("run-2").competitors()).extracting(CompetitorProfile::id).containsExactly("c1");
  }
}
