package io.rivalwatch.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileArtefactStoreTest {

  @TempDir Path root;

  @Test
  void storesUnderRunPhaseCompetitorName() {
    var store = new FileArtefactStore(root);
    var key = ArtefactKey.of("run-1", "research", "acme", "website-round-0.json");

    assertThat(store.createIfAbsent(key, bytes("{}"), "application/json")).isTrue();

    assertThat(root.resolve("run-1/research/acme/website-round-0.json")).exists();
    assertThat(store.read(key)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
  }

  @Test
  void aSecondWriteNeverReplacesTheFirst() {
    var store = new FileArtefactStore(root);
    var key = ArtefactKey.forRun("run-1", "synthesis", "report-r1.md");

    assertThat(store.createIfAbsent(key, bytes("first"), "text/markdown")).isTrue();
    assertThat(store.createIfAbsent(key, bytes("second"), "text/markdown")).isFalse();

    assertThat(new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("first");
  }

  @Test
  void concurrentWritersAgreeOnOneWinner() throws Exception {
    var store = new FileArtefactStore(root);
    var key = ArtefactKey.of("run-1", "analysis", "acme", "sentiment.json");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String content = "writer-" + i;
      results.add(pool.submit(() -> {
        start.await();
        return store.createIfAbsent(key, bytes(content), "application/json");
      }));
    }
    start.countDown();
    int winners = 0;
    for (Future<Boolean> result : results) {
      winners += result.get() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(winners).isEqualTo(1);
    try (var files = Files.list(root.resolve("run-1/analysis/acme"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("sentiment.json");
    }
  }

  @Test
  void overwriteReplacesAndListIsInPathOrder() {
    var store = new FileArtefactStore(root);
    store.overwrite(ArtefactKey.forRun("run-2", "synthesis", "b.md"), bytes("1"), "text/markdown");
    store.overwrite(ArtefactKey.forRun("run-2", "synthesis", "b.md"), bytes("2"), "text/markdown");
    store.createIfAbsent(ArtefactKey.of("run-2", "analysis", "acme", "a.json"), bytes("x"), "application/json");

    assertThat(store.list("run-2")).extracting(ArtefactKey::path)
        .containsExactly("run-2/analysis/acme/a.json", "run-2/synthesis/_run/b.md");
    assertThat(store.list("run-unknown")).isEmpty();
    assertThat(new String(store.read(ArtefactKey.forRun("run-2", "synthesis", "b.md")).orElseThrow(),
        StandardCharsets.UTF_8)).isEqualTo("2");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
