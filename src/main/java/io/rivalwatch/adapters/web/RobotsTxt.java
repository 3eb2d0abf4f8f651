package io.rivalwatch.adapters.web;

import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.research.PermanentFetchException;
import io.rivalwatch.research.CircuitOpenFetchException;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The robots.txt rules of each host (scheme, host and port), read once and kept for {@code expiry}, matched for our
 * product token (RFC 9309, parsed by crawler-commons). What an answer means:
 *
 * <ul>
 *   <li>2xx: its rules; a Crawl-delay becomes a lower bound on the gap between our requests to the host;
 *   <li>401 or 403: everything is disallowed (the host keeps robots out);
 *   <li>any other 4xx, or no readable file (too large, too many redirects): everything is allowed;
 *   <li>5xx, 429, a timeout or a refused connection: nothing is known, so the page is not read now; it fails
 *       transiently and is tried later. Such an answer is not kept.
 * </ul>
 *
 * <p>Many threads asking for the rules of a host that is not known yet cause one request: the first reads the file,
 * the others wait for its answer (bounded).
 */
final class RobotsTxt {

  /** Reads robots.txt at this address: a 2xx answer, else the failure. */
  @FunctionalInterface
  interface Reader {
    WebFetcher.Reply read(URI robotsTxt) throws FetchException;
  }

  /** A host's rules, as read. */
  record Rules(BaseRobotRules rules, String note) {

    boolean allows(URI target) {
      return rules.isAllowed(target.toString());
    }

    /** The host's Crawl-delay, or zero. */
    Duration crawlDelay() {
      long millis = rules.getCrawlDelay();
      return millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO;
    }
  }

  private final String productToken;
  private final Duration maxWait;
  private final Reader reader;
  private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
  private final AsyncCache<String, Rules> cache;

  /**
   * @param productToken the name robots.txt groups are matched against ("rivalwatch")
   * @param expiry how long a host's rules are kept
   * @param maxWait how long a fetch waits for rules another thread is reading
   * @param clock measures the expiry
   */
  RobotsTxt(String productToken, Duration expiry, Duration maxWait, Clock clock, Reader reader) {
    this.productToken = productToken;
    this.maxWait = maxWait;
    this.reader = reader;
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    this.cache = Caffeine.newBuilder().expireAfterWrite(expiry).maximumSize(10_000).ticker(ticker).buildAsync();
  }

  /**
   * Refuses {@code target} when its host's robots.txt disallows it for us; else gives the host's Crawl-delay (zero
   * when none).
   *
   * @param address the address the caller asked for, for the exceptions
   * @throws PermanentFetchException when robots.txt disallows the target
   * @throws TransientFetchException when robots.txt could not be read now
   * @throws CircuitOpenFetchException when the host's breaker is open
   */
  Duration check(URI target, String address) throws FetchException {
    Rules rules = rulesFor(target, address);
    if (!rules.allows(target)) {
      String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
      if (target.getRawQuery() != null) {
        path += "?" + target.getRawQuery();
      }
      throw new PermanentFetchException(address, "robots.txt of host " + AddressGuard.host(target) + " disallows "
          + path + " for " + productToken + rules.note());
    }
    return rules.crawlDelay();
  }

  private Rules rulesFor(URI target, String address) throws FetchException {
    String origin = target.getScheme().toLowerCase(Locale.ROOT) + "://" + target.getHost().toLowerCase(Locale.ROOT)
        + (target.getPort() < 0 ? "" : ":" + target.getPort());
    URI robotsTxt = URI.create(origin + "/robots.txt");
    CompletableFuture<Rules> mine = new CompletableFuture<>();
    CompletableFuture<Rules> known = cache.asMap().putIfAbsent(origin, mine);
    if (known == null) {
      // ours to read; a failed future leaves the cache by itself, so the next fetch reads again
      try {
        mine.complete(read(robotsTxt));
      } catch (FetchException | RuntimeException e) {
        mine.completeExceptionally(e);
      }
      known = mine;
    }
    try {
      return known.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TransientFetchException(address, "robots.txt of host " + AddressGuard.host(target)
          + " not read within " + maxWait.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFetchException(address, "interrupted while reading robots.txt", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CircuitOpenFetchException open) {
        throw new CircuitOpenFetchException(address, open.refusal());
      }
      if (e.getCause() instanceof TransientFetchException failure) {
        throw new TransientFetchException(address, "robots.txt of host " + AddressGuard.host(target)
            + " could not be read (" + failure.reason() + ")", failure.retryAfter().orElse(null),
            failure);
      }
      if (e.getCause() instanceof RuntimeException bug) {
        throw bug;
      }
      throw new IllegalStateException("reading robots.txt failed", e.getCause());
    }
  }

  private Rules read(URI robotsTxt) throws FetchException {
    WebFetcher.Reply reply;
    try {
      reply = reader.read(robotsTxt);
    } catch (PermanentFetchException e) {
      int status = e.httpStatus().orElse(0);
      if (status == 401 || status == 403) {
        return new Rules(new SimpleRobotRules(RobotRulesMode.ALLOW_NONE),
            " (robots.txt answered HTTP " + status + ", which keeps robots out of the whole host)");
      }
      // not found, or not readable: no rules
      return new Rules(new SimpleRobotRules(RobotRulesMode.ALLOW_ALL), "");
    }
    String contentType = reply.headers().firstValue("Content-Type").orElse("text/plain");
    return new Rules(parser.parseContent(robotsTxt.toString(), reply.body(), contentType, List.of(productToken)), "");
  }
}
