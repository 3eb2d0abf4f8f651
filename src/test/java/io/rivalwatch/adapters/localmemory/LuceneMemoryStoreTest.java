package io.rivalwatch.adapters.localmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneMemoryStoreTest {

  private static final String ACME = MemoryEntry.competitorNamespace("acme");
  private static final String GLOBEX = MemoryEntry.competitorNamespace("globex");

  @TempDir Path indexDirectory;

  private LuceneMemoryStore store;

  @BeforeEach
  void openStore() {
    store = new LuceneMemoryStore(indexDirectory, EmbeddingModels.allMiniLmL6V2Quantized());
  }

  @AfterEach
  void closeStore() throws Exception {
    store.close();
  }

  @Test
  void recordingTheSameEntryTwiceKeepsOneEntryAndWritesNothingTheSecondTime() throws Exception {
    MemoryEntry entry = entry("run-1/research/acme", ACME, "run-1", "Acme raised its Pro plan price to $49.");
    store.record(entry);
    long generationAfterFirst = commitGeneration();

    store.record(entry);

    assertThat(store.search(new MemoryQuery(ACME, "price of the Pro plan", 10, null, null)))
        .extracting(MemoryHit::entry)
        .containsExactly(entry);
    assertThat(commitGeneration()).isEqualTo(generationAfterFirst);
  }

  @Test
  void recordingAnIdAgainWithOtherContentReplacesTheEntry() {
    store.record(entry("run-1/research/acme", ACME, "run-1", "Research found too little about Acme."));
    MemoryEntry retried = entry("run-1/research/acme", ACME, "run-1", "Acme raised its Pro plan price to $49.");

    store.record(retried);

    assertThat(store.search(new MemoryQuery(ACME, "what did research find?", 10, null, null)))
        .extracting(MemoryHit::entry)
        .containsExactly(retried);
  }

  @Test
  void hitsGiveBackEveryFieldAsRecorded() {
    MemoryEntry withNulls =
        new MemoryEntry("run-1/synthesis", MemoryEntry.RUN_NAMESPACE, "run-1", "synthesis", null, null,
            "The weekly report covered four competitors.", null);
    MemoryEntry full =
        new MemoryEntry("run-1/analysis/acme", ACME, "run-1", "analysis", "acme", "done",
            "Acme is moving up-market.", Instant.parse("2025-03-01T02:03:04.123456789Z"));
    store.record(withNulls);
    store.record(full);

    assertThat(store.search(new MemoryQuery(MemoryEntry.RUN_NAMESPACE, "report", 5, null, null)))
        .extracting(MemoryHit::entry)
        .containsExactly(withNulls);
    assertThat(store.search(new MemoryQuery(ACME, "strategy", 5, null, null)))
        .extracting(MemoryHit::entry)
        .containsExactly(full);
  }

  @Test
  void searchLooksInTheAskedNamespaceOnly() {
    MemoryEntry acme = entry("run-1/research/acme", ACME, "run-1", "Acme charges $49 per user per month.");
    MemoryEntry globex = entry("run-1/research/globex", GLOBEX, "run-1", "Globex charges $39 per user per month.");
    store.record(acme);
    store.record(globex);

    assertThat(store.search(new MemoryQuery(ACME, "pricing per user", 10, null, null)))
        .extracting(MemoryHit::entry)
        .containsExactly(acme);
    assertThat(store.search(new MemoryQuery(GLOBEX, "pricing per user", 10, null, null)))
        .extracting(MemoryHit::entry)
        .containsExactly(globex);
    assertThat(store.search(new MemoryQuery(MemoryEntry.competitorNamespace("initech"), "pricing", 10, null, null)))
        .isEmpty();
    assertThat(store.search(new MemoryQuery("", "pricing", 10, null, null))).isEmpty();
  }

  @Test
  void onlyRunIdAndExcludeRunIdFilterByRun() {
    MemoryEntry lastWeek = entry("run-1/analysis/acme", ACME, "run-1", "Acme's Pro plan costs $39 per user.");
    MemoryEntry thisWeek = entry("run-2/analysis/acme", ACME, "run-2", "Acme's Pro plan costs $49 per user.");
    store.record(lastWeek);
    store.record(thisWeek);

    assertThat(store.search(MemoryQuery.inRun(ACME, "Pro plan price", 10, "run-2")))
        .extracting(MemoryHit::entry)
        .containsExactly(thisWeek);
    assertThat(store.search(MemoryQuery.beforeRun(ACME, "Pro plan price", 10, "run-2")))
        .extracting(MemoryHit::entry)
        .containsExactly(lastWeek);
    assertThat(store.search(new MemoryQuery(ACME, "Pro plan price", 10, null, null)))
        .extracting(MemoryHit::entry)
        .containsExactlyInAnyOrder(lastWeek, thisWeek);
  }

  @Test
  void ranksByMeaningBestFirstAndAtMostTopK() {
    MemoryEntry pricing = entry("e-pricing", ACME, "run-1", "Acme charges $49 per user per month for its Pro plan");
    MemoryEntry hiring = entry("e-hiring", ACME, "run-1", "Acme hired a new head of sales in Berlin");
    MemoryEntry outage = entry("e-outage", ACME, "run-1", "Acme's status page reported a two-hour outage in March");
    store.record(hiring);
    store.record(outage);
    store.record(pricing);

    List<MemoryHit> hits = store.search(new MemoryQuery(ACME, "how much does it cost?", 3, null, null));

    assertThat(hits).extracting(MemoryHit::entry).first().isEqualTo(pricing);
    assertThat(indexOf(hits, pricing)).isLessThan(indexOf(hits, hiring));
    assertThat(hits).extracting(MemoryHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(hits).allSatisfy(hit -> assertThat(hit.score()).isGreaterThan(0).isLessThanOrEqualTo(1));
    assertThat(store.search(new MemoryQuery(ACME, "how much does it cost?", 2, null, null))).hasSize(2);
  }

  @Test
  void findsAnEntryByAnExactTermThatMeaningAloneRanksLow() {
    // The only link between the question and this entry is the made-up product name, buried in other news.
    MemoryEntry zentrix = entry("e-zentrix", ACME, "run-1",
        "Acme's weekly news: a new office in Berlin, a support team in Lisbon, a football sponsorship,"
            + " and Zentrix among new partners.");
    List<MemoryEntry> aboutPrices = List.of(
        entry("e-1", ACME, "run-1", "Acme charges $49 per user per month for its Pro plan"),
        entry("e-2", ACME, "run-1", "Acme's Enterprise plan costs $99 a month per seat."),
        entry("e-3", ACME, "run-1", "Acme cut its starter tier to $9."),
        entry("e-4", ACME, "run-1", "Acme's annual billing gives two months free."));
    String question = "What do we know about Zentrix pricing?";
    aboutPrices.forEach(store::record);
    store.record(zentrix);
    // precondition: by meaning alone, entries about prices come first, so the keyword ranking must lift it
    assertThat(meaningRank(question, zentrix, aboutPrices)).isGreaterThan(1);

    List<MemoryHit> hits = store.search(new MemoryQuery(ACME, question, 3, null, null));

    assertThat(hits).extracting(MemoryHit::entry).first().isEqualTo(zentrix);
  }

  @Test
  void anEntryIsCommittedToDiskWhenRecordReturns() throws Exception {
    store.record(entry("run-1/research/acme", ACME, "run-1", "Acme opened an office in Singapore."));

    // What a restart after a crash would read: the last commit on disk, without closing the store.
    try (Directory directory = FSDirectory.open(indexDirectory);
        DirectoryReader lastCommit = DirectoryReader.open(directory)) {
      assertThat(lastCommit.docFreq(new Term(LuceneMemoryStore.FIELD_ID, "run-1/research/acme"))).isEqualTo(1);
    }
  }

  @Test
  void entriesSurviveClosingAndReopeningTheStore() throws Exception {
    MemoryEntry entry = entry("run-1/research/acme", ACME, "run-1", "Acme opened an office in Singapore.");
    store.record(entry);
    store.close();

    store = new LuceneMemoryStore(indexDirectory, EmbeddingModels.allMiniLmL6V2Quantized());

    assertThat(store.search(MemoryQuery.beforeRun(ACME, "expansion into Asia", 5, "run-2")))
        .extracting(MemoryHit::entry)
        .containsExactly(entry);
    MemoryEntry next = entry("run-2/research/acme", ACME, "run-2", "Acme closed its Singapore office.");
    store.record(next);
    assertThat(store.search(new MemoryQuery(ACME, "Singapore office", 5, null, null)))
        .extracting(MemoryHit::entry)
        .containsExactlyInAnyOrder(entry, next);
  }

  @Test
  void recordAndSearchFromSeveralThreadsAtOnce() throws Exception {
    int threads = 4;
    int entriesPerThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Void>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int worker = t;
      workers.add(
          () -> {
            start.await();
            for (int i = 0; i < entriesPerThread; i++) {
              store.record(entry("w" + worker + "-" + i, ACME, "run-1",
                  "Worker " + worker + " noted finding number " + i + " about Acme pricing."));
              // every worker also records one shared id, as retried jobs would
              store.record(entry("shared", ACME, "run-1", "A milestone every worker records."));
              assertThat(store.search(new MemoryQuery(ACME, "Acme pricing findings", 5, null, null))).isNotEmpty();
            }
            return null;
          });
    }
    List<Future<Void>> results = new ArrayList<>();
    try {
      workers.forEach(w -> results.add(pool.submit(w)));
      start.countDown();
      for (Future<Void> result : results) {
        result.get(120, TimeUnit.SECONDS); // rethrows a worker's failure
      }
    } finally {
      pool.shutdownNow();
    }

    List<MemoryHit> all = store.search(new MemoryQuery(ACME, "findings", 100, null, null));
    assertThat(all).hasSize(threads * entriesPerThread + 1);
    assertThat(all).extracting(hit -> hit.entry().id()).doesNotHaveDuplicates();
  }

  @Test
  void rejectsQuestionsAndEntriesWithoutText() {
    assertThatThrownBy(() -> store.search(new MemoryQuery(ACME, "  ", 5, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MemoryQuery.text");
    assertThatThrownBy(() -> store.search(new MemoryQuery(ACME, null, 5, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MemoryQuery.text");
    assertThatThrownBy(() -> store.search(new MemoryQuery(ACME, "pricing", 0, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MemoryQuery.topK");
    assertThatThrownBy(() -> store.search(new MemoryQuery(null, "pricing", 5, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MemoryQuery.namespace");
    assertThatThrownBy(() -> store.record(entry("e-1", ACME, "run-1", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MemoryEntry.text");
    assertThatThrownBy(() -> store.record(entry("e-1", ACME, null, "Acme hired.")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MemoryEntry.runId");
  }

  @Test
  void refusesAnIndexBuiltWithAModelOfOtherDimensions() throws Exception {
    store.record(entry("e-1", ACME, "run-1", "Acme hired a new head of sales."));
    store.close();

    assertThatThrownBy(() -> new LuceneMemoryStore(indexDirectory, new ConstantModel(8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("384")
        .hasMessageContaining("8");

    store = new LuceneMemoryStore(indexDirectory, EmbeddingModels.allMiniLmL6V2Quantized()); // lock was released
  }

  @Test
  void aClosedStoreSaysSo() throws Exception {
    store.close();
    store.close(); // idempotent

    assertThatThrownBy(() -> store.search(new MemoryQuery(ACME, "pricing", 5, null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static MemoryEntry entry(String id, String namespace, String runId, String text) {
    String competitor = namespace.startsWith("competitors/") ? namespace.substring("competitors/".length()) : null;
    return new MemoryEntry(id, namespace, runId, "research", competitor, "sufficient", text,
        Instant.parse("2025-03-01T02:00:00Z"));
  }

  private static int indexOf(List<MemoryHit> hits, MemoryEntry entry) {
    return hits.stream().map(MemoryHit::entry).toList().indexOf(entry);
  }

  /** 1-based rank of {@code target} among {@code target} and {@code others} by cosine similarity alone. */
  private static int meaningRank(String question, MemoryEntry target, List<MemoryEntry> others) {
    EmbeddingModel model = EmbeddingModels.allMiniLmL6V2Quantized();
    Embedding q = model.embed(question).content();
    double targetSimilarity = cosine(q, model.embed(target.text()).content());
    return 1 + (int) others.stream()
        .filter(e -> cosine(q, model.embed(e.text()).content()) > targetSimilarity)
        .count();
  }

  private static double cosine(Embedding a, Embedding b) {
    double dot = 0, normA = 0, normB = 0;
    for (int i = 0; i < a.dimension(); i++) {
      dot += a.vector()[i] * b.vector()[i];
      normA += a.vector()[i] * a.vector()[i];
      normB += b.vector()[i] * b.vector()[i];
    }
    return dot / Math.sqrt(normA * normB);
  }

  private long commitGeneration() throws Exception {
    try (Directory directory = FSDirectory.open(indexDirectory)) {
      return SegmentInfos.readLatestCommit(directory).getGeneration();
    }
  }

  /** A stand-in model of another size, to check the dimension guard. */
  private record ConstantModel(int dimension) implements EmbeddingModel {
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      float[] vector = new float[dimension];
      vector[0] = 1;
      return Response.from(segments.stream().map(s -> Embedding.from(vector.clone())).toList());
    }
  }
}
