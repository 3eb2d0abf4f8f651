package io.rivalwatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.planning.WatchSchedule.OnOverlap;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A watch list's schedule: how it is read (and refused), and which slots are due. */
class WatchScheduleTest {

  private final RunConfigurationParser parser = new RunConfigurationParser();

  private static final String COMPETITORS = """
      competitors:
        - id: acme
          name: Acme Analytics
          news:
            feeds: ["https://acme.example/news.rss"]
      """;

  private WatchSchedule schedule(String section) {
    return parser.parseSchedule("test", section + COMPETITORS).orElseThrow();
  }

  private String problem(String section) {
    try {
      parser.parseSchedule("test", section + COMPETITORS);
    } catch (InvalidConfigurationException e) {
      // the whole list's check says the same
      assertThatThrownBy(() -> parser.parse("test", section + COMPETITORS)).hasMessageContaining(e.problems().get(0));
      return String.join("\n", e.problems());
    }
    throw new AssertionError("no problem with " + section);
  }

  @Test
  void readsCronTimeZoneAndOverlap_withUtcAndWaitAsDefaults() {
    assertThat(schedule("schedule: { cron: \"0 0 2 * * *\", timeZone: Europe/Berlin, onOverlap: skip }\n"))
        .isEqualTo(new WatchSchedule("0 0 2 * * *", ZoneId.of("Europe/Berlin"), OnOverlap.SKIP));
    assertThat(schedule("schedule: { cron: \"0 30 6 * * MON-FRI\" }\n"))
        .isEqualTo(new WatchSchedule("0 30 6 * * MON-FRI", ZoneOffset.UTC, OnOverlap.WAIT));
    assertThat(parser.parseSchedule("test", COMPETITORS)).as("no schedule: started by hand only").isEmpty();
    assertThat(parser.parse("test", "schedule: { cron: \"@daily\" }\n" + COMPETITORS).competitors()).hasSize(1);
  }

  @Test
  void badScheduleInputNamesTheFieldAndTheFix() {
    assertThat(problem("schedule: { cron: \"0 2 * * *\" }\n"))
        .startsWith("schedule.cron: '0 2 * * *' is not a cron expression (")
        .contains("Fix: write six fields, second minute hour day-of-month month day-of-week")
        .contains("a five-field Unix cron needs a leading \"0 \" for the seconds");
    assertThat(problem("schedule: { cron: \"* * * * * *\" }\n"))
        .startsWith("schedule.cron: '* * * * * *' runs more often than once a minute (its seconds field is '*'). "
            + "Fix: give the seconds one value");
    assertThat(problem("schedule: { timeZone: UTC }\n")).startsWith("schedule.cron: missing. Fix: add when the list"
        + " runs as a six-field cron expression");
    assertThat(problem("schedule: { cron: \"0 0 2 * * *\", timeZone: Berlin }\n"))
        .isEqualTo("schedule.timeZone: 'Berlin' is not a time zone. Fix: write a region of the IANA time zone "
            + "database, e.g. Europe/Berlin, America/New_York or UTC (the default)");
    assertThat(problem("schedule: { cron: \"0 0 2 * * *\", onOverlap: queue }\n"))
        .startsWith("schedule.onOverlap: 'queue' is not a choice. Fix: write wait (a due run starts as soon as the "
            + "list's previous run has ended; the default) or skip");
    assertThat(problem("schedule: { cron: \"0 0 2 * * *\", every: day }\n"))
        .startsWith("schedule.every: unknown field. Fix: remove it or use one of [cron, onOverlap, timeZone]");
    assertThat(problem("schedule: \"0 0 2 * * *\"\n")).startsWith("schedule: must be a mapping. Fix: write it as "
        + "{ cron: \"0 0 2 * * *\", timeZone: Europe/Berlin, onOverlap: wait }");
  }

  @Test
  void theLatestDueSlotRuns_andMissedSlotsAreCountedNotRunEach() {
    WatchSchedule nightly = new WatchSchedule("0 0 2 * * *", ZoneId.of("Europe/Berlin"), OnOverlap.WAIT);
    Instant lastDispatched = Instant.parse("2026-12-07T01:00:00Z"); // 02:00 in Berlin (UTC+1 in winter)

    assertThat(nightly.due(lastDispatched, Instant.parse("2026-12-08T00:59:59Z"))).isEmpty();
    assertThat(nightly.due(lastDispatched, Instant.parse("2026-12-08T01:00:00Z")))
        .contains(new WatchSchedule.Due(Instant.parse("2026-12-08T01:00:00Z"), 1));
    // the application was down for three nights: one run, for the latest
    assertThat(nightly.due(lastDispatched, Instant.parse("2026-12-10T09:00:00Z")))
        .contains(new WatchSchedule.Due(Instant.parse("2026-12-10T01:00:00Z"), 3));
  }

  @Test
  void theTimeZoneKeepsTheLocalTimeAcrossDaylightSavingTime() {
    WatchSchedule nightly = new WatchSchedule("0 0 2 * * *", ZoneId.of("Europe/Berlin"), OnOverlap.WAIT);
    // 02:00 in Berlin is 00:00 UTC in summer and 01:00 UTC in winter
    assertThat(nightly.next(Instant.parse("2026-07-01T12:00:00Z"))).contains(Instant.parse("2026-07-02T00:00:00Z"));
    assertThat(nightly.next(Instant.parse("2026-12-01T12:00:00Z"))).contains(Instant.parse("2026-12-02T01:00:00Z"));
    WatchSchedule utc = new WatchSchedule("0 0 2 * * *", ZoneOffset.UTC, OnOverlap.WAIT);
    assertThat(utc.next(Instant.parse("2026-07-01T12:00:00Z"))).contains(Instant.parse("2026-07-02T02:00:00Z"));
  }
}
