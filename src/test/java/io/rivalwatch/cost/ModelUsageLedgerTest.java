package io.rivalwatch.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.testsupport.ForwardingArtefactStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ModelUsageLedgerTest {

  @TempDir Path root;

  @Test
  void addsUpTokensAndCostPerPhaseAndModel() {
    var store = new FileArtefactStore(root);
    var ledger = new ModelUsageLedger(new ArtefactJson(store), store, new CostProperties(java.util.List.of(
        new ModelPrice("big", 3.0, 15.0, 0.3, 3.75))));

    ledger.record(call("analysis", "strategy", "acme", "big", 1000, 200, 100));
    ledger.record(call("analysis", "strategy", "acme", "big", 1000, 200, 0));
    ledger.record(call("analysis", "sentiment", "acme", "small", 500, 50, 0));
    ledger.record(call("synthesis", "synthesis", null, "big", 4000, 800, 0));

    RunCost cost = ledger.cost("run-1");
    assertThat(cost.calls()).isEqualTo(4);
    assertThat(cost.inputTokens()).isEqualTo(6500);
    assertThat(cost.lines()).extracting(RunCost.Line::phase, RunCost.Line::modelId, RunCost.Line::calls)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("analysis", "big", 2L),
            org.assertj.core.groups.Tuple.tuple("analysis", "small", 1L),
            org.assertj.core.groups.Tuple.tuple("synthesis", "big", 1L));
    // analysis/big: 2000 in * 3 + 400 out * 15 + 100 cache read * 0.3, per million
    assertThat(cost.lines().get(0).costUsd()).isCloseTo((2000 * 3.0 + 400 * 15.0 + 100 * 0.3) / 1e6, within(1e-12));
    assertThat(cost.unpricedModels()).containsExactly("small");
    assertThat(ledger.cost("run-other")).isEqualTo(RunCost.none());
  }

  @Test
  void thePriceTableBindsFromConfigurationWithOptionalCachePrices() {
    var source = new MapConfigurationPropertySource(Map.of(
        "rivalwatch.cost.prices[0].model", "amazon.nova-lite-v1:0",
        "rivalwatch.cost.prices[0].input-per-million", "0.06",
        "rivalwatch.cost.prices[0].output-per-million", "0.24"));

    CostProperties properties = new Binder(source).bind("rivalwatch.cost", CostProperties.class).get();

    assertThat(properties.prices()).containsExactly(new ModelPrice("amazon.nova-lite-v1:0", 0.06, 0.24, 0, 0));
  }

  @Test
  void aCallTheStoreRefusedStillCounts_andIsWrittenWithTheNextOne() {
    var files = new FileArtefactStore(root);
    var refuseNextWrite = new java.util.concurrent.atomic.AtomicBoolean(true);
    io.rivalwatch.artefact.ArtefactStore store = new ForwardingArtefactStore(files) {
      @Override
      public boolean createIfAbsent(io.rivalwatch.artefact.ArtefactKey key, byte[] content, String type) {
        if (refuseNextWrite.getAndSet(false)) {
          throw new io.rivalwatch.failure.OutsideServiceException("s3",
              io.rivalwatch.failure.OutsideServiceException.Kind.TRANSIENT, "PutObject failed with 500", null);
        }
        return super.createIfAbsent(key, content, type);
      }
    };
    var ledger = new ModelUsageLedger(new ArtefactJson(store), store, new CostProperties(java.util.List.of()));

    ledger.record(call("synthesis", "synthesis", null, "big", 4000, 800, 0));
    // the report written right after the paid call must not leave it out of the footer
    assertThat(files.list("run-1")).isEmpty();
    assertThat(ledger.cost("run-1").calls()).isEqualTo(1);

    ledger.record(call("analysis", "sentiment", "acme", "big", 500, 50, 0));
    assertThat(files.list("run-1")).hasSize(2);
    assertThat(ledger.cost("run-1").calls()).as("written once, counted once").isEqualTo(2);
    assertThat(ledger.cost("run-1").inputTokens()).isEqualTo(4500);
  }

  @Test
  void whatABudgetCheckReadsDoesNotGrowWithTheCallsOfTheRun_andCallsOfAnotherInstanceAreAddedOnce() {
    var files = new FileArtefactStore(root);
    var reads = new java.util.concurrent.atomic.AtomicInteger();
    io.rivalwatch.artefact.ArtefactStore counting = new ForwardingArtefactStore(files) {
      @Override
      public java.util.Optional<byte[]> read(io.rivalwatch.artefact.ArtefactKey key) {
        reads.incrementAndGet();
        return super.read(key);
      }
    };
    var prices = new CostProperties(java.util.List.of(new ModelPrice("big", 3.0, 15.0, 0.3, 3.75)));
    var metrics = new io.rivalwatch.observability.RunMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    // looks at the store on every question, so each call of the other instance is seen at once
    var here = new ModelUsageLedger(new ArtefactJson(counting), counting, prices, metrics, java.time.Duration.ZERO);
    var otherInstance = new ModelUsageLedger(new ArtefactJson(files), files, prices);

    for (int i = 0; i < 50; i++) {
      here.record(call("analysis", "strategy", "acme", "big", 1000, 200, 0));
      assertThat(here.costSoFar("run-1").calls()).isEqualTo(i + 1);
    }
    assertThat(reads.get()).as("its own calls are counted when recorded, never read back").isZero();

    otherInstance.record(call("analysis", "sentiment", "acme", "big", 500, 50, 0));
    assertThat(here.costSoFar("run-1").calls()).isEqualTo(51);
    assertThat(here.costSoFar("run-1").inputTokens()).isEqualTo(50 * 1000 + 500);
    assertThat(here.cost("run-1").calls()).isEqualTo(51);
    assertThat(reads.get()).as("the other instance's call is read once").isEqualTo(1);
    assertThat(here.costSoFar("run-1").costUsd()).isCloseTo(otherInstance.cost("run-1").costUsd(), within(1e-12));
  }

  @Test
  void theBudgetSettingsBindFromConfiguration() {
    var source = new MapConfigurationPropertySource(Map.of(
        "rivalwatch.cost.run-budget-usd", "2.5",
        "rivalwatch.cost.cheaper-model-at", "0.5",
        "rivalwatch.cost.optional-analyses", "positioning"));

    CostProperties properties = new Binder(source).bind("rivalwatch.cost", CostProperties.class).get();

    assertThat(properties.runBudgetUsd()).isEqualTo(2.5);
    assertThat(properties.cheaperModelAt()).isEqualTo(0.5);
    assertThat(properties.skipOptionalAt()).isEqualTo(CostProperties.DEFAULT_SKIP_OPTIONAL_AT);
    assertThat(properties.optionalAnalyses()).containsExactly("positioning");
  }

  private static ModelCall call(String phase, String task, String competitor, String model, long in, long out,
      long cacheRead) {
    return new ModelCall("run-1", phase, task, competitor, model, in, out, cacheRead, 0, 12, Instant.now());
  }
}
