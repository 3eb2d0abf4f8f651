package io.rivalwatch.observability;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One trace per run, one span per job.
 *
 * <p>A run's jobs run on different worker threads, in different JVMs and across restarts, hours apart, so no span
 * can stay open for the run. Its trace id is therefore derived from the run id (a hash), and every job's span is a
 * child of the same derived parent: any worker that sees the run id joins the run's trace, with nothing to store.
 * The alternative, a W3C traceparent kept in a process variable by Plan run, would need every worker (and the
 * competitor subprocess) to fetch one more variable, and would be lost for jobs that run before planning or on a
 * run that failed to plan. The derived parent span itself is never exported: a tracing backend shows each run as
 * one trace whose root span is missing, its jobs side by side under it.
 *
 * <p>Whether a run is sampled is decided from its trace id against {@code management.tracing.sampling.probability},
 * so a run is traced whole or not at all. Nothing leaves the process unless tracing is switched on
 * (docs/observability.md).
 */
@Component
public class RunTraces {

  private final ObjectProvider<Tracer> tracers;
  private final long sampledBelow;
  /** The tracer, looked up at the first job (a bean lookup per job was a tenth of the per-job bookkeeping). */
  private volatile Tracer tracer;
  /** Each recent run's parent: three hashes of the run id, the same for every job of the run. */
  private final Cache<String, RunParent> parents = Caffeine.newBuilder().maximumSize(256).build();

  public RunTraces(ObjectProvider<Tracer> tracers,
      @Value("${management.tracing.sampling.probability:0.1}") double probability) {
    if (probability < 0 || probability > 1) {
      throw new IllegalArgumentException("management.tracing.sampling.probability: " + probability
          + " is not a probability. Fix: a number from 0.0 (no run traced) to 1.0 (every run traced)");
    }
    this.tracers = tracers;
    this.sampledBelow = probability >= 1.0 ? Long.MAX_VALUE : (long) (probability * Long.MAX_VALUE);
  }

  /** The trace id of a run: 32 hex digits, the same wherever and whenever it is computed. */
  public static String traceId(String runId) {
    return HexFormat.of().formatHex(digest(runId), 0, 16);
  }

  /** The span id of the run's (never exported) parent span, under which every job span of the run hangs. */
  static String parentSpanId(String runId) {
    return HexFormat.of().formatHex(digest(runId), 16, 24);
  }

  /** True when this run's jobs are traced (the same answer for every job of the run). */
  public boolean sampled(String runId) {
    long random = ByteBuffer.wrap(digest(runId), 8, 8).getLong();
    return sampledBelow == Long.MAX_VALUE || Math.abs(random) < sampledBelow;
  }

  /**
   * Starts the span of one job of a run (named by the job type) and puts it in scope on this thread; the caller
   * tags, ends and closes it. A job that names no run gets a trace of its own.
   */
  public JobSpan startJob(String runId, String jobType) {
    Tracer tracer = tracer();
    Span.Builder builder = tracer.spanBuilder().name(jobType);
    if (runId != null) {
      RunParent run = parents.get(runId, id -> new RunParent(traceId(id), parentSpanId(id), sampled(id)));
      TraceContext parent = tracer.traceContextBuilder()
          .traceId(run.traceId())
          .spanId(run.spanId())
          .sampled(run.sampled())
          .build();
      builder = builder.setParent(parent);
    }
    Span span = builder.start();
    return new JobSpan(span, tracer.withSpan(span));
  }

  private Tracer tracer() {
    Tracer known = tracer;
    if (known == null) {
      known = tracers.getIfAvailable(() -> Tracer.NOOP);
      tracer = known;
    }
    return known;
  }

  private record RunParent(String traceId, String spanId, boolean sampled) {
  }

  /** A job's span, in scope until closed. */
  public record JobSpan(Span span, Tracer.SpanInScope scope) implements AutoCloseable {

    public JobSpan tag(String key, String value) {
      if (value != null) {
        span.tag(key, value);
      }
      return this;
    }

    @Override
    public void close() {
      scope.close();
      span.end();
    }
  }

  private static byte[] digest(String runId) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(("rivalwatch run " + runId).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
