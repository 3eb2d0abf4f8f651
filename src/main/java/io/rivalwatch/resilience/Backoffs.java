package io.rivalwatch.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/** The wait before the n-th retry of a job: exponential, capped, with a random share on top. */
@Component
public class Backoffs {

  private final ResilienceProperties.Backoff settings;

  public Backoffs(ResilienceProperties properties) {
    this.settings = properties.backoff();
  }

  /** @param retry 1 for the first retry of a job, 2 for the second... */
  public Duration before(int retry) {
    double base = settings.base().toMillis() * Math.pow(settings.factor(), Math.max(0, retry - 1));
    double capped = Math.min(base, settings.cap().toMillis());
    double jittered = capped * (1 + ThreadLocalRandom.current().nextDouble() * settings.jitter());
    return Duration.ofMillis(Math.round(jittered));
  }
}
