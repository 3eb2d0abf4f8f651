package io.rivalwatch.benchmark;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Analyser;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.distribution.ChatWebhook;
import io.rivalwatch.distribution.Mailer;
import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.memory.MemoryQuery;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceConnector;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.synthesis.ExecutiveSummaryWriter;
import io.rivalwatch.synthesis.SummaryRequest;
import io.rivalwatch.text.Sha256;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The outside world of a benchmark run: every port the workers call through (sources, model, memory, artefact
 * store, mail, Slack) answered in memory after its configured latency ({@link OutsideWorld}). The services, the
 * workers, the BPMN and the engine are the real ones.
 */
final class FakeOutsideWorld {

  private FakeOutsideWorld() {}

  /** Three documents per source kind in round 0, enough for the sufficiency check; nothing more later. */
  static final class Sources implements SourceConnector {

    private static final String[] PARAGRAPHS = {
        "%s launched a new analytics suite this quarter. Customers praise the faster dashboards and the simpler "
            + "pricing, which starts at $49 per user per month, while some reviewers call the migration painful.",
        "%s announced a partnership with a large cloud provider and is investing in an AI assistant for business "
            + "users. Analysts expect the move to strengthen its position against larger rivals in the enterprise.",
        "Users on forums report that %s support is slow and that the new plan at $89 per user is expensive, but "
            + "most agree the product is reliable and easy to adopt for mid-sized retailers and banks.",
    };

    private final SourceKind kind;
    private final boolean answers;

    /** @param answers false for a second connector of a kind: one fake per kind gathers */
    Sources(SourceKind kind, boolean answers) {
      this.kind = kind;
      this.answers = answers;
    }

    @Override
    public SourceKind kind() {
      return kind;
    }

    @Override
    public boolean isConfigured(CompetitorProfile competitor) {
      return answers;
    }

    @Override
    public SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered) {
      OutsideWorld.sourceAnswersAfter(OutsideWorld.latencies().sourceFetch());
      if (round > 0) {
        return SourceBatch.empty();
      }
      List<SourceDocument> documents = new ArrayList<>();
      for (int i = 0; i < PARAGRAPHS.length; i++) {
        String url = "https://" + competitor.id() + ".example/" + kind.id() + "/" + i;
        String text = PARAGRAPHS[i].formatted(competitor.name()) + " " + PARAGRAPHS[(i + 1) % PARAGRAPHS.length]
            .formatted(competitor.name());
        documents.add(new SourceDocument(url, competitor.name() + " " + kind.id() + " " + i, kind, Instant.now(),
            null, Sha256.hex(text), text, List.of()));
      }
      return new SourceBatch(documents, List.of());
    }
  }

  /** The real offline analyser behind the latency of a model call. */
  static final class Model implements Analyser {

    private final java.util.function.Supplier<Analyser> newAnalyser;
    private volatile Analyser analyser;

    Model(java.util.function.Supplier<Analyser> newAnalyser) {
      this.newAnalyser = newAnalyser;
      this.analyser = newAnalyser.get();
    }

    /**
     * A new analyser, with none of the corpora the last one prepared: as a night starts a day after the last, when
     * the offline analyser's corpus cache (10 minutes after last use) holds nothing. Runs back to back in one JVM
     * would otherwise fill it with corpora no later run can use (a document's key includes when it was fetched),
     * and once full it turned new corpora away, so each competitor's three analyses prepared theirs three times.
     */
    void startNight() {
      analyser = newAnalyser.get();
    }

    @Override
    public String version(AnalysisKind kind) {
      return analyser.version(kind);
    }

    @Override
    public AnalysisResult analyse(AnalysisKind kind, AnalysisInput input) {
      // what a model would read: the documents and the remembered context
      OutsideWorld.countModelCall(input.documents().stream().mapToLong(d -> d.text().length()).sum()
          + input.memory().stream().mapToLong(h -> h.entry().text().length()).sum());
      // the offline analyser's work is what a model does elsewhere in production: its CPU is counted apart, and
      // its time is part of the call's latency
      return OutsideWorld.modelAnswers(OutsideWorld.latencies().analysisCall(),
          () -> ApplicationCpu.standInModel(() -> analyser.analyse(kind, input)));
    }
  }

  /**
   * A long generation: the executive summary, written by the real extractive summary behind the latency of a model
   * call (every line quotes and cites a source, so the report's check keeps it, as it would a good model's).
   */
  static final class SummaryModel implements ExecutiveSummaryWriter {

    private final ExecutiveSummaryWriter writer = new io.rivalwatch.synthesis.ExtractiveExecutiveSummary();

    @Override
    public Optional<String> write(SummaryRequest request) {
      OutsideWorld.countModelCall(request.toString().length());
      return OutsideWorld.modelAnswers(OutsideWorld.latencies().synthesisCall(), () -> writer.write(request));
    }
  }

  /** Artefacts by run, then by path: listing a run reads only that run's. */
  static final class Artefacts implements ArtefactStore {

    private final Map<String, java.util.concurrent.ConcurrentSkipListMap<String, byte[]>> runs =
        new ConcurrentHashMap<>();

    private java.util.concurrent.ConcurrentSkipListMap<String, byte[]> run(ArtefactKey key) {
      return runs.computeIfAbsent(key.runId(), k -> new java.util.concurrent.ConcurrentSkipListMap<>());
    }

    @Override
    public boolean createIfAbsent(ArtefactKey key, byte[] bytes, String contentType) {
      answer();
      return run(key).putIfAbsent(key.path(), bytes.clone()) == null;
    }

    @Override
    public void overwrite(ArtefactKey key, byte[] bytes, String contentType) {
      answer();
      run(key).put(key.path(), bytes.clone());
    }

    @Override
    public Optional<byte[]> read(ArtefactKey key) {
      answer();
      return Optional.ofNullable(run(key).get(key.path())).map(byte[]::clone);
    }

    @Override
    public boolean exists(ArtefactKey key) {
      answer();
      return run(key).containsKey(key.path());
    }

    @Override
    public List<ArtefactKey> list(String runId) {
      answer();
      var artefacts = runs.get(runId);
      return artefacts == null ? List.of() : artefacts.keySet().stream().map(ArtefactKey::parse).toList();
    }

    @Override
    public URI locate(ArtefactKey key) {
      return URI.create("memory:/" + key.path());
    }

    void clear() {
      runs.clear();
    }

    /** Run ids (the first part of each key: a run's own, or a watch list's history area) the store holds. */
    java.util.Set<String> runIds() {
      return java.util.Set.copyOf(runs.keySet());
    }

    /** Forgets everything stored under these run ids. */
    void forget(java.util.Collection<String> runIds) {
      runIds.forEach(runs::remove);
    }

    private static void answer() {
      OutsideWorld.answerAfter(OutsideWorld.latencies().artefactCall());
    }
  }

  /** Entries by namespace; a search returns the newest entries of the namespace that pass the query's filters. */
  static final class Memory implements MemoryStore {

    private final Map<String, MemoryEntry> entries = new ConcurrentHashMap<>();
    /*
     * By namespace, then id: a search reads only its namespace's range, as the real store's index does. Scanning
     * every entry ever recorded made the fake's own CPU (on the handler's thread, counted as the application's)
     * grow with every run the benchmark JVM had made.
     */
    private final ConcurrentSkipListMap<String, MemoryEntry> byNamespace = new ConcurrentSkipListMap<>();

    @Override
    public void record(MemoryEntry entry) {
      OutsideWorld.answerAfter(OutsideWorld.latencies().memoryCall());
      if (entries.putIfAbsent(entry.id(), entry) == null) {
        byNamespace.put(entry.namespace() + '\u0000' + entry.id(), entry);
      }
    }

    @Override
    public List<MemoryHit> search(MemoryQuery query) {
      OutsideWorld.answerAfter(OutsideWorld.latencies().memoryCall());
      // every key that starts with the queried namespace sorts between it and it followed by the highest char
      return byNamespace.subMap(query.namespace(), true, query.namespace() + '\uffff', true).values().stream()
          .filter(e -> e.namespace().startsWith(query.namespace()))
          .filter(e -> query.onlyRunId() == null || query.onlyRunId().equals(e.runId()))
          .filter(e -> query.excludeRunId() == null || !query.excludeRunId().equals(e.runId()))
          .sorted(Comparator.comparing(MemoryEntry::recordedAt).reversed())
          .limit(query.topK())
          .map(e -> new MemoryHit(e, 0.5))
          .toList();
    }
  }

  static final class Mail implements Mailer {

    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(List<String> to, String subject, String text, String html, String messageId) {
      OutsideWorld.answerAfter(OutsideWorld.latencies().deliveryCall());
      sent.add(subject);
    }
  }

  static final class Slack implements ChatWebhook {

    @Override
    public boolean isConfigured() {
      return true;
    }

    @Override
    public void post(String text) {
      OutsideWorld.answerAfter(OutsideWorld.latencies().deliveryCall());
    }
  }
}
