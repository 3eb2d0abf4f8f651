package io.rivalwatch.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.planning.PlanningProperties;
import io.rivalwatch.planning.RunConfigurationLoader;
import io.rivalwatch.schedule.Dispatch.Outcome;
import io.rivalwatch.workflow.RunInstances;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The dispatcher's decisions without the engine: watch lists in a directory, the chain of dispatches in a file
 * artefact store, and the engine's answers (start, is the run still active) from a stand-in.
 */
class ScheduleDispatchesTest {

  private static final String COMPETITORS = """
      competitors:
        - id: acme
          name: Acme Analytics
          news: { feeds: ["https://acme.example/news.rss"] }
      """;

  @TempDir Path lists;
  @TempDir Path data;

  private final RunInstances engine = mock(RunInstances.class);
  private final Set<Long> active = new HashSet<>();
  private final AtomicLong keys = new AtomicLong(1000);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private ScheduleDispatches dispatches;

  @BeforeEach
  void lists() throws IOException {
    write("nightly", "schedule: { cron: \"0 0 2 * * *\", timeZone: UTC, onOverlap: wait }\n");
    write("hourly", "schedule: { cron: \"0 0 * * * *\", onOverlap: skip }\n");
    write("by-hand", "");
    write("broken", "schedule: { cron: \"0 0 2 * * *\", timeZone: Berlin }\n");
    FileArtefactStore store = new FileArtefactStore(data);
    ArtefactJson json = new ArtefactJson(store);
    RunConfigurationLoader loader = new RunConfigurationLoader(new DefaultResourceLoader(), new StandardEnvironment(),
        PlanningProperties.of(lists.toUri().toString(), "nightly", List.of()));
    dispatches = new ScheduleDispatches(loader, json, store, engine, meters, new ScheduleProperties(true));
    when(engine.start(anyMap(), anySet())).thenAnswer(call -> {
      long key = keys.incrementAndGet();
      active.add(key);
      return key;
    });
    when(engine.noteIfActive(anyLong(), anyMap())).thenAnswer(call -> active.contains((Long) call.getArgument(0)));
  }

  private void write(String name, String schedule) throws IOException {
    Files.writeString(lists.resolve(name + ".yaml"), schedule + COMPETITORS);
  }

  private static Instant at(String time) {
    return Instant.parse("2026-12-07T" + time + "Z");
  }

  private List<String> due(Instant now) {
    return dispatches.findDue(now).due().stream().map(d -> d.watchList() + "@" + d.slot() + "x" + d.slots()).toList();
  }

  @Test
  void aListFirstSeenRunsFromItsNextTime_missedTimesFoldIntoOne_andABrokenScheduleIsListedWithItsFix() {
    DueWatchLists first = dispatches.findDue(at("01:30:00"));
    assertThat(first.due()).as("nothing before a list was seen is due").isEmpty();
    assertThat(first.problems()).singleElement().satisfies(p -> {
      assertThat(p.watchList()).isEqualTo("broken");
      assertThat(p.problem()).startsWith("schedule.timeZone: 'Berlin' is not a time zone. Fix: ");
    });

    assertThat(due(at("01:59:59"))).isEmpty();
    assertThat(due(at("02:00:30"))).containsExactly("hourly@2026-12-07T02:00:00Zx1", "nightly@2026-12-07T02:00:00Zx1");
    // down until 05:10: hourly's 02:00 to 05:00 make one run, for 05:00
    assertThat(due(at("05:10:00"))).containsExactly("hourly@2026-12-07T05:00:00Zx4",
        "nightly@2026-12-07T02:00:00Zx1");

    Dispatch started = dispatches.dispatch("hourly", "tick-1", at("05:10:00"));
    assertThat(started.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(started.note()).contains("(4 slots were due since the last dispatch: one run)");
    verify(engine).start(Map.of("watchList", "hourly", "runTrigger", "watch-list-schedule",
        "scheduled", Map.of("slot", "2026-12-07T05:00:00Z", "slots", 4)), Set.of("watchList:hourly"));
    assertThat(due(at("05:20:00"))).containsExactly("nightly@2026-12-07T02:00:00Zx1");
  }

  @Test
  void twoDispatchersOfOneSlot_startOneRun_andARetriedDispatchFindsItsOwn() {
    dispatches.findDue(at("01:30:00"));

    Dispatch first = dispatches.dispatch("nightly", "tick-1", at("02:00:30"));
    Dispatch second = dispatches.dispatch("nightly", "tick-2", at("02:00:31"));
    Dispatch retried = dispatches.dispatch("nightly", "tick-1", at("02:00:32"));

    assertThat(first.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(second.outcome()).isEqualTo(Outcome.ALREADY_DISPATCHED);
    assertThat(retried.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(retried.runProcessInstanceKey()).isEqualTo(first.runProcessInstanceKey());
    verify(engine, times(1)).start(anyMap(), anySet());
  }

  @Test
  void aListWhoseRunHasNotEnded_skipsOrWaitsAsConfigured_andSaysSoOnTheRunInTheWay() {
    dispatches.findDue(at("01:30:00"));
    long hourlyRun = dispatches.dispatch("hourly", "t1", at("02:00:10")).runProcessInstanceKey();
    long nightlyRun = dispatches.dispatch("nightly", "t1", at("02:00:10")).runProcessInstanceKey();

    Dispatch skipped = dispatches.dispatch("hourly", "t2", at("03:00:10"));
    assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(skipped.note()).contains("run-" + hourlyRun + " has not ended (schedule onOverlap: skip)");
    assertThat(meters.counter("rivalwatch.schedule.dispatches", "watch_list", "hourly", "outcome", "skipped")
        .count()).isEqualTo(1);
    assertThat(due(at("03:30:00"))).as("a skipped slot is gone").doesNotContain("hourly@2026-12-07T03:00:00Zx1");

    Dispatch waiting = dispatches.dispatch("nightly", "t2", at("02:00:10").plusSeconds(86_400));
    Dispatch stillWaiting = dispatches.dispatch("nightly", "t3", at("02:01:10").plusSeconds(86_400));
    assertThat(waiting.outcome()).isEqualTo(Outcome.WAITING);
    assertThat(stillWaiting.outcome()).isEqualTo(Outcome.WAITING);
    assertThat(meters.counter("rivalwatch.schedule.dispatches", "watch_list", "nightly", "outcome", "waiting")
        .count()).as("said once").isEqualTo(1);
    verify(engine, never()).start(Map.of("watchList", "nightly", "runTrigger", "watch-list-schedule", "scheduled",
        Map.of("slot", "2026-12-08T02:00:00Z", "slots", 1, "waitedFor", "run-" + nightlyRun)), Set.of("watchList:nightly"));

    active.remove(nightlyRun);
    Dispatch afterWait = dispatches.dispatch("nightly", "t4", at("05:00:10").plusSeconds(86_400));
    assertThat(afterWait.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(afterWait.note()).contains("after waiting for run run-" + nightlyRun);
    verify(engine).start(Map.of("watchList", "nightly", "runTrigger", "watch-list-schedule", "scheduled",
        Map.of("slot", "2026-12-08T02:00:00Z", "slots", 1, "waitedFor", "run-" + nightlyRun)), Set.of("watchList:nightly"));
  }

}
