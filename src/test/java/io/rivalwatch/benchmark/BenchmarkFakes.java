package io.rivalwatch.benchmark;

import io.camunda.client.jobhandling.parameter.ParameterResolverStrategy;
import io.rivalwatch.analysis.Analyser;
import io.rivalwatch.analysis.offline.OfflineAnalyser;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.distribution.ChatWebhook;
import io.rivalwatch.distribution.Mailer;
import io.rivalwatch.memory.MemoryStore;
import io.rivalwatch.research.SourceConnector;
import io.rivalwatch.synthesis.ExecutiveSummaryWriter;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * The benchmark's beans: the fake outside world in place of the adapters. Deliberately not a {@code @Configuration}
 * (component scanning would put it into every test application); {@link BenchmarkRig} registers it by hand, with
 * properties that switch the local artefact store, memory and analyser off.
 */
class BenchmarkFakes {

  static final FakeOutsideWorld.Artefacts ARTEFACTS = new FakeOutsideWorld.Artefacts();
  static final FakeOutsideWorld.Mail MAIL = new FakeOutsideWorld.Mail();

  @Bean
  ArtefactStore benchmarkArtefacts() {
    return ARTEFACTS;
  }

  @Bean
  MemoryStore benchmarkMemory() {
    return new FakeOutsideWorld.Memory();
  }

  /** The model's stand-in; one per JVM like the artefact store, renewed by BenchmarkRig between runs that ask. */
  static final FakeOutsideWorld.Model MODEL = new FakeOutsideWorld.Model(OfflineAnalyser::new);

  @Bean
  Analyser benchmarkModel() {
    return MODEL;
  }

  @Bean
  ExecutiveSummaryWriter benchmarkSummaryModel() {
    return new FakeOutsideWorld.SummaryModel();
  }

  /** Sees each streamed job arrive at the client (JobTimings: engine and gRPC apart from the client's own part). */
  @Bean
  io.grpc.ClientInterceptor benchmarkStreamArrivals() {
    return JobTimings.arrivals();
  }

  /** Sources, mail and Slack are plain components in the application: replace them as they are created. */
  @Bean
  static BeanPostProcessor benchmarkReplacements() {
    java.util.Set<io.rivalwatch.research.SourceKind> kinds = java.util.EnumSet.noneOf(
        io.rivalwatch.research.SourceKind.class);
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof SourceConnector connector) {
          return new FakeOutsideWorld.Sources(connector.kind(), kinds.add(connector.kind()));
        }
        if (bean instanceof Mailer) {
          return MAIL;
        }
        if (bean instanceof ChatWebhook) {
          return new FakeOutsideWorld.Slack();
        }
        if (bean instanceof ParameterResolverStrategy strategy) {
          return JobTimings.observing(strategy);
        }
        if (bean instanceof io.camunda.client.jobhandling.result.ResultProcessorStrategy strategy) {
          return JobTimings.observingResults(strategy);
        }
        if (bean instanceof io.camunda.client.jobhandling.CamundaClientExecutorService executor) {
          return HandOffTiming.around(executor);
        }
        return bean;
      }
    };
  }
}
