package io.rivalwatch.resilience;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a start-up check of an outside service that failed with something that may pass (a 5xx, throttling, a
 * connection reset), so one blip does not stop the application; a check that keeps failing, or fails for good,
 * throws its last failure, which the adapter turns into its message naming the property to fix.
 */
public final class StartupChecks {

  private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);

  private StartupChecks() {}

  /**
   * @param check what is checked, for the log ("S3 bucket 'reports'")
   * @param mayPass which failures are worth another attempt
   * @throws RuntimeException the last attempt's failure
   */
  public static <T> T retried(String check, ResilienceProperties.Startup settings, Predicate<Throwable> mayPass,
      Supplier<T> call) {
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(settings.attempts())
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.firstWait(), 2.0, 0.25))
        .retryOnException(mayPass)
        .failAfterMaxAttempts(false)
        .build();
    Retry retry = Retry.of("startup", config);
    retry.getEventPublisher().onRetry(event -> log.warn("{}: attempt {} of {} failed ({}); trying again in {} ms",
        check, event.getNumberOfRetryAttempts(), settings.attempts(), event.getLastThrowable().getMessage(),
        event.getWaitInterval().toMillis()));
    return retry.executeSupplier(call);
  }
}
