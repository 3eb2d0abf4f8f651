package io.rivalwatch.research;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.planning.RunConfigurationParser;
import io.rivalwatch.sample.SampleSite;
import io.rivalwatch.research.sources.SecEdgarConnector;
import io.rivalwatch.research.sources.NewsConnector;
import io.rivalwatch.research.sources.HackerNewsConnector;
import io.rivalwatch.research.sources.WebsiteConnector;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample site and run configuration together: what research gathers for each fictional competitor round by
 * round, and that the configured minimum of usable documents makes acme and globex sufficient in round 0 while
 * initech needs round 1.
 */
class SampleSiteResearchTest {

  private static SampleSite site;
  private static WebFetcher fetcher;
  private static RunConfiguration configuration;
  private static List<SourceConnector> connectors;

  @BeforeAll
  static void start() throws Exception {
    site = new SampleSite().start();
    ResearchProperties properties = site.researchProperties();
    fetcher = new WebFetcher(site.webFetchProperties());
    connectors =
        List.of(
            new WebsiteConnector(fetcher, properties),
            new NewsConnector(fetcher, properties),
            new HackerNewsConnector(fetcher, properties),
            new SecEdgarConnector(fetcher, properties));
    try (InputStream in = SampleSite.class.getResourceAsStream("/runs/sample.yaml")) {
      String yaml =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${rivalwatch.sample-site}", site.baseUrl());
      configuration = new RunConfigurationParser().parse("sample.yaml", yaml);
    }
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    site.stop();
  }

  /** The sufficiency decision after each round, judged exactly as the sufficiency check does. */
  private static List<String> decisionsByRound(CompetitorProfile competitor, StringBuilder log) {
    List<GatheredSource> sources = new ArrayList<>();
    List<SourceDocument> gathered = new ArrayList<>();
    List<String> decisions = new ArrayList<>();
    for (int round = 0; round <= configuration.settings().extraResearchRounds(); round++) {
      List<SourceDocument> thisRound = new ArrayList<>();
      for (SourceConnector connector : connectors) {
        SourceBatch batch = connector.gather(competitor, round, List.copyOf(gathered));
        sources.add(new GatheredSource(connector.kind(), round, batch.documents(), batch.problems(), null));
        thisRound.addAll(batch.documents());
      }
      gathered.addAll(thisRound);
      SufficiencyVerdict verdict = SufficiencyService.judge(configuration.settings(), competitor, round, sources);
      decisions.add(verdict.decision());
      log.append(competitor.id()).append(" round ").append(round).append(": ").append(verdict.note()).append('\n');
    }
    return decisions;
  }

  @Test
  void acmeAndGlobexSufficeInRoundZeroAndInitechOnlyAfterFollowingLinks() {
    StringBuilder log = new StringBuilder();
    Map<String, List<String>> decisions = new LinkedHashMap<>();
    for (CompetitorProfile competitor : configuration.competitors()) {
      decisions.put(competitor.id(), decisionsByRound(competitor, log));
    }
    System.out.println(log);

    assertThat(configuration.competitors()).extracting(CompetitorProfile::id).containsExactly("acme", "globex", "initech");
    assertThat(decisions.get("acme").get(0)).isEqualTo(SufficiencyVerdict.SUFFICIENT);
    assertThat(decisions.get("globex").get(0)).isEqualTo(SufficiencyVerdict.SUFFICIENT);
    assertThat(decisions.get("initech").get(0)).isEqualTo(SufficiencyVerdict.GATHER_MORE);
    assertThat(decisions.get("initech").get(1)).isEqualTo(SufficiencyVerdict.SUFFICIENT);
  }
}
