package io.rivalwatch.resilience;

import io.rivalwatch.artefact.ArtefactStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shares breaker openings between the instances that use the same artefact store, unless switched off. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "rivalwatch.resilience.breaker-sharing.enabled", havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(BreakerSharingProperties.class)
class BreakerSharingConfiguration {

  @Bean
  BreakerSharing breakerSharing(OutsideServices services, ArtefactStore store, BreakerSharingProperties properties) {
    return new BreakerSharing(services, store, properties.pollInterval(), services.clock());
  }
}
