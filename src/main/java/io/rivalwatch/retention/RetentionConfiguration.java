package io.rivalwatch.retention;

import io.rivalwatch.artefact.ArtefactInventory;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.baseline.Baselines;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.memory.MemoryRetention;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.progress.ProgressTracker;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Retention's wiring. The store and the memory in use delete through {@link ArtefactInventory} and
 * {@link MemoryRetention} when they implement them; with a store that cannot list and delete, the retention job
 * fails with the fix (an incident in Operate) and nothing else changes; a memory that cannot is left alone.
 */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

  @Bean
  RunsInFlight runsInFlight(ArtefactStore store, ObjectProvider<ProgressTracker> progress,
      RetentionProperties properties) {
    return new RunsInFlight(inventory(store), progress.getIfAvailable(), properties.abandonedAfter());
  }

  @Bean
  BaselineRuns watchListBaselines(ArtefactStore store, Baselines baselines, PlanningService planning) {
    return new WatchListBaselines(inventory(store), baselines, planning);
  }

  @Bean
  RetentionService retentionService(ArtefactStore store, ArtefactJson artefacts, MemoryStore memory,
      RetentionProperties properties, RunsInFlight runsInFlight, BaselineRuns baselines, Clock clock) {
    return new RetentionService(inventory(store), artefacts,
        memory instanceof MemoryRetention deletes ? deletes : null, properties, runsInFlight, baselines, clock);
  }

  private static ArtefactInventory inventory(ArtefactStore store) {
    if (store instanceof ArtefactInventory inventory) {
      return inventory;
    }
    String problem = "rivalwatch.artefacts.store: the artefact store in use (" + store.getClass().getSimpleName()
        + ") cannot list and delete artefacts, which retention needs. Fix: use rivalwatch.artefacts.store=file or s3";
    return new ArtefactInventory() {
      @Override
      public java.util.List<String> areas() {
        throw new IllegalStateException(problem);
      }

      @Override
      public java.util.List<io.rivalwatch.artefact.StoredArtefact> stored(String area) {
        throw new IllegalStateException(problem);
      }

      @Override
      public void delete(io.rivalwatch.artefact.ArtefactKey key) {
        throw new IllegalStateException(problem);
      }
    };
  }
}
