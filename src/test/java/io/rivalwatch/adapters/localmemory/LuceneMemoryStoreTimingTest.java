package io.rivalwatch.adapters.localmemory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryQuery;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how long the local memory takes; asserts nothing. Opt-in, and meant to run alone so the model load
 * is the first in the JVM:
 * {@code ./mvnw -q -B test -Dtest=LuceneMemoryStoreTimingTest -Dmemory.timings=true}
 * (the output lands in target/surefire-reports/*LuceneMemoryStoreTimingTest-output.txt).
 */
@EnabledIfSystemProperty(named = "memory.timings", matches = "true")
class LuceneMemoryStoreTimingTest {

  private static final int COUNT = 100;

  @TempDir Path indexDirectory;

  @Test
  void printTimings() throws Exception {
    long t0 = System.nanoTime();
    EmbeddingModel model = EmbeddingModels.allMiniLmL6V2Quantized();
    long t1 = System.nanoTime();
    model.embed("warm up");
    long t2 = System.nanoTime();

    String[] topics = {"pricing", "hiring", "a product launch", "an outage", "a partnership", "funding"};
    try (LuceneMemoryStore store = new LuceneMemoryStore(indexDirectory, model)) {
      long t3 = System.nanoTime();
      for (int i = 0; i < COUNT; i++) {
        String competitor = "c" + (i % 5);
        store.record(new MemoryEntry("run-1/research/" + competitor + "/" + i,
            MemoryEntry.competitorNamespace(competitor), "run-" + (i % 3), "research", competitor, "sufficient",
            "Competitor " + competitor + " news item " + i + " about " + topics[i % topics.length] + ".",
            Instant.now()));
      }
      long t4 = System.nanoTime();
      for (int i = 0; i < COUNT; i++) {
        String competitor = "c" + (i % 5);
        store.search(MemoryQuery.beforeRun(MemoryEntry.competitorNamespace(competitor),
            "what happened about " + topics[i % topics.length] + "?", 5, "run-2"));
      }
      long t5 = System.nanoTime();
      for (int i = 0; i < COUNT; i++) {
        model.embed("Competitor news item " + i + " about " + topics[i % topics.length] + ".");
      }
      long t6 = System.nanoTime();
      System.out.printf("memory timings: model load %d ms, first embedding %d ms, %d records %d ms (%.1f ms each),"
              + " %d searches %d ms (%.1f ms each); of which embedding alone: %d texts %d ms%n",
          ms(t1 - t0), ms(t2 - t1), COUNT, ms(t4 - t3), (t4 - t3) / 1e6 / COUNT, COUNT, ms(t5 - t4),
          (t5 - t4) / 1e6 / COUNT, COUNT, ms(t6 - t5));
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
