package io.rivalwatch.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Caps on calls in flight to one outside limit ({@link ConcurrencyProperties}): per model
 * ("bedrock:&lt;model&gt;") and per source API ("source:&lt;kind&gt;"). Each is a Resilience4j bulkhead (metrics
 * {@code resilience4j_bulkhead_*}); a call waits up to {@code max-wait} for a slot, else it is refused as
 * {@link Kind#RATE_LIMITED} without being made, and its job is retried after a backoff. With job handlers on
 * virtual threads a waiting call holds no scarce thread.
 *
 * <p>Waiting calls are let through in order of their rank, then of arrival ({@link OrderedPermits}, ADR 0029): a
 * gathering ranks by its competitor's position in the run, so a run's first competitors get all their sources in the
 * first wave and their analyses can start at once, instead of every competitor getting some sources. Calls with no
 * rank (a run's own calls, such as its executive summary; model calls, whose adapters pass none yet) go first, in
 * the order they came.
 *
 * <p>The caps hold for the deployment: with several worker instances each takes its share of every cap
 * ({@link DeploymentInstances}, ADR 0021).
 */
@Component
public class InFlightLimits {

  private static final String MODEL_PROPERTY = "rivalwatch.concurrency.model-in-flight";
  private static final String SOURCE_PROPERTY = "rivalwatch.concurrency.source-in-flight";

  /** The rank of a call that is not a competitor's: it goes before every competitor's waiting call. */
  public static final long FIRST = Long.MIN_VALUE;

  private final ConcurrencyProperties settings;
  private final BulkheadRegistry registry;
  private final java.util.concurrent.ConcurrentMap<String, OrderedPermits> order =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final int modelCap;
  private final int sourceCap;

  public InFlightLimits(ConcurrencyProperties settings, MeterRegistry meters) {
    this(settings, meters, DeploymentInstances.single());
  }

  @Autowired
  public InFlightLimits(ConcurrencyProperties settings, MeterRegistry meters, DeploymentInstances instances) {
    this.settings = settings;
    this.modelCap = instances.share(settings.modelInFlight(), MODEL_PROPERTY);
    this.sourceCap = instances.share(settings.sourceInFlight(), SOURCE_PROPERTY);
    this.registry = BulkheadRegistry.ofDefaults();
    TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
  }

  /** The default caps, with a meter registry of their own: for a client used alone. */
  public static InFlightLimits standalone() {
    return new InFlightLimits(ConcurrencyProperties.defaults(), new SimpleMeterRegistry());
  }

  /** This instance's cap on calls in flight per model: its share of {@code model-in-flight}. */
  public int modelCap() {
    return modelCap;
  }

  /** Runs a call to {@code model} once fewer than this instance's share of {@code model-in-flight} are running. */
  public <T> T model(String service, Supplier<T> call) {
    return model(service, FIRST, call);
  }

  /**
   * As {@link #model(String, Supplier)}, before waiting calls of a higher {@code rank} (a competitor's position in
   * its run).
   */
  public <T> T model(String service, long rank, Supplier<T> call) {
    return within(service, rank, modelCap, MODEL_PROPERTY, call);
  }

  /** Runs a gathering of a source API once fewer than {@code source-in-flight} of it are running. */
  public <T> T source(String sourceApi, Supplier<T> call) {
    return source(sourceApi, FIRST, call);
  }

  /**
   * As {@link #source(String, Supplier)}, before waiting gatherings of a higher {@code rank} (a competitor's position
   * in its run).
   */
  public <T> T source(String sourceApi, long rank, Supplier<T> call) {
    return within("source:" + sourceApi, rank, sourceCap, SOURCE_PROPERTY, call);
  }

  private <T> T within(String service, long rank, int cap, String property, Supplier<T> call) {
    // the order in which waiting calls get a slot; the bulkhead behind it then always has one, and keeps its metrics
    OrderedPermits permits = order.computeIfAbsent(service, s -> new OrderedPermits(cap));
    if (!permits.acquire(rank, settings.maxWait())) {
      throw refused(service, cap, property, null);
    }
    try {
      Bulkhead bulkhead = registry.bulkhead(service, () -> BulkheadConfig.custom().maxConcurrentCalls(cap)
          .maxWaitDuration(settings.maxWait()).build());
      return bulkhead.executeSupplier(call);
    } catch (BulkheadFullException full) {
      throw refused(service, cap, property, full);
    } finally {
      permits.release();
    }
  }

  /** Calls waiting for a slot of {@code service} ("source:news", "bedrock:..."), for tests. */
  int waiting(String service) {
    OrderedPermits permits = order.get(service);
    return permits == null ? 0 : permits.waiting();
  }

  private OutsideServiceException refused(String service, int cap, String property, BulkheadFullException full) {
    return new OutsideServiceException(service, Kind.RATE_LIMITED, "not called: " + cap + " calls to " + service
        + " were in flight for " + OutsideServices.seconds(settings.maxWait()) + " (this instance's share of "
        + property + ")",
        settings.maxWait(), full);
  }
}
