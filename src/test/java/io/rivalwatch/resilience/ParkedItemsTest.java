package io.rivalwatch.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.resilience.ParkedItem.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parked items are typed records, stored where and as they were when they were a string protocol. */
class ParkedItemsTest {

  @TempDir Path root;
  private FileArtefactStore store;
  private ParkedItems parked;

  @BeforeEach
  void setUp() {
    store = new FileArtefactStore(root);
    parked = new ParkedItems(store, new ArtefactJson(store),
        Clock.fixed(Instant.parse("2026-12-06T02:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void aParkedItemComesBackTypedAndIsStoredUnderItsOldId() {
    parked.park("run-1", "acme", Kind.ANALYSIS, "sentiment", "rivalwatch-analyse-sentiment", "Task_Sentiment",
        "Bedrock answered 503");
    parked.park("run-1", null, Kind.DELIVERY, "slack", "rivalwatch-deliver-slack", "Task_Slack", "503");

    assertThat(parked.list("run-1")).extracting(ParkedItem::kind, ParkedItem::name, ParkedItem::item)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Kind.ANALYSIS, "sentiment", "sentiment-analysis"),
            org.assertj.core.groups.Tuple.tuple(Kind.DELIVERY, "slack", "slack-delivery"));
    String stored = new String(store.read(ArtefactKeys.parked("run-1", "acme", "sentiment-analysis")).orElseThrow(),
        StandardCharsets.UTF_8);
    assertThat(stored).contains("\"item\" : \"sentiment-analysis\"").contains("\"kind\" : \"ANALYSIS\"");
  }

  @Test
  void anItemParkedBeforeTheRecordWasTypedReadsWithItsKindAndName() {
    store.createIfAbsent(ArtefactKeys.parked("run-1", "acme", "news-source"), """
        {"runId":"run-1","competitorId":"acme","item":"news-source","jobType":"rivalwatch-gather-news",
         "elementId":"Task_News","lastError":"timeout","parkedAt":"2026-12-05T02:00:00Z"}
        """.getBytes(StandardCharsets.UTF_8), ArtefactJson.CONTENT_TYPE);

    ParkedItem item = parked.list("run-1").getFirst();

    assertThat(item.kind()).isEqualTo(Kind.SOURCE);
    assertThat(item.name()).isEqualTo("news");
    assertThat(item.lastError()).isEqualTo("timeout");
  }

  @Test
  void aRetriedItemLeavesTheListAndKeepsItsRecord() {
    parked.park("run-1", "acme", Kind.ANALYSIS, "strategy", "rivalwatch-analyse-strategy", "Task_Strategy", "x");

    parked.markRetried(parked.list("run-1").getFirst());

    assertThat(parked.list("run-1")).isEmpty();
    assertThat(store.exists(ArtefactKeys.parked("run-1", "acme", "strategy-analysis"))).isTrue();
    assertThat(store.exists(ArtefactKeys.parkedRetried("run-1", "acme", "strategy-analysis"))).isTrue();
  }
}
