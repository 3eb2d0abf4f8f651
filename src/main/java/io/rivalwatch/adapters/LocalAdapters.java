package io.rivalwatch.adapters;

import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.adapters.localmemory.EmbeddingModels;
import io.rivalwatch.adapters.localmemory.LuceneMemoryStore;
import io.rivalwatch.analysis.Analyser;
import io.rivalwatch.analysis.offline.OfflineAnalyser;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.synthesis.ExecutiveSummaryWriter;
import io.rivalwatch.synthesis.NoExecutiveSummary;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The adapters that need no cloud account: artefacts on the file system, memory in a local Lucene index with an
 * offline embedding model, and the offline analyser. Each is the default until configuration chooses another.
 */
@Configuration(proxyBeanMethods = false)
public class LocalAdapters {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnProperty(name = "rivalwatch.artefacts.store", havingValue = "file", matchIfMissing = true)
  ArtefactStore fileArtefactStore(@Value("${rivalwatch.artefacts.directory}") Path directory) {
    return new FileArtefactStore(directory);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "rivalwatch.memory.store", havingValue = "local", matchIfMissing = true)
  MemoryStore localMemoryStore(@Value("${rivalwatch.memory.directory}") Path directory) {
    return new LuceneMemoryStore(directory, EmbeddingModels.allMiniLmL6V2Quantized());
  }

  @Bean
  @ConditionalOnProperty(name = "rivalwatch.analysis.provider", havingValue = "offline", matchIfMissing = true)
  Analyser offlineAnalyser() {
    return new OfflineAnalyser();
  }

  @Bean
  @ConditionalOnProperty(name = "rivalwatch.analysis.provider", havingValue = "offline", matchIfMissing = true)
  ExecutiveSummaryWriter noExecutiveSummary() {
    return new NoExecutiveSummary();
  }
}
