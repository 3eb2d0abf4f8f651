package io.rivalwatch.retention;

import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long each kind of stored data is kept ({@code rivalwatch.retention.*}, docs/retention.md).
 *
 * @param classes retention class to how long its artefacts are kept after they were written, in whole days (an S3
 *     lifecycle rule counts whole days too). Entries here replace the defaults class by class
 * @param kinds the folder of an artefact (a run's phase folder such as {@code research}, or a folder of the areas
 *     that span runs: {@code analysed}, {@code reuse}, {@code dashboard}...) to its retention class. The same
 *     mapping tags every S3 object ({@code rivalwatch-retention}), so the bucket's lifecycle rules and the retention
 *     job agree. A folder with no entry is {@value #DEFAULT_CLASS}
 * @param memory the retention class of what the memory holds (local entries, AgentCore events and records)
 * @param dryRun the nightly job only lists what would go (a run started by hand says so itself)
 * @param abandonedAfter a run with no run record that no instance's progress shows running is taken as ended (a
 *     cancelled or lost run) this long after it started; until then it is held as running
 */
@ConfigurationProperties(RetentionProperties.PREFIX)
public record RetentionProperties(
    Map<String, Duration> classes, Map<String, String> kinds, String memory, boolean dryRun, Duration abandonedAfter) {

  static final String PREFIX = "rivalwatch.retention";

  public static final String RAW = "raw";
  public static final String DERIVED = "derived";
  public static final String REPORT = "report";
  public static final String RECORD = "record";
  public static final String AUDIT = "audit";
  /** The class of a folder the kinds do not name. */
  public static final String DEFAULT_CLASS = RECORD;

  /** Raw research a month, analyses half a year, reports and run records two years, the audit trail seven. */
  public static final Map<String, Duration> DEFAULT_CLASSES = Map.of(
      RAW, Duration.ofDays(30),
      DERIVED, Duration.ofDays(180),
      REPORT, Duration.ofDays(730),
      RECORD, Duration.ofDays(730),
      AUDIT, Duration.ofDays(2555));

  /** Each folder's class when nothing is configured. */
  public static final Map<String, String> DEFAULT_KINDS = Map.ofEntries(
      Map.entry(ArtefactKeys.RESEARCH, RAW),
      // retry failures count a run's budget while it runs; breaker openings are useless once their hour passed
      Map.entry(ArtefactKeys.RETRY_FAILURES, RAW),
      Map.entry(ArtefactKeys.BREAKERS, RAW),
      // finished jobs shared between worker instances: read within the progress retention (a day)
      Map.entry(ArtefactKeys.PROGRESS, RAW),
      Map.entry(ArtefactKeys.ANALYSIS, DERIVED),
      Map.entry(ArtefactKeys.BUDGET, DERIVED),
      Map.entry(ArtefactKeys.PARKED, DERIVED),
      Map.entry(ArtefactKeys.HISTORY_ANALYSED, DERIVED),
      Map.entry(ArtefactKeys.HISTORY_REUSE, DERIVED),
      Map.entry(ArtefactKeys.HISTORY_FAILED_PAGES, DERIVED),
      Map.entry(ArtefactKeys.HISTORY_SUMMARIES, DERIVED),
      // a watch list's delivered runs: its baseline is held, older entries go with the run records
      Map.entry(ArtefactKeys.HISTORY_DELIVERED, RECORD),
      Map.entry(ArtefactKeys.SYNTHESIS, REPORT),
      Map.entry(ArtefactKeys.DASHBOARD, REPORT),
      Map.entry(ArtefactKeys.PLANNING, RECORD),
      Map.entry(ArtefactKeys.REVIEW, RECORD),
      Map.entry(ArtefactKeys.DISTRIBUTION, RECORD),
      Map.entry(ArtefactKeys.OUTCOME, RECORD),
      Map.entry(ArtefactKeys.MODEL_USAGE, RECORD),
      Map.entry(ArtefactKeys.AUDIT, AUDIT),
      Map.entry(ArtefactKeys.MODEL_CALLS, AUDIT),
      Map.entry(ArtefactKeys.RETENTION, AUDIT));

  // what S3 accepts in a tag value, as the class names are written as tags
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+\\-=._:@]{0,63}");

  public RetentionProperties {
    Map<String, Duration> mergedClasses = new TreeMap<>(DEFAULT_CLASSES);
    if (classes != null) {
      mergedClasses.putAll(classes);
    }
    classes = Collections.unmodifiableMap(mergedClasses);
    Map<String, String> mergedKinds = new TreeMap<>(DEFAULT_KINDS);
    if (kinds != null) {
      kinds.forEach((folder, retentionClass) -> mergedKinds.put(folder,
          retentionClass == null ? null : retentionClass.strip()));
    }
    kinds = Collections.unmodifiableMap(mergedKinds);
    memory = memory == null || memory.isBlank() ? DERIVED : memory.strip();
    abandonedAfter = abandonedAfter == null ? Duration.ofDays(30) : abandonedAfter;
    List<String> problems = problems(classes, kinds, memory, abandonedAfter);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("rivalwatch.retention is not valid:\n  " + String.join("\n  ", problems));
    }
  }

  public static RetentionProperties defaults() {
    return new RetentionProperties(null, null, null, false, null);
  }

  /** These settings with other durations for some classes (tests, tools). */
  public RetentionProperties withClasses(Map<String, Duration> changed) {
    Map<String, Duration> merged = new TreeMap<>(classes);
    merged.putAll(changed);
    return new RetentionProperties(merged, kinds, memory, dryRun, abandonedAfter);
  }

  /**
   * The retention class of an artefact: the dashboard's by its area (it spans runs), any other by its folder; a folder
   * the kinds do not name is {@value #DEFAULT_CLASS}. {@code adapters.s3} tags objects with the same function.
   */
  public String classOf(ArtefactKey key) {
    String folder = ArtefactKey.DASHBOARD.equals(key.runId()) ? ArtefactKey.DASHBOARD : key.phase();
    String retentionClass = kinds.get(folder);
    return retentionClass == null || retentionClass.isEmpty() ? DEFAULT_CLASS : retentionClass;
  }

  /** How long artefacts of the class are kept. */
  public Duration keepFor(String retentionClass) {
    Duration keep = classes.get(retentionClass);
    if (keep == null) {
      throw new IllegalArgumentException("retention class '" + retentionClass + "' is not one of " + classes.keySet());
    }
    return keep;
  }

  private static List<String> problems(Map<String, Duration> classes, Map<String, String> kinds, String memory,
      Duration abandonedAfter) {
    List<String> problems = new ArrayList<>();
    classes.forEach((name, keep) -> {
      if (!CLASS_NAME.matcher(name).matches()) {
        problems.add(PREFIX + ".classes." + name + ": not a class name. Fix: use letters, digits and - . _ (it is "
            + "written as an S3 tag value)");
      }
      if (keep == null || keep.compareTo(Duration.ofDays(1)) < 0 || !keep.equals(Duration.ofDays(keep.toDays()))) {
        problems.add(PREFIX + ".classes." + name + ": '" + keep + "' is not a whole number of days of at least one. "
            + "Fix: e.g. 30d (S3 lifecycle rules count whole days)");
      }
    });
    kinds.forEach((folder, retentionClass) -> {
      if (retentionClass != null && !retentionClass.isEmpty() && !classes.containsKey(retentionClass)) {
        problems.add(PREFIX + ".kinds." + folder + ": '" + retentionClass + "' is no retention class. Fix: use one of "
            + classes.keySet() + " or add it under " + PREFIX + ".classes");
      }
    });
    if (!classes.containsKey(DEFAULT_CLASS)) {
      problems.add(PREFIX + ".classes: the class '" + DEFAULT_CLASS + "' of unnamed folders is missing. Fix: keep it");
    }
    if (!classes.containsKey(memory)) {
      problems.add(PREFIX + ".memory: '" + memory + "' is no retention class. Fix: use one of " + classes.keySet());
    }
    if (abandonedAfter.isNegative() || abandonedAfter.isZero()) {
      problems.add(PREFIX + ".abandoned-after: '" + abandonedAfter + "' must be positive. Fix: e.g. 30d");
    }
    return problems;
  }
}
