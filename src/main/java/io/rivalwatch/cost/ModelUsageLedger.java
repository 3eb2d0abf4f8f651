package io.rivalwatch.cost;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.artefact.ArtefactKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Keeps every model call of a run (tokens, model, task, competitor) in the artefact store and adds them up with
 * the configured price table.
 *
 * <p>Each run's calls are added up once on this instance ({@link Tally}): a call is counted when it is recorded here
 * or first seen in the store, never read again. So what a job asks before a model call ({@link #costSoFar}) costs
 * the same whatever the number of calls in the run (issue 14); {@link #cost} is exact at the moment it is asked.
 */
@Service
public class ModelUsageLedger {


  private final ArtefactJson artefacts;
  private final ArtefactStore store;
  private final Map<String, ModelPrice> prices = new TreeMap<>();
  private final Map<ArtefactKey, ModelCall> pending = new java.util.LinkedHashMap<>();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelUsageLedger.class);

  private final RunMetrics metrics;
  /**
   * Each run's calls added up so far on this instance. Bounded like the frozen configurations: an evicted run is
   * added up again from the store when next asked.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, Tally> tallies =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(64).build();
  /** How stale {@link #costSoFar} may be about calls other instances recorded: it looks at the store at most this often. */
  static final java.time.Duration SYNC_INTERVAL = java.time.Duration.ofSeconds(1);
  private final long syncIntervalNanos;

  @Autowired
  public ModelUsageLedger(ArtefactJson artefacts, ArtefactStore store, CostProperties properties,
      RunMetrics metrics) {
    this(artefacts, store, properties, metrics, SYNC_INTERVAL);
  }

  ModelUsageLedger(ArtefactJson artefacts, ArtefactStore store, CostProperties properties, RunMetrics metrics,
      java.time.Duration syncInterval) {
    this.syncIntervalNanos = syncInterval.toNanos();
    this.artefacts = artefacts;
    this.store = store;
    this.metrics = metrics;
    properties.prices().forEach(p -> prices.put(p.model(), p));
  }

  /** A ledger whose metrics go nowhere (tests, tools). */
  public ModelUsageLedger(ArtefactJson artefacts, ArtefactStore store, CostProperties properties) {
    this(artefacts, store, properties, new RunMetrics(new SimpleMeterRegistry()));
  }

  /**
   * What a call would cost at most: its input tokens and its maximum output tokens at the model's price; 0 for a
   * model without a price.
   */
  public double estimateUsd(String modelId, long inputTokens, long maxOutputTokens) {
    ModelPrice price = prices.get(modelId);
    return price == null ? 0 : price.cost(new ModelCall(null, null, null, null, modelId, inputTokens,
        maxOutputTokens, 0, 0, 0, null));
  }

  /** What a call cost at the configured price; 0 for a model without a price (the model-call audit's cost). */
  public double costUsd(ModelCall call) {
    ModelPrice price = prices.get(call.modelId());
    return price == null ? 0 : price.cost(call);
  }

  /** Counts a call that failed (it is not billed, so it is not recorded as an artefact). */
  public void failed(String phase, String modelId) {
    metrics.modelCallFailed(modelId, phase);
  }

  /** Calls, tokens by kind and cost per model and phase; only bounded tags (no run, task or competitor). */
  private void count(ModelCall call) {
    ModelPrice price = prices.get(call.modelId());
    metrics.modelCall(call.modelId(), call.phase(), call.inputTokens(), call.outputTokens(), call.cacheReadTokens(),
        call.cacheWriteTokens(), price == null ? 0 : price.cost(call));
  }

  /**
   * Records one call. Each call gets its own artefact: a retried job's calls were paid for too. When the store
   * fails, the record waits in this worker and goes with the next one: a model answer already paid for is never
   * thrown away because its bookkeeping could not be written at that moment.
   */
  public void record(ModelCall call) {
    count(call);
    // the key is fixed once, so a call written by two threads at once is still one artefact
    ArtefactKey key =
        ArtefactKeys.modelCall(call.runId(), call.competitorId(), call.task(), UUID.randomUUID().toString());
    Tally tally = tally(call.runId());
    synchronized (tally) {
      tally.add(key, call);
    }
    Map<ArtefactKey, ModelCall> toWrite;
    synchronized (pending) {
      pending.put(key, call);
      toWrite = new java.util.LinkedHashMap<>(pending);
    }
    toWrite.forEach((each, usage) -> {
      try {
        artefacts.createIfAbsent(each, usage);
        synchronized (pending) {
          pending.remove(each);
        }
      } catch (io.rivalwatch.failure.OutsideServiceException e) {
        LOG.warn("model usage of {} in run {} not written yet ({}); kept for the next write", usage.task(),
            usage.runId(), e.getMessage());
      }
    });
  }

  /** The run's calls: those written, and those this worker still holds because the store refused them. */
  public List<ModelCall> calls(String runId) {
    List<ArtefactKey> written = store.list(runId).stream().filter(k -> k.phase().equals(ArtefactKeys.MODEL_USAGE)).toList();
    List<ModelCall> calls = new ArrayList<>(written.stream().map(k -> artefacts.require(k, ModelCall.class)).toList());
    synchronized (pending) {
      pending.forEach((key, call) -> {
        if (runId.equals(call.runId()) && !written.contains(key)) {
          calls.add(call);
        }
      });
    }
    calls.sort(Comparator.comparing(ModelCall::calledAt));
    return calls;
  }

  /** What the run's calls for each competitor cost at the configured prices (calls of the whole run left out). */
  public Map<String, Double> costPerCompetitor(String runId) {
    Map<String, Double> perCompetitor = new TreeMap<>();
    for (ModelCall call : calls(runId)) {
      ModelPrice price = prices.get(call.modelId());
      if (call.competitorId() != null) {
        perCompetitor.merge(call.competitorId(), price == null ? 0 : price.cost(call), Double::sum);
      }
    }
    return perCompetitor;
  }

  /**
   * The run's usage and cost now: every call in the store (listed once; only the calls not counted before are read)
   * and those this worker still holds. For the jobs that read the whole run (the report, the run record).
   */
  public RunCost cost(String runId) {
    Tally tally = tally(runId);
    synchronized (tally) {
      sync(runId, tally);
      return tally.cost();
    }
  }

  /**
   * The run's usage and cost as this instance has added it up: its own calls at once, other instances' calls once
   * it has looked at the store, at most {@link #SYNC_INTERVAL} (1 s) ago. Constant work per call whatever the run's size:
   * what the budget asks before each model call and what the progress API shows.
   */
  public RunCost costSoFar(String runId) {
    Tally tally = tally(runId);
    synchronized (tally) {
      if (tally.syncedAtNanos == 0 || System.nanoTime() - tally.syncedAtNanos >= syncIntervalNanos) {
        sync(runId, tally);
      }
      return tally.cost();
    }
  }

  private Tally tally(String runId) {
    return tallies.get(runId, k -> new Tally());
  }

  /**
   * Adds the run's calls in the store that the tally has not counted yet, and those this worker still holds (a
   * tally evicted and made again must not lose a call the store refused).
   */
  private void sync(String runId, Tally tally) {
    for (ArtefactKey key : store.list(runId)) {
      if (key.phase().equals(ArtefactKeys.MODEL_USAGE) && !tally.counted.contains(key)) {
        tally.add(key, artefacts.require(key, ModelCall.class));
      }
    }
    synchronized (pending) {
      pending.forEach((key, call) -> {
        if (runId.equals(call.runId())) {
          tally.add(key, call);
        }
      });
    }
    tally.syncedAtNanos = Math.max(1, System.nanoTime());
  }

  /** One run's calls added up: each counted once by its key. Guarded by its own monitor. */
  private final class Tally {
    final java.util.Set<ArtefactKey> counted = new java.util.HashSet<>();
    final Map<String, long[]> tokens = new TreeMap<>();
    // exact sums: instances count the same calls in different orders and must give the same cost to the cent
    final Map<String, java.math.BigDecimal> money = new TreeMap<>();
    final TreeSet<String> unpriced = new TreeSet<>();
    final long[] total = new long[5];
    java.math.BigDecimal totalCost = java.math.BigDecimal.ZERO;
    long estimated;
    long syncedAtNanos;

    void add(ArtefactKey key, ModelCall call) {
      if (!counted.add(key)) {
        return;
      }
      if (call.estimated()) {
        estimated++;
      }
      String line = call.phase() + "\t" + call.modelId();
      long[] t = tokens.computeIfAbsent(line, k -> new long[5]);
      long[] add = {1, call.inputTokens(), call.outputTokens(), call.cacheReadTokens(), call.cacheWriteTokens()};
      for (int i = 0; i < 5; i++) {
        t[i] += add[i];
        total[i] += add[i];
      }
      ModelPrice price = prices.get(call.modelId());
      double cost = price == null ? 0 : price.cost(call);
      if (price == null) {
        unpriced.add(call.modelId());
      }
      money.merge(line, java.math.BigDecimal.valueOf(cost), java.math.BigDecimal::add);
      totalCost = totalCost.add(java.math.BigDecimal.valueOf(cost));
    }

    RunCost cost() {
      List<RunCost.Line> lines = new ArrayList<>();
      tokens.forEach((line, t) -> {
        String[] parts = line.split("\t", 2);
        lines.add(new RunCost.Line(parts[0], parts[1], t[0], t[1], t[2], t[3], t[4], money.get(line).doubleValue()));
      });
      return new RunCost(total[0], total[1], total[2], total[3], total[4], totalCost.doubleValue(), lines,
          List.copyOf(unpriced), estimated);
    }
  }
}
