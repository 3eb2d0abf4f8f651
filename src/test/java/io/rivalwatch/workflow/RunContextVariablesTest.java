package io.rivalwatch.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.annotation.Variable;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.bean.BeanInfo;
import io.camunda.client.bean.MethodInfo;
import io.camunda.client.spring.properties.CamundaClientProperties;
import io.camunda.client.spring.properties.PropertyBasedJobWorkerValueCustomizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunContextVariablesTest {

  @SuppressWarnings("unused")
  static class Workers {
    public void namesItsVariables(@Variable String reportUrl) {}

    public void takesTheWholeJob(ActivatedJob job, @Variable String runId) {}
  }

  private final PropertyBasedJobWorkerValueCustomizer sdk =
      new PropertyBasedJobWorkerValueCustomizer(new CamundaClientProperties());
  private final RunContextVariables runContext = new RunContextVariables();

  @Test
  void aWorkerThatNamesItsVariables_alsoFetchesTheRunContext_whicheverCustomizerRunsFirst() throws Exception {
    JobWorkerValue sdkFirst = worker("namesItsVariables", String.class);
    sdk.customize(sdkFirst);
    runContext.customize(sdkFirst);
    JobWorkerValue oursFirst = worker("namesItsVariables", String.class);
    runContext.customize(oursFirst);
    sdk.customize(oursFirst);

    assertThat(sdkFirst.getFetchVariables()).containsExactlyInAnyOrder("reportUrl", "runId", "competitorId");
    assertThat(oursFirst.getFetchVariables()).containsExactlyInAnyOrder("reportUrl", "runId", "competitorId");
  }

  @Test
  void aWorkerThatTakesTheWholeJob_stillFetchesEverything() throws Exception {
    JobWorkerValue worker = worker("takesTheWholeJob", ActivatedJob.class, String.class);
    runContext.customize(worker);
    sdk.customize(worker);

    assertThat(worker.getFetchVariables()).isNullOrEmpty();
  }

  private static JobWorkerValue worker(String method, Class<?>... parameters) throws Exception {
    Workers bean = new Workers();
    BeanInfo beanInfo = BeanInfo.builder().beanName("workers").targetClass(Workers.class).beanSupplier(() -> bean)
        .build();
    MethodInfo methodInfo = MethodInfo.builder().beanInfo(beanInfo)
        .method(Workers.class.getMethod(method, parameters)).build();
    JobWorkerValue value = new JobWorkerValue();
    value.setName(method);
    value.setType("rivalwatch-test");
    value.setMethodInfo(methodInfo);
    value.setFetchVariables(List.of());
    return value;
  }
}
