package io.rivalwatch.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.cost.CostProperties;
import io.rivalwatch.cost.ModelPrice;
import io.rivalwatch.cost.ModelUsageLedger;
import io.rivalwatch.research.ResearchArchive;
import io.rivalwatch.testsupport.ForwardingArtefactStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night's competitors read ahead (while the run's report is written) are what the night says when the run ends,
 * and its end then reads none of the competitors' analyses and documents again; when another night of the list ended
 * in between, or nothing was read ahead (another instance), they are read at the end, with the same night as result.
 */
class PreparedNightTest {

  @TempDir Path directory;

  /** Reads of competitors' analyses and documents, by path. */
  private final List<String> reads = new CopyOnWriteArrayList<>();

  @Test
  void competitorsReadAheadAreTheNightsAndNotReadAgain_unlessThePreviousNightChanged() {
    ThreeNights seeded = new ThreeNights(directory).seed();
    Night stored = seeded.nights.stored(ThreeNights.LIST, "night-3").orElseThrow();
    Optional<Night> nightTwo = seeded.nights.stored(ThreeNights.LIST, "night-2");

    NightReader reader = reader(seeded);
    reader.prepare("night-3", "night-2");
    assertThat(reads).as("read ahead").isNotEmpty();
    reads.clear();
    Night atTheEnd = reader.read("night-3", ThreeNights.LIST, stored.status(), stored.endedAt(), nightTwo).orElseThrow();
    assertThat(reads).as("the run's end reads no competitor again").isEmpty();
    assertThat(atTheEnd).isEqualTo(stored);

    // nothing read ahead (the run ends on another instance): read at the end, the same night
    NightReader elsewhere = reader(seeded);
    assertThat(elsewhere.read("night-3", ThreeNights.LIST, stored.status(), stored.endedAt(), nightTwo))
        .contains(stored);
    assertThat(reads).as("read at the end").isNotEmpty();

    // read ahead against night 2, but the run's previous night is another one by its end: compared again
    reads.clear();
    Optional<Night> nightOne = seeded.nights.stored(ThreeNights.LIST, "night-1");
    Night againstNightOne = reader.read("night-3", ThreeNights.LIST, stored.status(), stored.endedAt(), nightOne)
        .orElseThrow();
    assertThat(reads).isNotEmpty();
    assertThat(againstNightOne.competitors().getFirst().documents().comparedWith()).isEqualTo("night-1");
  }

  @Test
  void theDashboardReadsAheadAgainstTheListsLatestNightAndNotForARunAlreadyOnIt() {
    ThreeNights seeded = new ThreeNights(directory).seed();
    NightReader reader = reader(seeded);
    TrendDashboard dashboard = new TrendDashboard(seeded.nights, reader, seeded.runs.store(),
        new io.rivalwatch.distribution.DashboardPublisher(seeded.runs.store(), seeded.runs.json(),
            seeded.runs.planning(), seeded.runs.clock()));

    dashboard.prepare("night-3");
    assertThat(reads).as("night 3 is on the dashboard already: nothing to read ahead").isEmpty();

    seeded.runs.planFrom(ThreeNights.LIST, "night-4", null, "acme", "Acme Analytics");
    dashboard.prepare("night-4");
    assertThat(reads).isNotEmpty();
    reads.clear();
    Night night = reader.read("night-4", ThreeNights.LIST, "delivered", Instant.parse("2026-12-01T03:00:00Z"),
        seeded.nights.stored(ThreeNights.LIST, "night-3")).orElseThrow();
    assertThat(reads).as("read ahead against night 3, the list's latest").isEmpty();
    assertThat(night.competitors().getFirst().documents().comparedWith()).isEqualTo("night-3");
  }

  private NightReader reader(ThreeNights seeded) {
    var counting = ForwardingArtefactStore.recordingReads(seeded.runs.store(), reads, ArtefactKeys.ANALYSIS,
        ArtefactKeys.RESEARCH);
    // a store client of its own: nothing it reads is cached from the seeding
    ArtefactJson json = new ArtefactJson(counting);
    ModelUsageLedger ledger = new ModelUsageLedger(json, counting,
        new CostProperties(List.of(new ModelPrice(ThreeNights.MODEL, 3.0, 15.0, 0, 0))));
    return new NightReader(counting, json, seeded.runs.planning(), new ResearchArchive(json), ledger);
  }
}
