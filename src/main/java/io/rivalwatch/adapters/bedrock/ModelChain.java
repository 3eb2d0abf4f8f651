package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.adapters.bedrock.BedrockProperties.Fallback;
import io.rivalwatch.analysis.ModelOutputInvalidException;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Walks one task's fallback chain: the task's own model, its fallback models, then the offline link. Every walk
 * starts at the top, so a task is back on its own model as soon as that model answers again; while the model's
 * circuit breaker is open its calls are refused without being made, and the breaker's half-open trial is the call
 * that brings the task back. A link is left for the next one when:
 * <ul>
 *   <li>its model's breaker is open (the refusal, {@link Kind#CIRCUIT_OPEN});
 *   <li>it is throttled and the Retry-After, or the time it has been throttled without a success, passes
 *       {@link Fallback#throttlingWait()};
 *   <li>Bedrock answers with an error code named in {@link Fallback#unavailableErrors()} (the model is not there or
 *       not ready);
 *   <li>its answer failed the checks after the repair attempt ({@link ModelOutputInvalidException}).
 * </ul>
 * Anything else (a timeout, a 500, access denied, the budget) is thrown as before: the engine retries it or the
 * item is given up by its modelled path. One instance serves the analyses and the executive summary.
 */
public final class ModelChain {

  private static final Logger log = LoggerFactory.getLogger(ModelChain.class);

  private final Fallback settings;
  private final Clock clock;
  /** Per model: since when it has been throttling with no success in between, and when it last did. */
  private final Map<String, Throttling> throttled = new ConcurrentHashMap<>();

  public ModelChain(Fallback settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** A chain with no fallback models and no offline link: every failure is thrown as it comes. */
  static ModelChain none() {
    return new ModelChain(new Fallback(null, null, null, null, null, null, false), Clock.systemUTC());
  }

  Fallback settings() {
    return settings;
  }

  /** What a walk made, and which link made it. */
  record Made<T>(T value, int link, String model, String reason) {}

  /**
   * One link of a walk, for the calls made on it and their audit.
   *
   * @param model the link's model, or null for the offline link
   * @param index 0 for the task's own model
   * @param replaced the model of the link above, or null on the task's own model
   * @param reason why the links above were left, or null on the task's own model
   */
  public record Link(String model, int index, String replaced, String reason) {

    /** The task's own model, which replaced nothing. */
    public static Link own(String model) {
      return new Link(model, 0, null, null);
    }
  }

  /**
   * @param task the task's name ("sentiment", ..., "synthesis")
   * @param ownModel the model the task uses now (its configured model, or the budget's cheaper one)
   * @param attempt one try with the given model
   * @param offline the last link; used only when {@link Fallback#offline()} is true
   * @return the first link's answer, with why the links above it were left
   * @throws OutsideServiceException or {@link ModelOutputInvalidException} of the last model when the chain ends
   *     without an offline link, and any failure that does not move a task down
   */
  <T> Made<T> walk(String task, String ownModel, Function<String, T> attempt, Supplier<T> offline) {
    return walk(task, ownModel, settings.models(task), settings.offline(), link -> attempt.apply(link.model()),
        link -> offline.get());
  }

  /**
   * A walk over a chain given by the caller (a run's pinned chain, not today's settings).
   *
   * @param fallbacks the task's fallback models, in order (the own model among them is skipped)
   * @param offlineLink whether the offline link ends the chain
   */
  <T> Made<T> walk(String task, String ownModel, List<String> fallbacks, boolean offlineLink,
      Function<Link, T> attempt, Function<Link, T> offline) {
    List<String> models = new ArrayList<>();
    models.add(ownModel);
    fallbacks.stream().filter(m -> !m.equals(ownModel)).forEach(models::add);
    List<String> reasons = new ArrayList<>();
    RuntimeException last = null;
    for (int link = 0; link < models.size(); link++) {
      String model = models.get(link);
      Link at = link == 0 ? Link.own(model) : new Link(model, link, models.get(link - 1), String.join("; ", reasons));
      try {
        T value = attempt.apply(at);
        throttled.remove(model);
        return new Made<>(value, link, model, reasons.isEmpty() ? null : String.join("; ", reasons));
      } catch (OutsideServiceException e) {
        Optional<String> why = moveDown(model, e);
        if (why.isEmpty()) {
          throw e;
        }
        reasons.add(model + " " + why.get());
        last = e;
      } catch (ModelOutputInvalidException e) {
        reasons.add(model + " answered unusably twice");
        last = e;
      }
      log.warn("{}: moving down from {} (link {} of {}): {}", task, model, link, models.size()
          + (offlineLink ? 1 : 0), reasons.get(reasons.size() - 1));
    }
    if (!offlineLink) {
      throw last;
    }
    String reason = "every model was unavailable: " + String.join("; ", reasons);
    return new Made<>(offline.apply(new Link(null, models.size(), models.get(models.size() - 1), reason)),
        models.size(), null, reason);
  }

  /** Why this failure moves the task down, in words for the report; empty when it does not. */
  Optional<String> moveDown(String model, OutsideServiceException e) {
    boolean thisModel = e.service().equals(BedrockErrors.service(model));
    if (thisModel && e.kind() == Kind.CIRCUIT_OPEN) {
      return Optional.of("had its circuit breaker open after repeated failures");
    }
    if (thisModel && e.kind() == Kind.RATE_LIMITED) {
      return throttledTooLong(model, e.retryAfter().orElse(Duration.ZERO));
    }
    return unavailableError(e).map(code -> "was unavailable (" + code + ")");
  }

  private Optional<String> throttledTooLong(String model, Duration retryAfter) {
    Duration wait = settings.throttlingWait();
    if (retryAfter.compareTo(wait) > 0) {
      return Optional.of("was throttled and asked for a wait of " + retryAfter.toSeconds() + " s, longer than "
          + wait.toSeconds() + " s");
    }
    Instant now = clock.instant();
    Throttling episode = throttled.compute(model, (m, before) ->
        // a throttling long after the last one starts a new episode
        before == null || Duration.between(before.last(), now).compareTo(wait) > 0
            ? new Throttling(now, now) : new Throttling(before.since(), now));
    Duration lasted = Duration.between(episode.since(), now);
    if (lasted.compareTo(wait) >= 0) {
      return Optional.of("was throttled for " + lasted.toSeconds() + " s, longer than " + wait.toSeconds() + " s");
    }
    return Optional.empty();
  }

  /** The configured error code this failure carries, if any. */
  private Optional<String> unavailableError(OutsideServiceException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      List<String> names = new ArrayList<>();
      names.add(t.getClass().getSimpleName());
      if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null
          && aws.awsErrorDetails().errorCode() != null) {
        names.add(aws.awsErrorDetails().errorCode());
      }
      for (String name : names) {
        if (settings.unavailableErrors().contains(name)) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  private record Throttling(Instant since, Instant last) {}
}
