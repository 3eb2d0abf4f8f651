package io.rivalwatch.planning;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a watch list runs by itself: its {@code schedule:} section. The cron expression is Spring's six-field form (the
 * one BPMN timers use: second minute hour day-of-month month day-of-week), read in the list's own time zone, so "02:00
 * in Berlin" stays 02:00 in Berlin across daylight saving time. See docs/watch-lists-and-limits.md#schedules.
 *
 * @param cron the expression as written
 * @param timeZone the zone the expression is read in (UTC when the list names none)
 * @param onOverlap what a due run does while the list's previous run has not ended
 */
public record WatchSchedule(String cron, ZoneId timeZone, OnOverlap onOverlap) {

  /** Counting missed slots stops here; a list missed this often runs once anyway. */
  static final int MAX_COUNTED_SLOTS = 1_000_000;

  /** What a due run does while the list's previous run has not ended. */
  public enum OnOverlap {
    /** It starts as soon as the previous run has ended (further slots in between are folded into it). */
    WAIT,
    /** It is left out; the list runs again at its next time. */
    SKIP;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<OnOverlap> of(String text) {
      for (OnOverlap value : values()) {
        if (value.id().equals(text)) {
          return Optional.of(value);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The slots due after {@code after} up to and including {@code now}: the latest one, and how many there were.
   * Several slots (the application was down, or the list waited) still make one run.
   */
  public Optional<Due> due(Instant after, Instant now) {
    CronExpression expression = CronExpression.parse(cron);
    ZonedDateTime next = expression.next(after.atZone(timeZone));
    if (next == null || next.toInstant().isAfter(now)) {
      return Optional.empty();
    }
    ZonedDateTime latest = next;
    int count = 1;
    while (count < MAX_COUNTED_SLOTS) {
      ZonedDateTime following = expression.next(latest);
      if (following == null || following.toInstant().isAfter(now)) {
        break;
      }
      latest = following;
      count++;
    }
    return Optional.of(new Due(latest.toInstant(), count));
  }

  /** The first slot after {@code after}, if the expression has one. */
  public Optional<Instant> next(Instant after) {
    return Optional.ofNullable(CronExpression.parse(cron).next(after.atZone(timeZone))).map(ZonedDateTime::toInstant);
  }

  /**
   * Due slots.
   *
   * @param slot the latest due slot: the one that runs
   * @param slots how many slots were due (1 on time; more when some were missed)
   */
  public record Due(Instant slot, int slots) {}
}
