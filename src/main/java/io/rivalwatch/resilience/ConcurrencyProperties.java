package io.rivalwatch.resilience;

import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where concurrency is limited ({@code rivalwatch.concurrency.*}, ADR 0019): not by a pool of handler threads, but
 * at each outside limit. Per host the web adapter's turns ({@code rivalwatch.research.per-host.*}), per model the
 * requests and tokens per minute ({@code rivalwatch.resilience.bedrock.*}), and the in-flight caps here.
 *
 * @param handlerThreads "virtual" (default): each job's handler runs on a virtual thread of its own, so a handler
 *     waiting for a page or a model holds no scarce thread and analyses never wait behind fetches; "pool": the
 *     Camunda client's {@code camunda.client.execution-threads} platform threads, shared by every job type
 * @param modelInFlight calls in flight to one model at most (per model id), on this instance
 * @param sourceInFlight gatherings in flight per source API (one source kind: website, news, social, market) at most,
 *     on this instance
 * @param maxWait the longest a call waits for a free slot; then it is refused as rate-limited, and its job is
 *     retried after a backoff
 */
@ConfigurationProperties("rivalwatch.concurrency")
public record ConcurrencyProperties(String handlerThreads, Integer modelInFlight, Integer sourceInFlight,
    Duration maxWait) {

  public static final String VIRTUAL = "virtual";
  public static final String POOL = "pool";

  public ConcurrencyProperties {
    handlerThreads = handlerThreads == null || handlerThreads.isBlank() ? VIRTUAL
        : handlerThreads.strip().toLowerCase(Locale.ROOT);
    modelInFlight = modelInFlight == null ? 8 : modelInFlight;
    sourceInFlight = sourceInFlight == null ? 16 : sourceInFlight;
    maxWait = maxWait == null ? Duration.ofMinutes(5) : maxWait;
    if (!handlerThreads.equals(VIRTUAL) && !handlerThreads.equals(POOL)) {
      throw new IllegalArgumentException("rivalwatch.concurrency.handler-threads: '" + handlerThreads
          + "' is not a choice. Fix: use virtual (a virtual thread per job) or pool (camunda.client.execution-threads)");
    }
    if (modelInFlight < 1 || sourceInFlight < 1 || maxWait.isNegative()) {
      throw new IllegalArgumentException("rivalwatch.concurrency: need model-in-flight >= 1, source-in-flight >= 1 "
          + "and max-wait >= 0; got " + modelInFlight + ", " + sourceInFlight + " and " + maxWait);
    }
  }

  /** The defaults, as used when nothing is configured. */
  public static ConcurrencyProperties defaults() {
    return new ConcurrencyProperties(null, null, null, null);
  }
}
