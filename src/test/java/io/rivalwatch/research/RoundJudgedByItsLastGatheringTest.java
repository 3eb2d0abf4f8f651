package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningProperties;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.resilience.InFlightLimits;
import io.rivalwatch.testsupport.ForgetfulMemory;
import io.rivalwatch.testsupport.WatchListFolder;
import io.rivalwatch.workflow.ProcessVariables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A research round has no job of its own that judges it (issue 14, ADR 0033): the gathering that finds all the kinds
 * the competitor's configuration names stored for its round judges it and completes with the decision the gateway
 * reads; the others complete with their status only.
 */
class RoundJudgedByItsLastGatheringTest {

  @TempDir Path folder;

  private final MemoryStore memory = new ForgetfulMemory();
  private ArtefactJson artefacts;
  private GatherSourceWorkers workers;

  @BeforeEach
  void run() throws IOException {
    PlanningProperties properties = WatchListFolder.write(folder, "one", "settings: {minUsableDocuments: 2, "
        + "extraResearchRounds: 1}\ncompetitors:\n  - {id: acme, name: Acme, social: {hackerNewsQuery: \"Acme\"}}\n");
    artefacts = new ArtefactJson(new FileArtefactStore(folder.resolve("artefacts")));
    PlanningService planning = WatchListFolder.planning(properties, artefacts, memory);
    planning.plan("run-1", "one");
    // website and news are configured for the competitor; market has a connector that is not; social has none
    List<SourceConnector> connectors = List.of(
        connector(SourceKind.WEBSITE, true), connector(SourceKind.NEWS, true), connector(SourceKind.MARKET, false));
    ResearchService research = new ResearchService(planning, artefacts, new ResearchArchive(artefacts), memory,
        connectors, new FailedPages(artefacts, ResearchProperties.defaults(), Clock.systemUTC(), planning),
        new RunMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), InFlightLimits.standalone());
    SufficiencyService sufficiency = new SufficiencyService(planning, new ResearchArchive(artefacts), artefacts,
        memory, Clock.systemUTC());
    // the job is only read when a source fails: these sources do not
    workers = new GatherSourceWorkers(research, null, null, sufficiency);
  }

  @Test
  void theGatheringThatCompletesTheRoundJudgesItAndTheOthersDoNot() {
    Map<String, Object> market = workers.gatherMarketData(null, "run-1", "acme", null);
    Map<String, Object> website = workers.gatherWebsite(null, "run-1", "acme", null);
    Map<String, Object> social = workers.gatherSocial(null, "run-1", "acme", null);

    // market and social are not configured: stored nothing, and the news is not in yet
    assertThat(market).containsOnlyKeys(ProcessVariables.MARKET_STATUS);
    assertThat(social).containsOnlyKeys(ProcessVariables.SOCIAL_STATUS);
    assertThat(website).containsOnlyKeys(ProcessVariables.WEBSITE_STATUS);
    assertThat(artefacts.exists(ArtefactKeys.sufficiencyVerdict("run-1", "acme", 0))).isFalse();

    Map<String, Object> news = workers.gatherNews(null, "run-1", "acme", null);

    // one usable document of two needed, and something to follow: another round
    assertThat(news)
        .containsEntry(ProcessVariables.NEWS_STATUS, "1 document")
        .containsEntry(ProcessVariables.RESEARCH_DECISION, SufficiencyVerdict.GATHER_MORE)
        .containsEntry(ProcessVariables.RESEARCH_ROUND, 1);
    assertThat((String) news.get(ProcessVariables.RESEARCH_NOTE)).contains("gathering more (round 1");

    // a gathering that finds the round complete too (it stored at the same moment, or is a retry) judges it the
    // same: the verdict is stored once
    assertThat(workers.gatherWebsite(null, "run-1", "acme", null))
        .containsEntry(ProcessVariables.RESEARCH_DECISION, SufficiencyVerdict.GATHER_MORE)
        .containsEntry(ProcessVariables.RESEARCH_NOTE, news.get(ProcessVariables.RESEARCH_NOTE));

    // round 1: the news gathers first this time; the website completes the round, and two documents suffice
    assertThat(workers.gatherNews(null, "run-1", "acme", 1)).containsOnlyKeys(ProcessVariables.NEWS_STATUS);
    assertThat(workers.gatherWebsite(null, "run-1", "acme", 1))
        .containsEntry(ProcessVariables.RESEARCH_DECISION, SufficiencyVerdict.SUFFICIENT)
        .containsEntry(ProcessVariables.RESEARCH_ROUND, 1);
  }

  private static SourceConnector connector(SourceKind kind, boolean configured) {
    return new SourceConnector() {
      @Override
      public SourceKind kind() {
        return kind;
      }

      @Override
      public boolean isConfigured(CompetitorProfile competitor) {
        return configured;
      }

      @Override
      public SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered) {
        // the website finds one page per round; the news finds nothing usable (a short feed entry)
        String url = "https://acme.example/" + kind.id() + "/" + round;
        String text = kind == SourceKind.WEBSITE ? "Acme sells analytics. ".repeat(20) : "Acme news";
        return new SourceBatch(List.of(new SourceDocument(url, "Acme", kind, Instant.EPOCH, null,
            Integer.toHexString(url.hashCode()) + "0000000000000000", text, List.of())), List.of());
      }
    };
  }
}
