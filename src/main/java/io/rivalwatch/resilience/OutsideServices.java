package io.rivalwatch.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.rivalwatch.observability.RunMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One circuit breaker per outside service ("web:&lt;host&gt;", "bedrock:&lt;modelId&gt;", "agentcore-memory", "s3",
 * "smtp", "slack"), created on first use. A breaker opens after {@code failureThreshold} consecutive failures (a
 * count-based window of that size that must be failed throughout), refuses calls for {@code openDuration}, then lets
 * one trial call through: a success closes it, a failure opens it again.
 *
 * <p>Only failures that say something about the service's health count: an {@link OutsideServiceException} that
 * {@linkplain OutsideServiceException#counted() was counted} (transient or throttled), and raw I/O errors and
 * timeouts. Everything else (a FATAL answer such as a 403 or a 404, a bug in the caller, a breaker refusal from a
 * nested call) is ignored: it neither closes nor opens a breaker. Slow calls never open it (a long model stream is
 * not a failure).
 *
 * <p>A refused call is not made: it fails at once with {@link Kind#CIRCUIT_OPEN} and a {@code retryAfter} of the
 * time the breaker still stays open, which the job failure handling turns into a wait that costs neither a job retry
 * nor the run's retry budget. A failed trial call is the outage's, not the item's: it fails as CIRCUIT_OPEN too
 * (with its failure as the cause) for as long as the outage lasts less than {@code outagePatience}; after that it
 * fails as itself, so the jobs of a service down for good use up their retries and give up.
 */
@Component
public class OutsideServices {

  /** The counter of guarded calls, tagged {@code service} (web hosts bounded by RunMetrics) and {@code outcome}. */
  public static final String CALLS_METRIC = RunMetrics.OUTSIDE_CALLS;

  private static final Logger log = LoggerFactory.getLogger(OutsideServices.class);
  /** The retryAfter of a refusal while a trial call is under way, unless the open duration is shorter. */
  private static final Duration TRIAL_UNDER_WAY_WAIT = Duration.ofSeconds(1);

  private final ResilienceProperties.Breaker settings;
  private final RunMetrics metrics;
  private final Clock clock;
  private final CircuitBreakerRegistry registry;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  /** When each breaker last opened, by our own clock reading at the transition. */
  private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
  /** Told when a breaker opens by this instance's own calls, with when it will let a trial through. */
  private final List<java.util.function.BiConsumer<String, Instant>> openingListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Breakers open because another instance's opened ({@link #openUntil}), not after failures of their own. */
  private final java.util.Set<String> openedElsewhere = ConcurrentHashMap.newKeySet();
  /** Set while {@link #openUntil} opens a breaker, so that opening is not reported as one of this instance's. */
  private final ThreadLocal<Boolean> adopting = ThreadLocal.withInitial(() -> false);
  /** When each breaker's current outage began: its opening from closed, kept through failed trials. */
  private final Map<String, Instant> outageSince = new ConcurrentHashMap<>();

  /** Breakers whose call counter has meters of its own in {@code meters} (tools, tests). */
  public OutsideServices(ResilienceProperties properties, MeterRegistry meters) {
    this(properties, meters, Clock.systemUTC());
  }

  /** @param clock the time the breakers and the remaining open time are measured with (tests may move it) */
  public OutsideServices(ResilienceProperties properties, MeterRegistry meters, Clock clock) {
    this(properties, meters, new RunMetrics(meters), clock);
  }

  /** @param clock the application's clock (the time the engine's backoffs and the breakers' rests agree on) */
  @Autowired
  public OutsideServices(ResilienceProperties properties, MeterRegistry meters, RunMetrics metrics, Clock clock) {
    this.settings = properties.breaker();
    this.metrics = metrics;
    this.clock = clock;
    int threshold = settings.failureThreshold();
    if (threshold < 1 || settings.openDuration().isNegative() || settings.openDuration().isZero()) {
      throw new IllegalArgumentException("rivalwatch.resilience.breaker: need failure-threshold >= 1 and a positive "
          + "open-duration; got " + threshold + " and " + settings.openDuration());
    }
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindowType(SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(threshold)
        .minimumNumberOfCalls(threshold)
        .failureRateThreshold(100)
        // slow calls are not failures: a summary streaming for minutes must not open the model's breaker
        .slowCallRateThreshold(100)
        .slowCallDurationThreshold(Duration.ofDays(365))
        .waitDurationInOpenState(settings.openDuration())
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .permittedNumberOfCallsInHalfOpenState(1)
        .recordException(OutsideServices::countsAgainstTheService)
        .ignoreException(t -> !countsAgainstTheService(t))
        .clock(clock)
        .build();
    this.registry = CircuitBreakerRegistry.of(config);
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
  }

  /**
   * Breakers of their own at the default settings, with their own meter registry: for an adapter used alone
   * (tools, tests). The application has one shared instance.
   */
  public static OutsideServices standalone() {
    return new OutsideServices(new ResilienceProperties(null, null, null, null), new SimpleMeterRegistry());
  }

  /**
   * Makes the call through the service's breaker.
   *
   * @throws OutsideServiceException of kind CIRCUIT_OPEN, without calling, while the breaker is open (or its one
   *     trial call is under way); otherwise whatever the call threw
   */
  public <T> T call(String service, Supplier<T> call) {
    CircuitBreaker breaker = breaker(service);
    if (!breaker.tryAcquirePermission()) {
      count(service, "circuit-open");
      throw refusal(service, breaker);
    }
    boolean trial = breaker.getState() == State.HALF_OPEN;
    long start = breaker.getCurrentTimestamp();
    try {
      T result = call.get();
      breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
      count(service, "success");
      return result;
    } catch (RuntimeException e) {
      // the breaker applies the record and ignore rules itself
      breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
      count(service, outcome(e));
      if (trial && breaker.getState() == State.OPEN && withinPatience(service)) {
        throw failedTrial(service, e);
      }
      throw e;
    } catch (Error e) {
      breaker.releasePermission();
      throw e;
    }
  }

  /** {@link #call} for a call without a result. */
  public void run(String service, Runnable call) {
    call(service, () -> {
      call.run();
      return null;
    });
  }

  /**
   * Refuses at once when the service's breaker is open, without taking its trial call; for callers that would
   * otherwise wait for something else (a rate limit) before a call that is going to be refused anyway.
   */
  public void refuseIfOpen(String service) {
    CircuitBreaker breaker = breakers.get(service);
    if (breaker != null && breaker.getState() == State.OPEN && remainingOpen(service).isPositive()) {
      count(service, "circuit-open");
      throw refusal(service, breaker);
    }
  }

  /** What one breaker looks like now. */
  public record BreakerState(String service, State state, int failedCalls, int bufferedCalls,
      Duration remainingOpen) {

    public boolean open() {
      return state == State.OPEN || state == State.FORCED_OPEN;
    }
  }

  /** Every breaker created so far, by service name. */
  public List<BreakerState> states() {
    return breakers.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> state(e.getKey(), e.getValue()))
        .toList();
  }

  /** The breaker of one service, if it was used. */
  public Optional<BreakerState> state(String service) {
    CircuitBreaker breaker = breakers.get(service);
    return breaker == null ? Optional.empty() : Optional.of(state(service, breaker));
  }

  public ResilienceProperties.Breaker settings() {
    return settings;
  }

  /** The clock the breakers measure time with. */
  public Clock clock() {
    return clock;
  }

  /**
   * Tells {@code listener} of every breaker this instance opens by its own calls: the service and when the breaker
   * lets its next trial through. Not told of openings taken over with {@link #openUntil}. Called on the thread whose
   * call opened the breaker: a listener must return at once.
   */
  public void onOpened(java.util.function.BiConsumer<String, Instant> listener) {
    openingListeners.add(listener);
  }

  /**
   * Opens the service's breaker until {@code until}, as another instance's breaker of it opened
   * ({@link BreakerSharing}); after that the breaker lets one trial call through, as after its own opening.
   *
   * @return false when nothing changed: the time has passed, or the breaker is already open at least as long
   */
  public boolean openUntil(String service, Instant until) {
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      return false;
    }
    CircuitBreaker breaker = breaker(service);
    if (breaker.getState() == State.OPEN && !now.plus(remainingOpen(service)).isBefore(until)) {
      return false;
    }
    adopting.set(true);
    try {
      breaker.transitionToOpenStateUntil(until);
    } finally {
      adopting.remove();
    }
    // the remaining open time is counted from here on
    openedAt.put(service, until.minus(settings.openDuration()));
    openedElsewhere.add(service);
    return true;
  }

  /**
   * Closes every breaker and forgets its calls. For test support only (process tests share one application
   * context across tests, and one test's outage must not refuse the next test's calls); never called by the
   * application.
   */
  public void reset() {
    breakers.values().forEach(CircuitBreaker::reset);
    openedAt.clear();
    openedElsewhere.clear();
    outageSince.clear();
  }

  private BreakerState state(String service, CircuitBreaker breaker) {
    CircuitBreaker.Metrics metrics = breaker.getMetrics();
    State state = breaker.getState();
    Duration remaining = state == State.OPEN ? positiveOrZero(remainingOpen(service)) : Duration.ZERO;
    return new BreakerState(service, state, metrics.getNumberOfFailedCalls(), metrics.getNumberOfBufferedCalls(),
        remaining);
  }

  private CircuitBreaker breaker(String service) {
    return breakers.computeIfAbsent(service, name -> {
      CircuitBreaker breaker = registry.circuitBreaker(name);
      breaker.getEventPublisher().onStateTransition(this::transitioned);
      return breaker;
    });
  }

  private void transitioned(CircuitBreakerOnStateTransitionEvent event) {
    String service = event.getCircuitBreakerName();
    CircuitBreaker.StateTransition transition = event.getStateTransition();
    State to = transition.getToState();
    if (to == State.OPEN) {
      Instant now = clock.instant();
      openedAt.put(service, now);
      if (transition.getFromState() != State.HALF_OPEN) {
        outageSince.put(service, now);
      } else {
        outageSince.putIfAbsent(service, now);
      }
    } else if (to == State.CLOSED) {
      outageSince.remove(service);
    }
    Duration open = settings.openDuration();
    if (adopting.get()) {
      return; // BreakerSharing logs the opening it takes over
    }
    openedElsewhere.remove(service);
    if (to == State.OPEN) {
      Instant until = clock.instant().plus(open);
      for (var listener : openingListeners) {
        try {
          listener.accept(service, until);
        } catch (RuntimeException e) {
          log.warn("{}: a listener of breaker openings failed: {}", service, e.toString());
        }
      }
    }
    switch (transition) {
      case CLOSED_TO_OPEN -> log.warn("{}: circuit opened after {} consecutive failures; calls are refused for {}",
          service, settings.failureThreshold(), seconds(open));
      case HALF_OPEN_TO_OPEN -> log.warn("{}: the trial call failed; circuit open again, calls are refused for {}",
          service, seconds(open));
      case OPEN_TO_HALF_OPEN -> log.info("{}: circuit half-open after {}; one trial call may go through",
          service, seconds(open));
      case HALF_OPEN_TO_CLOSED -> log.info("{}: the trial call succeeded; circuit closed", service);
      default -> log.info("{}: circuit {} -> {}", service, transition.getFromState(), to);
    }
  }

  /** The time the breaker stays open, from our record of when it opened; may be zero or negative once it passed. */
  private Duration remainingOpen(String service) {
    Instant opened = openedAt.get(service);
    if (opened == null) {
      return settings.openDuration();
    }
    return Duration.between(clock.instant(), opened.plus(settings.openDuration()));
  }

  private OutsideServiceException refusal(String service, CircuitBreaker breaker) {
    Duration remaining = remainingOpen(service);
    String message;
    if (breaker.getState() == State.HALF_OPEN || !remaining.isPositive()) {
      // the open time is over and the one trial call is under way: come back shortly
      remaining = TRIAL_UNDER_WAY_WAIT.compareTo(settings.openDuration()) < 0
          ? TRIAL_UNDER_WAY_WAIT : settings.openDuration();
      message = "circuit open after " + settings.failureThreshold()
          + " consecutive failures; a trial call is under way, next trial in " + seconds(remaining);
    } else if (openedElsewhere.contains(service)) {
      message = "circuit open as another instance's opened after " + settings.failureThreshold()
          + " consecutive failures there; next trial in " + seconds(remaining);
    } else {
      message = "circuit open after " + settings.failureThreshold() + " consecutive failures; next trial in "
          + seconds(remaining);
    }
    return new OutsideServiceException(service, Kind.CIRCUIT_OPEN, message, remaining, null);
  }

  /**
   * True while the service's outage (its breaker open since its first opening, through failed trials) has lasted no
   * longer than {@code outagePatience}, and when there is no outage: waiting for the service costs nothing yet.
   */
  public boolean outageWithinPatience(String service) {
    return withinPatience(service);
  }

  private boolean withinPatience(String service) {
    Instant since = outageSince.get(service);
    return since == null || !Duration.between(since, clock.instant()).minus(settings.outagePatience()).isPositive();
  }

  /** A failed trial call as a refusal: the waiting job keeps its retries; the failure is kept as the cause. */
  private OutsideServiceException failedTrial(String service, RuntimeException failure) {
    Duration remaining = positiveOrZero(remainingOpen(service));
    Instant since = outageSince.get(service);
    String outage = since == null ? "" : " (outage for " + seconds(Duration.between(since, clock.instant())) + ")";
    return new OutsideServiceException(service, Kind.CIRCUIT_OPEN, "the trial call failed" + outage + ": "
        + failure.getMessage() + "; circuit open again, next trial in " + seconds(remaining), remaining, failure);
  }

  /** A failure that says the service is unwell: counted failures, and raw I/O errors and timeouts. */
  static boolean countsAgainstTheService(Throwable failure) {
    if (failure instanceof OutsideServiceException outside) {
      return outside.counted();
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutsideServiceException outside) {
        return outside.counted();
      }
      if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String outcome(RuntimeException e) {
    if (e instanceof OutsideServiceException outside) {
      return switch (outside.kind()) {
        case TRANSIENT -> "transient";
        case RATE_LIMITED -> "rate-limited";
        case FATAL -> "fatal";
        case CIRCUIT_OPEN -> "circuit-open";
      };
    }
    return countsAgainstTheService(e) ? "transient" : "fatal";
  }

  private void count(String service, String outcome) {
    metrics.outsideCall(service, outcome);
  }

  private static Duration positiveOrZero(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** "42s", or "0.3s" below ten seconds when not whole; rounded up so a wait is never understated. */
  static String seconds(Duration d) {
    long millis = d.toMillis();
    if (millis < 10_000 && millis % 1000 != 0) {
      return (Math.ceil(millis / 100.0) / 10.0) + "s";
    }
    return ((millis + 999) / 1000) + "s";
  }
}
