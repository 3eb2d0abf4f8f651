package io.rivalwatch.observability;

import io.rivalwatch.workflow.JobTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class RunTracesTest {

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  // as Spring Boot configures it: a sampled remote parent decides, otherwise the probability
  private final SdkTracerProvider provider = SdkTracerProvider.builder()
      .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.1)))
      .addSpanProcessor(SimpleSpanProcessor.create(exported))
      .build();
  private final Tracer tracer = new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> { });

  @Test
  void theJobsOfARun_areSpansOfOneTraceNamedByTheirJobType_whereverTheyRun() throws Exception {
    RunTraces traces = traces(1.0);

    // two jobs of one run on two threads (as two workers, or two JVMs, would run them), one job of another run
    Thread other = new Thread(() -> traces.startJob("run-7", JobTypes.GATHER_NEWS).close());
    traces.startJob("run-7", JobTypes.PLAN_RUN).close();
    other.start();
    other.join();
    traces.startJob("run-8", JobTypes.PLAN_RUN).close();

    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName)
        .containsExactly(JobTypes.PLAN_RUN, JobTypes.GATHER_NEWS, JobTypes.PLAN_RUN);
    assertThat(spans.get(0).getTraceId()).isEqualTo(spans.get(1).getTraceId()).isEqualTo(RunTraces.traceId("run-7"))
        .isNotEqualTo(spans.get(2).getTraceId());
    // siblings under the run's one parent, whichever thread ran them
    assertThat(spans.get(0).getParentSpanId()).isEqualTo(spans.get(1).getParentSpanId())
        .isEqualTo(RunTraces.parentSpanId("run-7"));
  }

  @Test
  void aSpanIsInScopeWhileTheJobWorks_andGoneAfter() {
    RunTraces traces = traces(1.0);

    try (var job = traces.startJob("run-7", JobTypes.WRITE_REPORT)) {
      assertThat(tracer.currentSpan()).isNotNull();
      assertThat(tracer.currentSpan().context().traceId()).isEqualTo(RunTraces.traceId("run-7"));
    }
    assertThat(tracer.currentSpan()).isNull();
  }

  @Test
  void aRunIsTracedWholeOrNotAtAll_inTheConfiguredShare() {
    RunTraces none = traces(0.0);
    RunTraces every = traces(1.0);
    RunTraces half = traces(0.5);

    none.startJob("run-1", JobTypes.PLAN_RUN).close();
    assertThat(exported.getFinishedSpanItems()).isEmpty();
    long sampled = IntStream.range(0, 1000).filter(i -> half.sampled("run-" + i)).count();
    assertThat(sampled).isBetween(400L, 600L);
    assertThat(IntStream.range(0, 100).allMatch(i -> every.sampled("run-" + i))).isTrue();
    // the decision is the run's, not the job's
    assertThat(IntStream.range(0, 20).mapToObj(i -> half.sampled("run-3")).distinct()).hasSize(1);
  }

  @Test
  void aProbabilityOutsideZeroToOne_isRefusedNamingTheProperty() {
    assertThatThrownBy(() -> traces(1.5))
        .hasMessageContaining("management.tracing.sampling.probability").hasMessageContaining("Fix:");
  }

  private RunTraces traces(double probability) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("tracer", tracer);
    return new RunTraces(beans.getBeanProvider(Tracer.class), probability);
  }
}
