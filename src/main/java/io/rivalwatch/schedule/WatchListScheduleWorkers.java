package io.rivalwatch.schedule;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.rivalwatch.planning.InvalidConfigurationException;
import io.rivalwatch.workflow.JobTypes;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The jobs of bpmn/watch-list-schedule.bpmn: find the watch lists that are due, and start (or skip, or hold) one
 * list's run. Time is the engine's ({@code dispatchTime}, FEEL {@code now()} when the tick ran), not this JVM's.
 */
@Component
public class WatchListScheduleWorkers {

  private final ScheduleDispatches dispatches;

  public WatchListScheduleWorkers(ScheduleDispatches dispatches) {
    this.dispatches = dispatches;
  }

  @JobWorker(type = JobTypes.FIND_DUE_WATCH_LISTS)
  public Map<String, Object> findDue(@Variable String dispatchTime) {
    return dispatches.findDue(instant(dispatchTime)).variables();
  }

  @JobWorker(type = JobTypes.START_SCHEDULED_RUN)
  public Map<String, Object> startScheduledRun(ActivatedJob job, @Variable String watchList,
      @Variable String dispatchTime) {
    try {
      return dispatches.dispatch(watchList, Long.toString(job.getElementInstanceKey()), instant(dispatchTime))
          .variables();
    } catch (InvalidConfigurationException e) {
      // the file changed since the tick found it due: nothing starts, and the next tick lists the problem
      return new Dispatch(watchList, Dispatch.Outcome.NOT_SCHEDULED, null, e.getMessage()).variables();
    }
  }

  /**
   * FEEL's {@code now()} as the engine stores it: an ISO date and time with an offset, sometimes with the zone's name
   * too ({@code [Europe/Berlin]}, or FEEL's own {@code @Europe/Berlin}).
   */
  static Instant instant(String dateTime) {
    try {
      int at = dateTime == null ? -1 : dateTime.indexOf('@');
      return ZonedDateTime.parse(at < 0 ? dateTime : dateTime.substring(0, at) + "[" + dateTime.substring(at + 1)
          + "]").toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("dispatchTime: '" + dateTime + "' is not an ISO date and time. Fix: map it"
          + " from the engine's clock, =now(), as bpmn/watch-list-schedule.bpmn does", e);
    }
  }
}
