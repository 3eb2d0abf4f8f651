package io.rivalwatch.progress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rivalwatch.cost.ModelUsageLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A run's cost from the usage ledger, kept for a few seconds: the ledger lists the run's artefacts on every read,
 * and a busy run finishes many jobs a second.
 */
@Component
class LedgerCostSoFar implements CostSoFar {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerCostSoFar.class);

  private final ModelUsageLedger ledger;
  private final Cache<String, Double> recent;

  LedgerCostSoFar(ModelUsageLedger ledger, ProgressProperties properties) {
    this.ledger = ledger;
    this.recent = Caffeine.newBuilder().expireAfterWrite(properties.costCache()).maximumSize(properties.maxRuns())
        .build();
  }

  @Override
  public Double costUsd(String runId) {
    Double known = recent.getIfPresent(runId);
    if (known != null) {
      return known;
    }
    try {
      double cost = ledger.costSoFar(runId).costUsd();
      recent.put(runId, cost);
      return cost;
    } catch (RuntimeException e) {
      // progress must not fail because the store hiccups: the next read tries again
      LOG.debug("cost of run {} not readable now: {}", runId, e.toString());
      return null;
    }
  }
}
