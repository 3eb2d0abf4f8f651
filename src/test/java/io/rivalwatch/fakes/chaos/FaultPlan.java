package io.rivalwatch.fakes.chaos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, call by call, whether a fake answers with a transient fault instead of its normal answer, and keeps a
 * ledger of every fault injected. Install one plan on several fakes ({@code faults(plan)} on BedrockFake,
 * AgentCoreFake, S3MockServer, SampleSite, and {@link SmtpGate}), or let {@link
 * io.rivalwatch.testsupport.ChaosEnvironment} do it.
 *
 * <p>Per {@link Service}: a rate (the chance that one call is faulted; 0 by default, so a new plan injects nothing
 * until rates are set) and the {@link FaultKind}s to draw from, uniformly (a kind given twice weighs double). The
 * defaults are the service's usual transient faults, all classified TRANSIENT or RATE_LIMITED by the product's
 * adapters. A throttling fault carries a Retry-After of 0 or 1 seconds, drawn too.
 *
 * <p><b>Consecutive cap.</b> A <em>target</em> is one service, operation and request key (the fake chooses a key
 * that a retry of the same logical request repeats: Bedrock's model, task, competitor and turn; S3's method and
 * object; a web page's URL...). With a cap of {@code n} (2 by default, below the models' 5 job retries) a target is
 * never faulted more than {@code n} times in a row: the draw after {@code n} faults of it is answered normally (and
 * counted in {@link #capped}). Any normal answer ends the streak. {@link #noConsecutiveCap()} lifts the cap.
 *
 * <p><b>Once through, always through</b> ({@link #answeredRequestsStayAnswered()}, off by default). A target that was
 * answered normally once is never faulted again. A job's retry repeats the requests that already went through before
 * its failure (idempotent writes, reads of its inputs); drawing those afresh lets a job that makes many requests
 * (dozens of memory events, thirty artefact reads) fail every attempt on a different one of them and run out of
 * retries without any single request failing twice, which is not the transient fault such a plan stands for.
 *
 * <p><b>Determinism.</b> Each draw comes from a generator seeded with the plan's seed, the target and how many times
 * that target was drawn before: for a given seed, the n-th call of the same request gets the same answer, whatever
 * other calls happened in between. So the product's concurrent job workers, whose calls interleave differently from
 * run to run, meet the same faults at the same requests; only the ledger's order may differ.
 *
 * <p>All methods are thread-safe. Rates and kinds may be changed while fakes use the plan.
 */
public final class FaultPlan {

  /** A service the plan injects faults into, with the kinds its fake supports and draws by default. */
  public enum Service {
    BEDROCK("bedrock", kinds(FaultKind.THROTTLING, FaultKind.SERVICE_UNAVAILABLE, FaultKind.INTERNAL_SERVER_ERROR,
        FaultKind.CUT_OFF, FaultKind.DELAY),
        List.of(FaultKind.THROTTLING, FaultKind.SERVICE_UNAVAILABLE, FaultKind.INTERNAL_SERVER_ERROR)),
    AGENTCORE("agentcore", kinds(FaultKind.THROTTLING, FaultKind.SERVICE_UNAVAILABLE, FaultKind.INTERNAL_SERVER_ERROR,
        FaultKind.CONNECTION_RESET), List.of(FaultKind.THROTTLING, FaultKind.SERVICE_UNAVAILABLE)),
    S3("s3", kinds(FaultKind.SLOW_DOWN, FaultKind.INTERNAL_ERROR, FaultKind.SERVICE_UNAVAILABLE_S3,
        FaultKind.CONNECTION_RESET),
        List.of(FaultKind.SLOW_DOWN, FaultKind.INTERNAL_ERROR)),
    WEB("web", kinds(FaultKind.UNAVAILABLE), List.of(FaultKind.UNAVAILABLE)),
    SMTP("smtp", kinds(FaultKind.SMTP_SERVICE_NOT_AVAILABLE, FaultKind.CONNECTION_CLOSED),
        List.of(FaultKind.SMTP_SERVICE_NOT_AVAILABLE, FaultKind.CONNECTION_CLOSED));

    private final String id;
    private final Set<FaultKind> supported;
    private final List<FaultKind> defaults;

    Service(String id, Set<FaultKind> supported, List<FaultKind> defaults) {
      this.id = id;
      this.supported = supported;
      this.defaults = defaults;
    }

    /** "bedrock", "agentcore", "s3", "web", "smtp". */
    public String id() {
      return id;
    }

    /** The kinds this service's fake can answer with. */
    public Set<FaultKind> supported() {
      return Collections.unmodifiableSet(supported);
    }

    /** The kinds drawn unless {@link FaultPlan#kinds} says otherwise. */
    public List<FaultKind> defaultKinds() {
      return defaults;
    }

    /** The service with this id, e.g. "bedrock". */
    public static Service of(String id) {
      for (Service s : values()) {
        if (s.id.equalsIgnoreCase(id)) {
          return s;
        }
      }
      throw new IllegalArgumentException("no service '" + id + "'; known: " + Arrays.toString(values()));
    }

    private static Set<FaultKind> kinds(FaultKind... kinds) {
      return EnumSet.copyOf(List.of(kinds));
    }
  }

  /**
   * One injected fault, as the ledger keeps it.
   *
   * @param sequence 1 for the plan's first fault, then 2, 3...
   * @param operation the fake's name for what was called, e.g. "Converse", "CreateEvent", "PutObject", "GET"
   * @param key the request key within the operation (see the class comment)
   * @param retryAfter the Retry-After the fault carries, or null
   * @param forced true when the fault was not drawn but imposed (e.g. {@link SmtpGate#refuseNext})
   */
  public record Injection(long sequence, Service service, String operation, String key, FaultKind kind,
      Duration retryAfter, boolean forced, Instant at) {

    /** Everything but the time: what two runs with the same seed and call sequence agree on. */
    public String describe() {
      return service.id() + " " + operation + " [" + key + "] " + kind
          + (retryAfter == null ? "" : " Retry-After " + retryAfter.toSeconds() + "s") + (forced ? " (forced)" : "");
    }
  }

  /** How late a {@link FaultKind#DELAY} answer comes unless {@link #delays} says otherwise. */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

  /** The default cap of consecutive faults per target. */
  public static final int DEFAULT_MAX_CONSECUTIVE = 2;

  private final long seed;
  private final Map<String, Integer> occurrences = new HashMap<>();
  private final Clock clock;
  private final Map<Service, Double> rates = new EnumMap<>(Service.class);
  private final Map<Service, List<FaultKind>> kinds = new EnumMap<>(Service.class);
  private final Map<String, Integer> streaks = new HashMap<>();
  /** Targets answered normally at least once: never faulted again. */
  private final java.util.Set<String> answered = new java.util.HashSet<>();
  private boolean onceThroughAlwaysThrough;
  private final List<Injection> ledger = new ArrayList<>();
  private final Map<Service, Long> draws = new EnumMap<>(Service.class);
  private final Map<Service, Long> capped = new EnumMap<>(Service.class);
  private int maxConsecutive = DEFAULT_MAX_CONSECUTIVE;
  private Duration delay = DEFAULT_DELAY;

  private FaultPlan(long seed, Clock clock) {
    this.seed = seed;

    this.clock = clock;
    for (Service s : Service.values()) {
      rates.put(s, 0.0);
      kinds.put(s, s.defaultKinds());
      draws.put(s, 0L);
      capped.put(s, 0L);
    }
  }

  /** A plan with this seed: every rate 0, default kinds, a cap of {@value #DEFAULT_MAX_CONSECUTIVE} in a row. */
  public static FaultPlan seeded(long seed) {
    return new FaultPlan(seed, Clock.systemUTC());
  }

  /** The same, with the clock that dates the ledger's entries. */
  public static FaultPlan seeded(long seed, Clock clock) {
    return new FaultPlan(seed, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * A plan with the rates of a rough night: Bedrock 0.30, S3 0.10, AgentCore 0.10, web 0, SMTP 0; default kinds and
   * cap.
   */
  public static FaultPlan typical(long seed) {
    return seeded(seed).rate(Service.BEDROCK, 0.30).rate(Service.S3, 0.10).rate(Service.AGENTCORE, 0.10)
        .rate(Service.WEB, 0.0).rate(Service.SMTP, 0.0);
  }

  public long seed() {
    return seed;
  }

  // --- configuration -------------------------------------------------------------------------------------

  /** The chance, from 0 to 1, that one call to the service is faulted. 0 turns the service's faults off. */
  public synchronized FaultPlan rate(Service service, double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("a rate is between 0 and 1, was " + rate + " for " + service);
    }
    rates.put(Objects.requireNonNull(service, "service"), rate);
    return this;
  }

  /** Several rates at once; services not named keep theirs. */
  public synchronized FaultPlan rates(Map<Service, Double> newRates) {
    newRates.forEach(this::rate);
    return this;
  }

  /** Every rate to 0: nothing more is injected (the ledger stays). */
  public synchronized FaultPlan off() {
    rates.replaceAll((s, r) -> 0.0);
    return this;
  }

  public synchronized double rate(Service service) {
    return rates.get(service);
  }

  /** The kinds to draw from for the service, uniformly; each must be one its fake supports. */
  public synchronized FaultPlan kinds(Service service, FaultKind... faultKinds) {
    if (faultKinds.length == 0) {
      throw new IllegalArgumentException("at least one kind of fault for " + service);
    }
    for (FaultKind kind : faultKinds) {
      if (!service.supported().contains(kind)) {
        throw new IllegalArgumentException(service + " does not answer with " + kind + "; it supports "
            + service.supported());
      }
    }
    kinds.put(service, List.of(faultKinds));
    return this;
  }

  public synchronized List<FaultKind> kinds(Service service) {
    return kinds.get(service);
  }

  /** How late a {@link FaultKind#DELAY} answer comes; positive. */
  public synchronized FaultPlan delays(Duration late) {
    if (late == null || late.isZero() || late.isNegative()) {
      throw new IllegalArgumentException("a delay is positive, was " + late);
    }
    delay = late;
    return this;
  }

  public synchronized Duration delay() {
    return delay;
  }

  /** At most this many faults in a row for one target (service, operation and request key); at least 1. */
  public synchronized FaultPlan maxConsecutive(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the cap is at least 1 fault in a row, was " + max
          + "; for no cap call noConsecutiveCap()");
    }
    maxConsecutive = max;
    return this;
  }

  /** A target answered normally once is never faulted again (see the class comment). */
  public synchronized FaultPlan answeredRequestsStayAnswered() {
    onceThroughAlwaysThrough = true;
    return this;
  }

  /** No cap: a target may be faulted any number of times in a row. */
  public synchronized FaultPlan noConsecutiveCap() {
    maxConsecutive = 0;
    return this;
  }

  /** The cap, or 0 when there is none. */
  public synchronized int maxConsecutive() {
    return maxConsecutive;
  }

  // --- decisions -----------------------------------------------------------------------------------------

  /**
   * Asked by a fake for each call it may fault: the fault to answer with, recorded in the ledger, or empty to answer
   * normally.
   *
   * @param operation what is called, e.g. "Converse"
   * @param key what a retry of the same request repeats, e.g. "amazon.nova-lite-v1:0 sentiment Acme turn 1"
   */
  public synchronized Optional<Injection> draw(Service service, String operation, String key) {
    Objects.requireNonNull(service, "service");
    draws.merge(service, 1L, Long::sum);
    double rate = rates.get(service);
    String target = target(service, operation, key);
    if (rate <= 0.0) {
      streaks.remove(target);
      return Optional.empty();
    }
    // the draw depends on the seed, the target and how often it was asked before, not on what other threads asked
    // in between: parallel jobs interleave differently from run to run, the faults stay where they were
    if (onceThroughAlwaysThrough && answered.contains(target)) {
      return Optional.empty();
    }
    int occurrence = occurrences.merge(target, 1, Integer::sum);
    java.util.SplittableRandom draw = new java.util.SplittableRandom(seed
        ^ java.util.UUID.nameUUIDFromBytes(target.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .getMostSignificantBits()
        ^ (occurrence * 0x9E3779B97F4A7C15L));
    boolean fault = draw.nextDouble() < rate;
    int streak = streaks.getOrDefault(target, 0);
    if (fault && maxConsecutive > 0 && streak >= maxConsecutive) {
      capped.merge(service, 1L, Long::sum);
      fault = false;
    }
    if (!fault) {
      streaks.remove(target);
      answered.add(target);
      return Optional.empty();
    }
    List<FaultKind> choices = kinds.get(service);
    FaultKind kind = choices.get(draw.nextInt(choices.size()));
    Duration retryAfter = kind == FaultKind.THROTTLING ? Duration.ofSeconds(draw.nextInt(2)) : null;
    streaks.put(target, streak + 1);
    return Optional.of(enter(service, operation, key, kind, retryAfter, false));
  }

  /**
   * Records a fault that was imposed rather than drawn (e.g. the SMTP gate's first refusals), so the ledger holds
   * every fault injected; it counts in its target's streak too.
   */
  public synchronized Injection record(Service service, String operation, String key, FaultKind kind) {
    String target = target(service, operation, key);
    streaks.merge(target, 1, Integer::sum);
    return enter(service, operation, key, kind, null, true);
  }

  private Injection enter(Service service, String operation, String key, FaultKind kind, Duration retryAfter,
      boolean forced) {
    Injection injection = new Injection(ledger.size() + 1L, service, operation, key, kind, retryAfter, forced,
        clock.instant());
    ledger.add(injection);
    return injection;
  }

  private static String target(Service service, String operation, String key) {
    return service.id() + '\n' + operation + '\n' + key;
  }

  // --- the ledger ----------------------------------------------------------------------------------------

  /** Every fault injected, in order. */
  public synchronized List<Injection> ledger() {
    return List.copyOf(ledger);
  }

  /** The faults injected into one service, in order. */
  public synchronized List<Injection> ledger(Service service) {
    return ledger.stream().filter(i -> i.service() == service).toList();
  }

  /** How many faults were injected into the service. */
  public synchronized long count(Service service) {
    return ledger.stream().filter(i -> i.service() == service).count();
  }

  /** How many faults of this kind were injected into the service. */
  public synchronized long count(Service service, FaultKind kind) {
    return ledger.stream().filter(i -> i.service() == service && i.kind() == kind).count();
  }

  /** Faults per service and kind (only services and kinds that had some). */
  public synchronized Map<Service, Map<FaultKind, Long>> counts() {
    Map<Service, Map<FaultKind, Long>> counts = new EnumMap<>(Service.class);
    for (Injection i : ledger) {
      counts.computeIfAbsent(i.service(), s -> new EnumMap<>(FaultKind.class)).merge(i.kind(), 1L, Long::sum);
    }
    return counts;
  }

  /** How many calls to the service asked the plan (faulted or not). */
  public synchronized long draws(Service service) {
    return draws.get(service);
  }

  /** How many faults the consecutive cap prevented for the service. */
  public synchronized long capped(Service service) {
    return capped.get(service);
  }

  /** One line per service that was asked: draws, faults by kind, capped; for a failing chaos test's message. */
  public synchronized String summary() {
    Map<Service, Map<FaultKind, Long>> counts = counts();
    StringBuilder out = new StringBuilder("fault plan seed " + seed + ":");
    for (Service s : Service.values()) {
      if (draws.get(s) == 0 && !counts.containsKey(s)) {
        continue;
      }
      out.append("\n  ").append(s.id()).append(": rate ").append(rates.get(s)).append(", ").append(draws.get(s))
          .append(" calls, faults ").append(counts.getOrDefault(s, Map.of())).append(", capped ")
          .append(capped.get(s));
    }
    return out.toString();
  }

  @Override
  public synchronized String toString() {
    Map<String, Double> nonZero = new LinkedHashMap<>();
    rates.forEach((s, r) -> {
      if (r > 0) {
        nonZero.put(s.id(), r);
      }
    });
    return "FaultPlan[seed " + seed + ", rates " + nonZero + ", max " + maxConsecutive + " in a row, "
        + ledger.size() + " faults]";
  }
}
