package io.rivalwatch.planning;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Where watch lists are and how they are read ({@code rivalwatch.planning.*}); see docs/watch-lists-and-limits.md.
 *
 * @param watchLists the directory of watch lists, as a Spring resource location ({@code file:/etc/rivalwatch/watch-lists/}
 *     or {@code classpath:watch-lists/}); a run's watch list is {@code <watchLists><name>.yaml}
 * @param defaultWatchList the watch list of a run that names none (the nightly timer's runs)
 * @param placeholders the only property names a watch list's {@code ${...}} placeholders may read (e.g.
 *     {@code rivalwatch.sample-site}); empty (the default) allows none
 * @param maxWatchListSize a larger watch list is refused unread
 * @param loadTimeout the longest reading a watch list may take
 */
@ConfigurationProperties("rivalwatch.planning")
public record PlanningProperties(
    String watchLists, String defaultWatchList, List<String> placeholders, DataSize maxWatchListSize,
    Duration loadTimeout) {

  public static final String PREFIX = "rivalwatch.planning";

  public PlanningProperties {
    if (watchLists == null || watchLists.isBlank()) {
      watchLists = "file:./watch-lists/";
    }
    watchLists = watchLists.strip().endsWith("/") ? watchLists.strip() : watchLists.strip() + "/";
    if (defaultWatchList == null || defaultWatchList.isBlank()) {
      defaultWatchList = "default";
    }
    WatchLists.problem(PREFIX + ".default-watch-list", defaultWatchList).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    placeholders = placeholders == null ? List.of()
        : placeholders.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    maxWatchListSize = maxWatchListSize == null ? DataSize.ofKilobytes(256) : maxWatchListSize;
    loadTimeout = loadTimeout == null ? Duration.ofSeconds(10) : loadTimeout;
    if (maxWatchListSize.toBytes() <= 0 || loadTimeout.isNegative() || loadTimeout.isZero()) {
      throw new IllegalArgumentException(PREFIX + ".max-watch-list-size and " + PREFIX + ".load-timeout must be above"
          + " 0. Fix: e.g. 256KB and 10s");
    }
  }

  /** Watch lists in {@code location}, with the defaults for everything else. */
  public static PlanningProperties of(String location, String defaultWatchList, List<String> placeholders) {
    return new PlanningProperties(location, defaultWatchList, placeholders, null, null);
  }
}
