package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.testsupport.ForgetfulMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/** Planning within the server's caps: what a watch list and a request may ask for, and what the run gets. */
class PlanningLimitsTest {

  @TempDir Path folder;

  private final MemoryStore memory = new ForgetfulMemory();

  private FileArtefactStore store;

  private PlanningService planning(RunLimits limits) {
    PlanningProperties properties = PlanningProperties.of(folder.resolve("lists").toUri().toString(), null, null);
    store = new FileArtefactStore(folder.resolve("artefacts"));
    return new PlanningService(new RunConfigurationLoader(new DefaultResourceLoader(), new StandardEnvironment(),
        properties), new ArtefactJson(store), properties, memory, Clock.systemUTC(), limits);
  }

  private void watchList(String name, String settings, int competitors) throws IOException {
    Files.createDirectories(folder.resolve("lists"));
    String list = IntStream.rangeClosed(1, competitors)
        .mapToObj(i -> "  - {id: c" + i + ", name: C" + i + ", social: {hackerNewsQuery: \"C" + i + "\"}}")
        .collect(Collectors.joining("\n"));
    Files.writeString(folder.resolve("lists").resolve(name + ".yaml"),
        "settings: {" + settings + "}\ncompetitors:\n" + list + "\n");
  }

  @Test
  void aWatchListWithMoreCompetitorsThanTheCapIsRefusedAndNothingIsFrozen() throws IOException {
    watchList("big", "", 4);
    PlanningService planning = planning(new RunLimits(null, 3, null, null));

    assertThatThrownBy(() -> planning.plan("run-big", "big", null, null)).isInstanceOfSatisfying(
        InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
            .startsWith("competitors: the watch list names 4 competitors, above the cap of 3 per run")
            .contains("rivalwatch.limits.competitors-per-run").contains("Fix:")));
    assertThat(store.list("run-big")).noneMatch(key -> key.name().equals("run-configuration.json"));

    watchList("three", "", 3);
    assertThat(planning.plan("run-three", "three", null, null).competitorIds()).hasSize(3);
  }

  @Test
  void aWatchListsBudgetAboveTheCapIsRefused() throws IOException {
    watchList("rich", "budgetUsd: 40", 1);
    PlanningService planning = planning(new RunLimits(25.0, null, null, null));

    assertThatThrownBy(() -> planning.plan("run-rich", "rich", null, null)).isInstanceOfSatisfying(
        InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
            .startsWith("settings.budgetUsd: USD 40.0 is above the budget cap of USD 25.0 per run")
            .contains("rivalwatch.limits.run-budget-usd").contains("Fix:")));
    assertThat(store.list("run-rich")).noneMatch(key -> key.name().equals("run-configuration.json"));
  }

  @Test
  void aRequestedBudgetAboveTheCapIsRefusedBeforeAnythingIsWritten() throws IOException {
    watchList("plain", "", 1);
    PlanningService planning = planning(new RunLimits(25.0, null, null, null));

    assertThatThrownBy(() -> planning.plan("run-asks-more", "plain", null, 100.0)).isInstanceOfSatisfying(
        InvalidConfigurationException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p)
            .startsWith("budgetUsd: USD 100.0 is above the budget cap").contains("rivalwatch.limits.run-budget-usd")));
    assertThat(store.list("run-asks-more")).isEmpty();
  }

  @Test
  void aRequestMayLowerTheBudgetNeverRaiseIt() throws IOException {
    watchList("budgeted", "budgetUsd: 10", 1);
    PlanningService planning = planning(new RunLimits(25.0, null, null, null));

    planning.plan("run-lower", "budgeted", null, 4.0);
    planning.plan("run-higher", "budgeted", null, 20.0);
    planning.plan("run-none", "budgeted", null, null);

    assertThat(planning.configuration("run-lower").settings().budgetUsd()).isEqualTo(4.0);
    // within the cap, but above the watch list's: the watch list's stands
    assertThat(planning.configuration("run-higher").settings().budgetUsd()).isEqualTo(10.0);
    assertThat(planning.configuration("run-none").settings().budgetUsd()).isEqualTo(10.0);
  }

  @Test
  void aRunThatAsksForNoBudgetGetsTheDefaultWithinTheCap() {
    PlanningService capped = planning(new RunLimits(25.0, null, null, null));
    assertThat(capped.withinBudgetCap(null)).isEqualTo(25.0);
    assertThat(capped.withinBudgetCap(2.5)).isEqualTo(2.5);
    assertThat(capped.withinBudgetCap(40.0)).isEqualTo(25.0);
    assertThat(planning(RunLimits.defaults()).withinBudgetCap(null)).isNull();
  }

  @Test
  void aRunThatNamesNoWatchListReadsTheDefaultOne() throws IOException {
    watchList("default", "", 2);
    PlanningService planning = planning(RunLimits.defaults());

    assertThat(planning.plan("run-default", null, null, null).competitorIds()).containsExactly("c1", "c2");
  }
}
