package io.rivalwatch.adapters.bedrock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.cost.CostProperties;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.memory.MemoryHit;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.resilience.ModelRateLimiter;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.resilience.ResilienceProperties;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.synthesis.SummaryRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real adapter classes against a {@link BedrockFake} over HTTP, with a real usage ledger over a file store.
 * Timeouts are short so the timeout tests finish quickly; everything else is the production default.
 */
final class BedrockTestRig implements AutoCloseable {

  static final String RUN = "run-2025-06-01";
  static final Instant NOW = Instant.parse("2025-06-01T02:00:00Z");

  final BedrockFake fake;
  final BedrockProperties properties;
  final ModelUsageLedger ledger;
  final OutsideServices services;
  final BedrockModelClient client;
  final PromptLibrary prompts = new PromptLibrary();
  private final Path artefacts;

  BedrockTestRig(BedrockFake fake, Path artefacts) {
    this(fake, artefacts, BedrockProperties.defaults());
  }

  /**
   * Breakers at the default settings (tests reset them, see {@link BedrockFakeTestBase}), and a rate limit the tests
   * never reach: the limit has its own tests.
   */
  BedrockTestRig(BedrockFake fake, Path artefacts, BedrockProperties base) {
    this(fake, artefacts, base, OutsideServices.standalone(), new ModelRateLimiter(new ResilienceProperties(null,
        null, null, new ResilienceProperties.ModelRateLimit(1_000_000, 1_000_000_000, null)), new SimpleMeterRegistry()));
  }

  BedrockTestRig(BedrockFake fake, Path artefacts, BedrockProperties base, OutsideServices services,
      ModelRateLimiter limiter) {
    BedrockFake.useDummyCredentials();
    this.services = services;
    this.fake = fake;
    BedrockProperties.Tasks t = base.tasks();
    this.properties = base
        .withEndpoints(URI.create(fake.baseUrl()), URI.create(fake.baseUrl()))
        .withTasks(new BedrockProperties.Tasks(
            t.sentiment().withTimeout(Duration.ofSeconds(5)),
            t.strategy().withTimeout(Duration.ofSeconds(5)),
            t.positioning().withTimeout(Duration.ofSeconds(5)),
            t.synthesis().withTimeout(Duration.ofSeconds(5))));
    this.artefacts = artefacts;
    FileArtefactStore store = new FileArtefactStore(artefacts);
    this.ledger = new ModelUsageLedger(new ArtefactJson(store), store, new CostProperties(List.of()));
    this.client = BedrockModelClient.create(properties, ledger, Clock.fixed(NOW, ZoneOffset.UTC), services, limiter);
  }

  BedrockAnalyser analyser() {
    return new BedrockAnalyser(client, prompts, properties);
  }

  BedrockExecutiveSummaryWriter summaryWriter() {
    return new BedrockExecutiveSummaryWriter(client, prompts, properties);
  }

  /** The same analyser with other properties, over the same clients. */
  BedrockAnalyser analyser(BedrockProperties other) {
    return new BedrockAnalyser(client, prompts, other);
  }

  /** Forgets the recorded usage, so one rig serves a whole test class (building clients takes seconds). */
  void forgetUsage() {
    Path run = artefacts.resolve(RUN);
    if (Files.exists(run)) {
      try (Stream<Path> paths = Files.walk(run)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  List<ModelCall> recorded() {
    return ledger.calls(RUN);
  }

  @Override
  public void close() {
    client.close();
  }

  static AnalysisInput acme() {
    return acme(documents(), List.of());
  }

  static AnalysisInput acme(List<SourceDocument> documents, List<MemoryHit> memory) {
    return new AnalysisInput(RUN, "acme", "Acme Analytics", documents, memory);
  }

  static List<SourceDocument> documents() {
    return List.of(
        document("https://acme.example/", "Acme Analytics - analytics for every team", SourceKind.WEBSITE,
            "Acme Analytics helps enterprise and mid-market teams see their data. Plans start at $49 per user per"
                + " month. Our customers love how easy and fast it is."),
        document("https://acme.example/pricing", "Pricing", SourceKind.WEBSITE,
            "Starter costs $19/month for small businesses. Enterprise pricing is available on request. Developers"
                + " get a free tier."),
        document("https://news.example/story?id=7&src=feed", "Acme launches AI assistant", SourceKind.NEWS,
            "Acme Analytics launched an AI assistant for enterprise customers on Tuesday. Analysts praised the"
                + " launch but noted outages last quarter."),
        document("https://social.example/@dana/1", "Post by Dana", SourceKind.SOCIAL,
            "Love the new Acme dashboards, great work. Support was slow though."),
        document("https://filings.example/acme-10k", "Annual report", SourceKind.MARKET,
            "Acme raised $120 million in Series C funding to expand into Europe. Revenue growth was strong."));
  }

  /** A summary request over hand-made analyses of two competitors, each finding citing a gathered URL. */
  static SummaryRequest summaryRequest(String reviewerComments, List<String> qualityFindings) {
    AnalysisResult acmeStrategy = new AnalysisResult(AnalysisKind.STRATEGY, "acme", "test", "Acme expands.",
        List.of(new Finding("product-launch", "Acme Analytics launched an AI assistant for enterprise customers.",
                "Acme Analytics launched an AI assistant", List.of("https://news.example/story?id=7&src=feed"), 0.8),
            new Finding("investment", "Acme raised $120 million to expand into Europe.", "",
                List.of("https://filings.example/acme-10k"), 0.9)),
        Map.of());
    AnalysisResult acmeSentiment = new AnalysisResult(AnalysisKind.SENTIMENT, "acme", "test", "Mostly positive.",
        List.of(new Finding("tone", "Users love the dashboards but find support slow.", "Love the new Acme dashboards",
            List.of("https://social.example/@dana/1"), 0.4)),
        Map.of("score", 0.4));
    AnalysisResult globexPositioning = new AnalysisResult(AnalysisKind.POSITIONING, "globex", "test",
        "Globex sells to small businesses.",
        List.of(new Finding("price-point", "Globex starts at $9 per month.", "from $9 per month",
            List.of("https://globex.example/pricing"), null)),
        Map.of("segmentCounts", Map.of("small business", 2), "pricePoints", List.of("$9 per month")));
    return new SummaryRequest(RUN, 2,
        List.of(
            new SummaryRequest.Competitor("acme", "Acme Analytics",
                Map.of(AnalysisKind.STRATEGY, acmeStrategy, AnalysisKind.SENTIMENT, acmeSentiment),
                List.of("new: AI assistant launch")),
            new SummaryRequest.Competitor("globex", "Globex", Map.of(AnalysisKind.POSITIONING, globexPositioning),
                List.of())),
        List.of("Initech: research found no sources"), qualityFindings, reviewerComments, 250);
  }

  static SourceDocument document(String url, String title, SourceKind kind, String text) {
    return new SourceDocument(url, title, kind, NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofDays(2)),
        Integer.toHexString(text.hashCode()), text, List.of());
  }
}
