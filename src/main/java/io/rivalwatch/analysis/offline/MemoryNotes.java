package io.rivalwatch.analysis.offline;

import io.rivalwatch.memory.MemoryEntry;
import io.rivalwatch.memory.MemoryHit;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the memory store returned for an analysis. Only entries about this competitor (or about no
 * particular one), that did not fail and that speak about the analysis at hand are considered; the analyses use
 * them only to put a number or a pattern of this run next to what an entry recorded, and cite this run's sources.
 */
final class MemoryNotes {

  private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  /** How the sentiment summary states its score, so that a later run can read it back. */
  static final Pattern TONE_SCORE = Pattern.compile("(?i)tone score of ([+-]?\\d(?:\\.\\d+)?)");

  private MemoryNotes() {}

  /** Relevant entries, closest first (then newest, then by id). */
  static List<MemoryEntry> relevant(List<MemoryHit> hits, String competitorId, String topic) {
    String needle = topic.toLowerCase(Locale.ROOT);
    List<MemoryHit> kept = new ArrayList<>();
    for (MemoryHit hit : hits) {
      MemoryEntry e = hit == null ? null : hit.entry();
      if (e == null || e.text() == null || e.text().isBlank()) {
        continue;
      }
      if (competitorId != null && e.competitorId() != null && !competitorId.equals(e.competitorId())) {
        continue;
      }
      String status = e.status() == null ? "" : e.status().toLowerCase(Locale.ROOT);
      if (status.startsWith("fail") || status.startsWith("skip")) {
        continue;
      }
      String phase = e.phase() == null ? "" : e.phase().toLowerCase(Locale.ROOT);
      if (!phase.contains(needle) && !e.text().toLowerCase(Locale.ROOT).contains(needle)) {
        continue;
      }
      kept.add(hit);
    }
    kept.sort(Comparator.comparingDouble(MemoryHit::score).reversed()
        .thenComparing(h -> h.entry().recordedAt(), Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(h -> h.entry().id(), Comparator.nullsLast(Comparator.naturalOrder())));
    List<MemoryEntry> entries = new ArrayList<>();
    for (MemoryHit h : kept) {
      entries.add(h.entry());
    }
    return entries;
  }

  /** A tone score an entry recorded, with the entry. */
  record RecordedScore(MemoryEntry entry, double score) {}

  static Optional<RecordedScore> toneScore(List<MemoryHit> hits, String competitorId) {
    for (MemoryEntry e : relevant(hits, competitorId, "sentiment")) {
      Matcher m = TONE_SCORE.matcher(e.text());
      if (m.find()) {
        double score = Double.parseDouble(m.group(1));
        if (score >= -1 && score <= 1) {
          return Optional.of(new RecordedScore(e, score));
        }
      }
    }
    return Optional.empty();
  }

  /** "run 2025-06-01-nightly (recorded 2025-06-01)", or what of it is known. */
  static String describe(MemoryEntry e) {
    String id = e.runId() == null ? "" : e.runId().strip();
    String run = id.isEmpty() ? "a remembered run"
        : id.toLowerCase(Locale.ROOT).startsWith("run") ? id : "run " + id;
    return e.recordedAt() == null ? run : run + " (recorded " + DATE.format(e.recordedAt()) + ")";
  }
}
