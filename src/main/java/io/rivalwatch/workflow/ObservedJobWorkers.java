package io.rivalwatch.workflow;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.api.worker.JobHandler;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobWorkerManager;
import io.camunda.client.jobhandling.parameter.ParameterResolverStrategy;
import io.camunda.client.jobhandling.result.ResultProcessorStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link JobObservation} around every {@code @JobWorker} of the application, none of them edited.
 *
 * <p>The Camunda SDK (8.8) opens each annotated worker through its {@link JobWorkerManager}, which builds the job
 * handler (parameter resolution, the method, result and exception handling) and then opens the worker with it by
 * {@code openWorker(client, value, handler)}. The manager is the one place every handler passes through, but the
 * starter defines it without a condition to replace it, so this post-processor swaps the starter's instance for a
 * subclass built from the same strategy beans (whatever they are: a test may decorate one, as the benchmarks
 * decorate the parameter resolver strategy) that wraps the handler before opening the worker. A Spring AOP advice
 * on the worker methods would see neither the job (most methods do not take it) nor the command sent.
 */
@Configuration(proxyBeanMethods = false)
class ObservedJobWorkers {

  @Bean
  static BeanPostProcessor observedJobWorkerManager(
      ObjectProvider<CommandExceptionHandlingStrategy> commands, ObjectProvider<MetricsRecorder> metrics,
      ObjectProvider<ParameterResolverStrategy> parameters, ObjectProvider<ResultProcessorStrategy> results,
      ObjectProvider<BackoffSupplier> backoff, ObjectProvider<JobExceptionHandlingStrategy> exceptions,
      ObjectProvider<JobObservation> observation) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof JobWorkerManager && !(bean instanceof ObservedManager)) {
          return new ObservedManager(commands.getObject(), metrics.getObject(), parameters.getObject(),
              results.getObject(), backoff.getObject(), exceptions.getObject(), observation);
        }
        return bean;
      }
    };
  }

  /** The starter's manager, with every handler observed. */
  static final class ObservedManager extends JobWorkerManager {

    private final ObjectProvider<JobObservation> observation;

    ObservedManager(CommandExceptionHandlingStrategy commands, MetricsRecorder metrics,
        ParameterResolverStrategy parameters, ResultProcessorStrategy results, BackoffSupplier backoff,
        JobExceptionHandlingStrategy exceptions, ObjectProvider<JobObservation> observation) {
      super(commands, metrics, parameters, results, backoff, exceptions);
      this.observation = observation;
    }

    @Override
    public JobWorker openWorker(CamundaClient client, JobWorkerValue value, JobHandler handler) {
      return super.openWorker(client, value, observation.getObject().around(handler));
    }
  }
}
