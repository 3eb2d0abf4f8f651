package io.rivalwatch.progress;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.workflow.JobFinished;
import io.rivalwatch.workflow.RunPhase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The finished jobs of every worker instance, in the artefact store, so that each instance's progress API counts the
 * jobs of all (ADR 0021). Each instance writes one small write-once object per job its workers handled, in the area
 * of the hour the job finished ({@link ArtefactKeys#progressEvent}); every instance lists the areas of the last
 * hours and reads each object of another instance once. An event's name sorts in the order the jobs finished (the
 * time in milliseconds first), which is the order every instance applies them in, so all come to the same answer.
 *
 * <p>Not thread-safe: the tracker's poller calls {@link #poll} from one thread; {@link #write} may run elsewhere.
 */
final class ProgressJournal {

  /** {@code <epoch ms, 13 digits>-<instance, 12 hex>-<sequence, 9 digits>.json}. */
  private static final Pattern NAME = Pattern.compile("([0-9]{13})-([0-9a-f]{12})-[0-9]{9}\\.json");

  private final ArtefactStore store;
  private final ArtefactJson json;
  private final Set<String> trackedVariables;
  private final String instance = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final AtomicLong sequence = new AtomicLong();
  /** Names already read (or written here), per hourly area; areas older than the look-back are forgotten. */
  private final Map<String, Set<String>> seen = new TreeMap<>();
  private Instant listedUpTo;

  /**
   * @param trackedVariables the job variables progress reads: only these are written, never documents
   * @param lookBack how far back the first poll reads, so an instance that starts mid-run knows the run
   */
  ProgressJournal(ArtefactStore store, Set<String> trackedVariables, Instant now, Duration lookBack) {
    this.store = store;
    this.json = new ArtefactJson(store);
    this.trackedVariables = Set.copyOf(trackedVariables);
    this.listedUpTo = now.minus(lookBack);
  }

  /** A finished job as it is journaled, with the name that orders it among all instances' jobs. */
  record Entry(String name, JobFinished job) {}

  /** A finished job as it is stored: the job's own facts and the few variables progress reads. */
  record JournaledJob(String runId, long processInstanceKey, String jobType, String elementId, String competitorId,
      String phase, String outcome, Map<String, Object> variables, Instant at, Long tookMillis) {
    static final ArtefactFormat<JournaledJob> FORMAT = ArtefactFormat.of("progress-event", JournaledJob.class);
  }

  /** The name this instance gives a job that finished at {@code at}: unique, and ordered by the time first. */
  Entry entry(JobFinished job, Instant at) {
    String name = String.format(Locale.ROOT, "%013d-%s-%09d.json", at.toEpochMilli(), instance,
        sequence.incrementAndGet() % 1_000_000_000L);
    return new Entry(name, job);
  }

  /** Writes an entry of this instance's for the others. */
  void write(Entry entry) {
    JobFinished job = entry.job();
    Map<String, Object> variables = new LinkedHashMap<>();
    if (job.variables() != null) {
      job.variables().forEach((name, value) -> {
        if (trackedVariables.contains(name) && value != null) {
          variables.put(name, value);
        }
      });
    }
    json.createIfAbsent(ArtefactKeys.progressEvent(at(entry.name()), entry.name()), new JournaledJob(job.runId(),
        job.processInstanceKey(), job.jobType(), job.elementId(), job.competitorId(),
        job.phase() == null ? null : job.phase().name(), job.outcome(), variables, job.at(),
        job.took() == null ? null : job.took().toMillis()));
  }

  /**
   * The entries of other instances not read yet, from the areas of the hours since the last poll (and the hour
   * before, for a job that finished just before the hour and was written just after), in name order.
   */
  List<Entry> poll(Instant now) {
    List<Entry> found = new ArrayList<>();
    Instant from = listedUpTo.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
    for (Instant hour = from; !hour.isAfter(now); hour = hour.plus(1, ChronoUnit.HOURS)) {
      String area = ArtefactKeys.progressEvents(hour);
      Set<String> known = seen.computeIfAbsent(area, a -> new HashSet<>());
      for (ArtefactKey key : store.list(area)) {
        if (!NAME.matcher(key.name()).matches() || known.contains(key.name())) {
          continue;
        }
        if (ownName(key.name())) {
          known.add(key.name());
          continue;
        }
        Optional<JournaledJob> stored;
        try {
          stored = json.read(key, JournaledJob.class);
        } catch (RuntimeException unreadable) {
          // not one of ours (or written by a newer rivalwatch): never read again
          known.add(key.name());
          continue;
        }
        if (stored.isEmpty()) {
          // listed but not readable yet: tried again at the next poll
          continue;
        }
        known.add(key.name());
        found.add(new Entry(key.name(), job(stored.get())));
      }
    }
    listedUpTo = now;
    seen.keySet().removeIf(area -> area.compareTo(ArtefactKeys.progressEvents(from)) < 0);
    found.sort(java.util.Comparator.comparing(Entry::name));
    return found;
  }

  private boolean ownName(String name) {
    return name.substring(14, 26).equals(instance);
  }

  private static Instant at(String name) {
    return Instant.ofEpochMilli(Long.parseLong(name.substring(0, 13)));
  }

  private static JobFinished job(JournaledJob stored) {
    RunPhase phase = null;
    try {
      phase = stored.phase() == null ? null : RunPhase.valueOf(stored.phase());
    } catch (IllegalArgumentException unknown) {
      // a phase a newer rivalwatch knows: the job type still says which phase it is
    }
    return new JobFinished(stored.runId(), stored.processInstanceKey(), stored.jobType(), stored.elementId(),
        stored.competitorId(), phase, stored.outcome(), stored.variables() == null ? Map.of() : stored.variables(),
        stored.at(), stored.tookMillis() == null ? null : Duration.ofMillis(stored.tookMillis()));
  }
}
