package io.rivalwatch.adapters.localmemory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryRetention;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.memory.RememberedItem;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * The local long-term memory: a Lucene index on disk with offline embeddings, standing in for Amazon Bedrock
 * AgentCore Memory. As there, entries live in namespaces (one per competitor, plus the run log) and carry the
 * run and phase that recorded them (AgentCore's session); a search looks in one namespace only.
 *
 * <p><b>Ranking.</b> Each search runs two rankings over the same filter (namespace, and the run filters of the
 * query): a k-nearest-neighbour search on the embedding of the entry text (dot product of unit vectors, that
 * is cosine similarity) and a BM25 keyword search on the analysed text. Meaning alone misses exact tokens the
 * model has never seen (a made-up product name, a ticker); keywords alone miss paraphrases ("cost" vs
 * "charges $49"). The two lists are merged by reciprocal-rank fusion, {@code sum 1 / (60 + rank)}, with equal
 * weights: it needs no calibration between cosine and BM25 scores, which live on unrelated scales. The score
 * in a {@link MemoryHit} is that fused value divided by its maximum {@code 2 / 61}, so it lies in (0, 1]; 1.0
 * means first in both rankings. It orders hits; it is not a similarity to compare against a fixed threshold.
 *
 * <p><b>Durability.</b> {@link #record} commits (fsync) before it returns, so an entry whose record call
 * returned survives a crash of the process right after; and the searcher is refreshed before it returns, so
 * the caller's next search sees it. Concurrent writers share the one {@link IndexWriter}; a commit started by
 * one thread may carry another thread's entry, which then commits cheaply.
 *
 * <p><b>Idempotence.</b> The entry id is the document key ({@link IndexWriter#updateDocument}): recording an id
 * again replaces the earlier entry (also if it was in another namespace), and recording an entry equal to the
 * stored one writes nothing at all.
 *
 * <p>Thread-safe. One instance per index directory: Lucene's write lock makes a second store on the same
 * directory fail at construction. Close it on shutdown.
 */
public final class LuceneMemoryStore implements MemoryStore, MemoryRetention, Closeable {

  static final String FIELD_ID = "id";
  static final String FIELD_NAMESPACE = "namespace";
  static final String FIELD_RUN_ID = "runId";
  static final String FIELD_PHASE = "phase";
  static final String FIELD_COMPETITOR_ID = "competitorId";
  static final String FIELD_STATUS = "status";
  static final String FIELD_TEXT = "text";
  static final String FIELD_RECORDED_AT = "recordedAt";
  static final String FIELD_VECTOR = "vector";

  /** The usual reciprocal-rank-fusion constant: damps the weight of the very first ranks. */
  static final int RRF_K = 60;

  private static final double MAX_FUSED_SCORE = 2.0 / (RRF_K + 1);

  /** Each ranking looks at least this deep before fusion, so an entry ranked low in one list can still rise. */
  private static final int MIN_CANDIDATES = 50;

  /** Keyword clauses taken from one question; keeps a pasted paragraph far below Lucene's clause limit. */
  private static final int MAX_KEYWORDS = 64;

  /**
   * Function words left out of the keyword ranking (they would let any entry containing "it" or "does" compete
   * with real term matches). The vector ranking still sees the whole question.
   */
  private static final CharArraySet STOP_WORDS =
      CharArraySet.unmodifiableSet(
          new CharArraySet(
              List.of(
                  "a", "about", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
                  "could", "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in",
                  "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "so", "some",
                  "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
                  "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why",
                  "will", "with", "would", "you", "your"),
              true));

  private final Path indexDirectory;
  private final EmbeddingModel embeddingModel;
  private final Analyzer analyzer;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searcherManager;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Opens the index in {@code indexDirectory}, creating the directory and an empty index if needed.
   *
   * @param embeddingModel must be the model the index was built with (vector dimensions are checked)
   * @throws UncheckedIOException if the index cannot be opened, for example because another store holds it
   */
  public LuceneMemoryStore(Path indexDirectory, EmbeddingModel embeddingModel) {
    this.indexDirectory = Objects.requireNonNull(indexDirectory, "indexDirectory");
    this.embeddingModel = Objects.requireNonNull(embeddingModel, "embeddingModel");
    this.analyzer = new StandardAnalyzer(STOP_WORDS);
    Directory openedDirectory = null;
    IndexWriter openedWriter = null;
    SearcherManager openedManager = null;
    try {
      Files.createDirectories(indexDirectory);
      openedDirectory = FSDirectory.open(indexDirectory);
      openedWriter =
          new IndexWriter(
              openedDirectory,
              new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      openedManager = new SearcherManager(openedWriter, null);
      checkVectorDimension(openedManager);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(openedManager, openedWriter, openedDirectory, analyzer);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot open the memory index in " + indexDirectory, io);
      }
      throw (RuntimeException) e;
    }
    this.directory = openedDirectory;
    this.writer = openedWriter;
    this.searcherManager = openedManager;
  }

  @Override
  public void record(MemoryEntry entry) {
    validate(entry);
    ensureOpen();
    try {
      if (entry.equals(findById(entry.id()))) {
        return; // a retried job recording the same milestone: nothing changes, nothing is written
      }
      Document document = toDocument(entry, embed(entry.text()));
      writer.updateDocument(new Term(FIELD_ID, entry.id()), document);
      // Durability rule: commit before returning. Once record() has returned, the entry is fsynced to disk.
      writer.commit();
      // Read-your-writes: the caller's next search sees the entry.
      searcherManager.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record memory entry " + entry.id() + " in " + indexDirectory, e);
    }
  }

  @Override
  public List<MemoryHit> search(MemoryQuery query) {
    Objects.requireNonNull(query, "query");
    if (query.namespace() == null) {
      throw new IllegalArgumentException("MemoryQuery.namespace must not be null");
    }
    requireText(query.text(), "MemoryQuery.text");
    if (query.topK() < 1) {
      throw new IllegalArgumentException("MemoryQuery.topK must be at least 1, was " + query.topK());
    }
    ensureOpen();
    if (query.namespace().isBlank()) {
      return List.of(); // no entry is ever recorded in a blank namespace (record refuses it)
    }
    Query filter = filterFor(query);
    int depth = Math.max(query.topK(), MIN_CANDIDATES);
    float[] questionVector = embed(query.text());
    Query keywords = keywordQuery(query.text());
    try {
      IndexSearcher searcher = searcherManager.acquire();
      try {
        TopDocs byMeaning = searcher.search(new KnnFloatVectorQuery(FIELD_VECTOR, questionVector, depth, filter), depth);
        TopDocs byKeywords =
            keywords == null
                ? null
                : searcher.search(
                    new BooleanQuery.Builder().add(keywords, Occur.MUST).add(filter, Occur.FILTER).build(), depth);
        return toHits(searcher, fuse(byMeaning, byKeywords), query.topK());
      } finally {
        searcherManager.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the memory index in " + indexDirectory, e);
    }
  }

  /**
   * Entries whose {@code recordedAt} is before the cutoff. The time is a stored field, not an indexed one, so this
   * reads every live document: the index holds a few entries per competitor and run, and retention runs once a day.
   */
  @Override
  public List<RememberedItem> recordedBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    ensureOpen();
    try {
      IndexSearcher searcher = searcherManager.acquire();
      try {
        List<RememberedItem> expired = new ArrayList<>();
        var reader = searcher.getIndexReader();
        StoredFields storedFields = searcher.storedFields();
        var liveDocs = org.apache.lucene.index.MultiBits.getLiveDocs(reader);
        for (int doc = 0; doc < reader.maxDoc(); doc++) {
          if (liveDocs != null && !liveDocs.get(doc)) {
            continue;
          }
          Document document = storedFields.document(doc);
          String recordedAt = document.get(FIELD_RECORDED_AT);
          if (recordedAt != null && Instant.parse(recordedAt).isBefore(cutoff)) {
            expired.add(new RememberedItem(RememberedItem.ENTRY, document.get(FIELD_ID), document.get(FIELD_RUN_ID),
                Instant.parse(recordedAt)));
          }
        }
        expired.sort(Comparator.comparing(RememberedItem::at).thenComparing(RememberedItem::id));
        return expired;
      } finally {
        searcherManager.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the memory index in " + indexDirectory, e);
    }
  }

  /** Deletes the entry by its id and commits, as {@link #record} does. */
  @Override
  public void delete(RememberedItem item) {
    Objects.requireNonNull(item, "item");
    if (!RememberedItem.ENTRY.equals(item.kind())) {
      throw new IllegalArgumentException("the local memory holds entries only, not a " + item.kind());
    }
    ensureOpen();
    try {
      writer.deleteDocuments(new Term(FIELD_ID, item.id()));
      writer.commit();
      searcherManager.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete memory entry " + item.id() + " in " + indexDirectory, e);
    }
  }

  /** Closes the index; entries recorded so far are already committed. Calling it again does nothing. */
  @Override
  public void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      IOUtils.close(searcherManager, writer, directory, analyzer);
    }
  }

  // --- ranking -------------------------------------------------------------------------------------------

  /** Namespace always; run filters as the query asks. A Lucene pre-filter for both rankings. */
  private static Query filterFor(MemoryQuery query) {
    BooleanQuery.Builder filter = new BooleanQuery.Builder();
    filter.add(new TermQuery(new Term(FIELD_NAMESPACE, query.namespace())), Occur.FILTER);
    if (query.onlyRunId() != null) {
      filter.add(new TermQuery(new Term(FIELD_RUN_ID, query.onlyRunId())), Occur.FILTER);
    }
    if (query.excludeRunId() != null) {
      filter.add(new TermQuery(new Term(FIELD_RUN_ID, query.excludeRunId())), Occur.MUST_NOT);
    }
    return filter.build();
  }

  /** Any of the question's analysed terms (stop words dropped), BM25-scored; null if none are left. */
  private Query keywordQuery(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream tokens = analyzer.tokenStream(FIELD_TEXT, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken() && terms.size() < MAX_KEYWORDS) {
        terms.add(term.toString());
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse the question", e); // a StringReader does not fail
    }
    if (terms.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder anyTerm = new BooleanQuery.Builder();
    terms.forEach(t -> anyTerm.add(new TermQuery(new Term(FIELD_TEXT, t)), Occur.SHOULD));
    return anyTerm.build();
  }

  /** Reciprocal-rank fusion; ties go to the better meaning rank, then to the older document. */
  private static List<Fused> fuse(TopDocs byMeaning, TopDocs byKeywords) {
    Map<Integer, Fused> fused = new HashMap<>();
    ScoreDoc[] meaning = byMeaning.scoreDocs;
    for (int i = 0; i < meaning.length; i++) {
      fused.computeIfAbsent(meaning[i].doc, Fused::new).meaningRank = i + 1;
    }
    if (byKeywords != null) {
      ScoreDoc[] keywords = byKeywords.scoreDocs;
      for (int i = 0; i < keywords.length; i++) {
        fused.computeIfAbsent(keywords[i].doc, Fused::new).keywordRank = i + 1;
      }
    }
    List<Fused> ranked = new ArrayList<>(fused.values());
    ranked.sort(
        Comparator.comparingDouble(Fused::score)
            .reversed()
            .thenComparingInt(f -> f.meaningRank)
            .thenComparingInt(f -> f.doc));
    return ranked;
  }

  private static List<MemoryHit> toHits(IndexSearcher searcher, List<Fused> ranked, int topK) throws IOException {
    StoredFields storedFields = searcher.storedFields();
    List<MemoryHit> hits = new ArrayList<>(Math.min(topK, ranked.size()));
    for (Fused f : ranked.subList(0, Math.min(topK, ranked.size()))) {
      hits.add(new MemoryHit(toEntry(storedFields.document(f.doc)), f.score() / MAX_FUSED_SCORE));
    }
    return hits;
  }

  private static final class Fused {
    final int doc;
    int meaningRank = Integer.MAX_VALUE;
    int keywordRank = Integer.MAX_VALUE;

    Fused(int doc) {
      this.doc = doc;
    }

    double score() {
      return contribution(meaningRank) + contribution(keywordRank);
    }

    private static double contribution(int rank) {
      return rank == Integer.MAX_VALUE ? 0.0 : 1.0 / (RRF_K + rank);
    }
  }

  // --- documents -----------------------------------------------------------------------------------------

  private MemoryEntry findById(String id) throws IOException {
    IndexSearcher searcher = searcherManager.acquire();
    try {
      TopDocs found = searcher.search(new TermQuery(new Term(FIELD_ID, id)), 1);
      return found.scoreDocs.length == 0 ? null : toEntry(searcher.storedFields().document(found.scoreDocs[0].doc));
    } finally {
      searcherManager.release(searcher);
    }
  }

  private static Document toDocument(MemoryEntry entry, float[] vector) {
    Document doc = new Document();
    doc.add(new StringField(FIELD_ID, entry.id(), Field.Store.YES));
    doc.add(new StringField(FIELD_NAMESPACE, entry.namespace(), Field.Store.YES));
    doc.add(new StringField(FIELD_RUN_ID, entry.runId(), Field.Store.YES));
    addStoredIfPresent(doc, FIELD_PHASE, entry.phase());
    addStoredIfPresent(doc, FIELD_COMPETITOR_ID, entry.competitorId());
    addStoredIfPresent(doc, FIELD_STATUS, entry.status());
    if (entry.recordedAt() != null) {
      doc.add(new StoredField(FIELD_RECORDED_AT, entry.recordedAt().toString())); // ISO-8601 keeps nanoseconds
    }
    doc.add(new TextField(FIELD_TEXT, entry.text(), Field.Store.YES));
    doc.add(new KnnFloatVectorField(FIELD_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }

  private static void addStoredIfPresent(Document doc, String field, String value) {
    if (value != null) {
      doc.add(new StoredField(field, value));
    }
  }

  private static MemoryEntry toEntry(Document doc) {
    String recordedAt = doc.get(FIELD_RECORDED_AT);
    return new MemoryEntry(
        doc.get(FIELD_ID),
        doc.get(FIELD_NAMESPACE),
        doc.get(FIELD_RUN_ID),
        doc.get(FIELD_PHASE),
        doc.get(FIELD_COMPETITOR_ID),
        doc.get(FIELD_STATUS),
        doc.get(FIELD_TEXT),
        recordedAt == null ? null : Instant.parse(recordedAt));
  }

  // --- embeddings and checks -----------------------------------------------------------------------------

  /** The embedding scaled to unit length, as DOT_PRODUCT similarity requires (it then equals cosine). */
  private float[] embed(String text) {
    Embedding embedding = embeddingModel.embed(text).content();
    float[] vector = embedding.vector().clone();
    double sumOfSquares = 0;
    for (float v : vector) {
      sumOfSquares += (double) v * v;
    }
    if (sumOfSquares == 0) {
      throw new IllegalStateException("the embedding model returned a zero vector for: " + text);
    }
    float scale = (float) (1.0 / Math.sqrt(sumOfSquares));
    for (int i = 0; i < vector.length; i++) {
      vector[i] *= scale;
    }
    return vector;
  }

  /** An index built with another model would fail on the first write, or worse, compare unrelated vectors. */
  private void checkVectorDimension(SearcherManager manager) throws IOException {
    IndexSearcher searcher = manager.acquire();
    try {
      FieldInfo vectors = FieldInfos.getMergedFieldInfos(searcher.getIndexReader()).fieldInfo(FIELD_VECTOR);
      int modelDimension = embeddingModel.dimension();
      if (vectors != null && vectors.getVectorDimension() != modelDimension) {
        throw new IllegalStateException(
            "the memory index in " + indexDirectory + " holds vectors of " + vectors.getVectorDimension()
                + " dimensions but the embedding model gives " + modelDimension
                + ": open it with the model it was built with, or use a new directory");
      }
    } finally {
      manager.release(searcher);
    }
  }

  private static void validate(MemoryEntry entry) {
    Objects.requireNonNull(entry, "entry");
    requireText(entry.id(), "MemoryEntry.id");
    requireText(entry.namespace(), "MemoryEntry.namespace");
    requireText(entry.runId(), "MemoryEntry.runId");
    requireText(entry.text(), "MemoryEntry.text");
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the memory store on " + indexDirectory + " is closed");
    }
  }
}
