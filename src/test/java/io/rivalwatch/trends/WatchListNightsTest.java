package io.rivalwatch.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.testsupport.ForwardingArtefactStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night is written once and never changes, so an instance reads each from the store once: a run's end reads its
 * list's nights twice (its previous night, then the page), and the night it just recorded not at all.
 */
class WatchListNightsTest {

  @TempDir Path directory;

  @Test
  void eachNightIsReadFromTheStoreOnce_andTheOneRecordedHereNotAtAll() {
    ThreeNights seeded = new ThreeNights(directory).seed();
    List<String> reads = new CopyOnWriteArrayList<>();
    var store = ForwardingArtefactStore.recordingReads(seeded.runs.store(), reads, ArtefactKeys.TREND_NIGHTS);
    WatchListNights nights = new WatchListNights(store, new ArtefactJson(store), seeded.runs.planning());

    // what the run's end records: night 3 again (it is stored: the stored one is returned and kept)
    Night third = nights.record(seeded.nights.stored(ThreeNights.LIST, "night-3").orElseThrow());
    reads.clear();

    assertThat(nights.nights(ThreeNights.LIST)).extracting(Night::runId).containsExactlyElementsOf(ThreeNights.RUNS);
    assertThat(reads).as("nights 1 and 2, once each").hasSize(2).noneMatch(path -> path.contains("night-3"));
    reads.clear();

    assertThat(nights.previous(ThreeNights.LIST, "night-3", third.endedAt())).map(Night::runId).hasValue("night-2");
    assertThat(nights.nights(ThreeNights.LIST)).extracting(Night::runId).containsExactlyElementsOf(ThreeNights.RUNS);
    assertThat(reads).as("read again").isEmpty();
    assertThat(nights.nights(ThreeNights.LIST)).last().isEqualTo(third);
  }
}
