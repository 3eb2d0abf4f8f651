package io.rivalwatch.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceConnector;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.sources.MarketDataConnector;
import io.rivalwatch.research.sources.NewsConnector;
import io.rivalwatch.research.sources.SocialConnector;
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

  /** What the sufficiency check counts as usable. */
  static final int USABLE_TEXT_CHARS = 200;

  private static SampleSite site;
  private static WebFetcher fetcher;
  private static RunConfiguration configuration;
  private static List<SourceConnector> connectors;

  @BeforeAll
  static void start() throws Exception {
    site = new SampleSite().start();
    ResearchProperties properties = site.researchProperties();
    fetcher = new WebFetcher(properties);
    connectors =
        List.of(
            new WebsiteConnector(fetcher, properties),
            new NewsConnector(fetcher, properties),
            new SocialConnector(fetcher, properties),
            new MarketDataConnector(fetcher, properties));
    try (InputStream in = SampleSite.class.getResourceAsStream("/sample/run-configuration.yaml")) {
      String yaml =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${rivalwatch.sample-site}", site.baseUrl());
      configuration = new ObjectMapper(new YAMLFactory()).readValue(yaml, RunConfiguration.class);
    }
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    site.stop();
  }

  /** Usable documents gathered in each round, cumulative, for one competitor. */
  private static List<Integer> usableByRound(CompetitorProfile competitor, StringBuilder log) {
    List<SourceDocument> gathered = new ArrayList<>();
    List<Integer> cumulative = new ArrayList<>();
    for (int round = 0; round <= configuration.settings().extraResearchRounds(); round++) {
      Map<String, String> perKind = new LinkedHashMap<>();
      List<SourceDocument> thisRound = new ArrayList<>();
      for (SourceConnector connector : connectors) {
        SourceBatch batch = connector.gather(competitor, round, List.copyOf(gathered));
        long usable = batch.documents().stream().filter(d -> d.text().length() >= USABLE_TEXT_CHARS).count();
        perKind.put(
            connector.kind().id(),
            usable + "/" + batch.documents().size() + (batch.problems().isEmpty() ? "" : " " + batch.problems()));
        thisRound.addAll(batch.documents());
      }
      gathered.addAll(thisRound);
      int total = (int) gathered.stream().filter(d -> d.text().length() >= USABLE_TEXT_CHARS).count();
      cumulative.add(total);
      log.append(competitor.id()).append(" round ").append(round).append(": ").append(perKind)
          .append(" usable so far ").append(total).append('\n');
    }
    return cumulative;
  }

  @Test
  void acmeAndGlobexSufficeInRoundZeroAndInitechOnlyAfterFollowingLinks() {
    int minimum = configuration.settings().minUsableDocuments();
    StringBuilder log = new StringBuilder();
    Map<String, List<Integer>> usable = new LinkedHashMap<>();
    for (CompetitorProfile competitor : configuration.competitors()) {
      usable.put(competitor.id(), usableByRound(competitor, log));
    }
    System.out.println(log);

    assertThat(configuration.competitors()).extracting(CompetitorProfile::id).containsExactly("acme", "globex", "initech");
    assertThat(usable.get("acme").get(0)).isGreaterThanOrEqualTo(minimum);
    assertThat(usable.get("globex").get(0)).isGreaterThanOrEqualTo(minimum);
    assertThat(usable.get("initech").get(0)).isLessThan(minimum);
    assertThat(usable.get("initech").get(1)).isGreaterThanOrEqualTo(minimum);
  }
}
