package io.rivalwatch.resilience;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Shares breaker openings between worker instances through the artefact store, which every instance already uses
 * (ADR 0018). When a breaker of this instance opens, a small marker is written whose name says which service and
 * until when; every instance lists the markers every {@code pollInterval} and opens its own breaker of that service
 * until the same time. After that time each instance lets one trial call through, as after an opening of its own:
 * a failed trial opens it again and writes a new marker, a successful one closes it. Markers are never read, changed
 * or deleted: they are listed, and stop counting when their time has passed.
 *
 * <p>Calls pay nothing for it: the store is used on openings and by the poll, never per call. The store's own
 * breaker ("s3") cannot be shared through the store it guards: its marker would be refused by that breaker.
 */
public class BreakerSharing implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BreakerSharing.class);
  private static final String SUFFIX = ".json";
  /** A marker name: {@code <until epoch ms>-<instance>-<service, encoded>.json}. */
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("([0-9]{1,15})-([0-9a-f]{12})-([A-Za-z0-9._-]+)\\.json");

  private final OutsideServices services;
  private final ArtefactStore store;
  private final Duration pollInterval;
  private final Clock clock;
  private final String instance = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  /** The latest opening taken over per service, so a marker seen again changes nothing. */
  private final Map<String, Instant> adopted = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService executor;

  /**
   * @param pollInterval how often the markers are listed: the longest another instance's opening takes to arrive
   * @param clock the time markers are written and compared with (the same as the breakers')
   */
  public BreakerSharing(OutsideServices services, ArtefactStore store, Duration pollInterval, Clock clock) {
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("rivalwatch.resilience.breaker-sharing.poll-interval: must be positive, was "
          + pollInterval + ". Fix: set a duration such as 5s");
    }
    this.services = services;
    this.store = store;
    this.pollInterval = pollInterval;
    this.clock = clock;
    services.onOpened(this::opened);
  }

  /** This instance's id in its markers. */
  public String instance() {
    return instance;
  }

  /**
   * Lists the markers that may still be in force and opens this instance's breakers for those of other instances
   * that last longer than its own. Runs every poll interval; a failing store skips one poll.
   *
   * @return the services whose breaker this poll opened
   */
  public List<String> poll() {
    Instant now = clock.instant();
    Duration longest = services.settings().openDuration();
    List<String> opened = new java.util.ArrayList<>();
    for (Instant hour = now.truncatedTo(ChronoUnit.HOURS); !hour.isAfter(now.plus(longest));
        hour = hour.plus(1, ChronoUnit.HOURS)) {
      for (ArtefactKey key : store.list(ArtefactKeys.breakerOpenings(hour))) {
        marker(key.name()).filter(m -> !m.instance().equals(instance) && m.until().isAfter(now))
            .filter(m -> adopted.getOrDefault(m.service(), Instant.EPOCH).isBefore(m.until()))
            .ifPresent(m -> {
              adopted.put(m.service(), m.until());
              if (services.openUntil(m.service(), m.until())) {
                opened.add(m.service());
                log.info("{}: breaker opened until {} as instance {}'s did", m.service(), m.until(), m.instance());
              }
            });
      }
    }
    return opened;
  }

  /** A breaker of this instance opened: write its marker, off the caller's thread once polling runs. */
  private void opened(String service, Instant until) {
    ScheduledExecutorService running = executor;
    if (running == null) {
      publish(service, until);
    } else {
      running.execute(() -> publish(service, until));
    }
  }

  void publish(String service, Instant until) {
    String encoded = encode(service);
    String name = until.toEpochMilli() + "-" + instance + "-" + encoded + SUFFIX;
    if (name.length() > 128) {
      log.debug("{}: service name too long to share its breaker", service);
      return;
    }
    try {
      // through ArtefactJson's format, but straight to the store: a marker is never read back, so never cached
      store.createIfAbsent(ArtefactKeys.breakerOpening(until, name),
          ArtefactJson.toJson(new Opening(service, until, instance)), ArtefactJson.CONTENT_TYPE);
      adopted.merge(service, until, (a, b) -> a.isAfter(b) ? a : b);
    } catch (RuntimeException e) {
      // the others open their own breaker after their own failures, as they would without sharing
      log.info("{}: could not share the breaker's opening with other instances: {}", service, e.getMessage());
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.debug("breaker markers not listed this time: {}", e.getMessage());
    }
  }

  @Override
  public synchronized void start() {
    if (executor == null) {
      executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "breaker-sharing");
        thread.setDaemon(true);
        return thread;
      });
      executor.scheduleWithFixedDelay(this::pollQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  record Marker(Instant until, String instance, String service) {}

  static Optional<Marker> marker(String name) {
    java.util.regex.Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Marker(Instant.ofEpochMilli(Long.parseLong(m.group(1))), m.group(2),
          decode(m.group(3))));
    } catch (IllegalArgumentException notAMarker) {
      return Optional.empty();
    }
  }

  /**
   * The service name as a key segment, reversibly: letters, digits, '.' and '-' stay, every other byte is
   * {@code _xx} (hex), so "bedrock:amazon.nova-lite-v1:0" is "bedrock_3aamazon.nova-lite-v1_3a0".
   */
  static String encode(String service) {
    StringBuilder out = new StringBuilder();
    for (byte b : service.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
        out.append(c);
      } else {
        out.append('_').append(HexFormat.of().toHexDigits(b));
      }
    }
    return out.toString();
  }

  static String decode(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '_') {
        if (i + 2 >= encoded.length()) {
          throw new IllegalArgumentException("cut escape in " + encoded);
        }
        bytes.write(HexFormat.fromHexDigits(encoded, i + 1, i + 3));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** What a marker holds; pollers read only its name, which says the same. */
  record Opening(String service, Instant until, String instance) {
    static final ArtefactFormat<Opening> FORMAT = ArtefactFormat.of("breaker-opening", Opening.class);
  }
}
