package io.rivalwatch.retention;

import io.rivalwatch.artefact.ArtefactInventory;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.StoredArtefact;
import io.rivalwatch.memory.MemoryRetention;
import io.rivalwatch.memory.RememberedItem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes what is older than its class from the artefact store and the memory, except what a held run
 * needs (a run in flight, the baseline of a watch list), and records every run of it. A dry run lists the same and
 * deletes nothing.
 *
 * <p>An artefact's age counts from when it was last written (the file's time, the S3 object's LastModified), as an
 * S3 lifecycle rule counts it; its class is its folder's ({@link RetentionProperties#classOf}). An artefact belongs
 * to a run when it is in the run's area, or names the run in an area that spans runs (a run's entry in the history
 * of what was analysed, its dashboard entry).
 *
 * <p>Deleting is idempotent and the record is written last, write-once under a name made of the as-of time and the
 * job: a job retried after a crash deletes the rest and writes the record once.
 */
public class RetentionService {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final ArtefactInventory inventory;
  private final ArtefactJson artefacts;
  private final MemoryRetention memory;
  private final RetentionProperties properties;
  private final RunsInFlight runsInFlight;
  private final BaselineRuns baselines;
  private final Clock clock;

  /** @param memory the memory's deletion, or null when the memory in use cannot delete */
  public RetentionService(ArtefactInventory inventory, ArtefactJson artefacts, MemoryRetention memory,
      RetentionProperties properties, RunsInFlight runsInFlight, BaselineRuns baselines, Clock clock) {
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.artefacts = Objects.requireNonNull(artefacts, "artefacts");
    this.memory = memory;
    this.properties = Objects.requireNonNull(properties, "properties");
    this.runsInFlight = Objects.requireNonNull(runsInFlight, "runsInFlight");
    this.baselines = Objects.requireNonNull(baselines, "baselines");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public RetentionProperties properties() {
    return properties;
  }

  /**
   * True for an area of the store that is a run's (not a history area, the dashboard, retention, breaker
   * openings, the hourly progress events shared between instances or the schedules' dispatches).
   */
  static boolean isRunArea(String area) {
    return !isHistoryArea(area) && !area.equals(ArtefactKeys.DASHBOARD)
        && !area.equals(ArtefactKeys.RETENTION) && !area.startsWith(ArtefactKeys.BREAKERS_PREFIX)
        && !area.startsWith(ArtefactKeys.PROGRESS_PREFIX) && !area.equals(ArtefactKeys.SCHEDULES);
  }

  /** The unscoped history area or a watch list's own ({@code history-<list>}). */
  static boolean isHistoryArea(String area) {
    return area.equals(ArtefactKeys.HISTORY) || area.startsWith(ArtefactKeys.HISTORY_AREA_PREFIX);
  }

  /** Which watch list keeps the unscoped history: losing it would hand that history to another list (ADR 0023). */
  static boolean neverDeleted(ArtefactKey key) {
    return isHistoryArea(key.runId()) && key.phase().equals(ArtefactKeys.HISTORY_LISTS);
  }

  /**
   * Applies retention as of a time.
   *
   * @param asOf what ages are measured against
   * @param dryRun list only
   * @param job names the record with the as-of time (the job's key): a retried job writes one record
   * @return the key of the record written (or written by an earlier attempt) and the record
   */
  public Applied apply(Instant asOf, boolean dryRun, String job) {
    Instant startedAt = clock.instant();
    Map<String, String> held = holds(asOf);

    Map<String, RetentionRecord.Amount> amounts = new TreeMap<>();
    List<String> deleted = new ArrayList<>();
    int keptForHolds = 0;
    for (String area : inventory.areas()) {
      for (StoredArtefact artefact : inventory.stored(area)) {
        String retentionClass = properties.classOf(artefact.key());
        if (neverDeleted(artefact.key())) {
          continue;
        }
        if (!artefact.writtenAt().plus(properties.keepFor(retentionClass)).isBefore(asOf)) {
          continue;
        }
        String run = owningRun(artefact.key());
        if (run != null && held.containsKey(run)) {
          keptForHolds++;
          continue;
        }
        if (!dryRun) {
          inventory.delete(artefact.key());
        }
        deleted.add(artefact.key().path());
        amounts.merge(retentionClass, new RetentionRecord.Amount(1, artefact.bytes()),
            (a, b) -> new RetentionRecord.Amount(a.count() + b.count(), a.bytes() + b.bytes()));
      }
    }

    Map<String, Integer> memoryCounts = new TreeMap<>();
    List<String> memoryDeleted = new ArrayList<>();
    int memoryKept = 0;
    if (memory != null) {
      Instant cutoff = asOf.minus(properties.keepFor(properties.memory()));
      for (RememberedItem item : memory.recordedBefore(cutoff)) {
        if (item.runId() != null && held.containsKey(item.runId())) {
          memoryKept++;
          continue;
        }
        if (!dryRun) {
          memory.delete(item);
        }
        memoryCounts.merge(item.kind(), 1, Integer::sum);
        memoryDeleted.add(item.kind() + " " + item.id().replace('\n', '/')
            + (item.runId() == null ? "" : " (run " + item.runId() + ")"));
      }
    }

    deleted.sort(null);
    RetentionRecord record = new RetentionRecord(asOf, dryRun, startedAt, clock.instant(), held, amounts,
        List.copyOf(deleted), keptForHolds, memoryCounts, List.copyOf(memoryDeleted), memoryKept);
    ArtefactKey key = ArtefactKeys.retentionRecord(NAME_TIME.format(asOf) + "-" + safe(job) + ".json");
    if (!artefacts.createIfAbsent(key, record)) {
      LOG.info("retention record {} was written by an earlier attempt of this job; keeping it", key);
      record = artefacts.require(key, RetentionRecord.class);
    }
    LOG.info("retention as of {}{}: {} artefacts {} ({}), {} memory items, {} kept for held runs {}", asOf,
        dryRun ? " (dry run)" : "", record.deletedCount(), dryRun ? "would go" : "deleted", record.artefacts(),
        record.memoryDeleted().size(), record.keptForHolds() + record.memoryKeptForHolds(), record.held().keySet());
    return new Applied(key, record);
  }

  /** The record's key and the record. */
  public record Applied(ArtefactKey key, RetentionRecord record) {}

  /** Held run id to why. */
  Map<String, String> holds(Instant asOf) {
    Map<String, String> held = new LinkedHashMap<>();
    runsInFlight.asOf(asOf).forEach(run -> held.put(run, "running"));
    baselines.byWatchList().forEach((watchList, run) -> held.merge(run, "baseline of watch list " + watchList,
        (a, b) -> a + ", " + b));
    return held;
  }

  /** The run an artefact belongs to, or null when it belongs to none. */
  static String owningRun(ArtefactKey key) {
    if (isRunArea(key.runId())) {
      return key.runId();
    }
    boolean namesRun = (isHistoryArea(key.runId()) && (key.phase().equals(ArtefactKeys.HISTORY_ANALYSED)
        || key.phase().equals(ArtefactKeys.HISTORY_DELIVERED)))
        || key.equals(ArtefactKeys.dashboardEntry(withoutJson(key.name())));
    return namesRun ? withoutJson(key.name()) : null;
  }

  private static String withoutJson(String name) {
    return name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
  }

  private static String safe(String job) {
    String cleaned = job == null ? "" : job.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.isEmpty() ? "manual" : cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned;
  }
}
