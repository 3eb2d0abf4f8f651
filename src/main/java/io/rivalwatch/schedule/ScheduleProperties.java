package io.rivalwatch.schedule;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The watch lists' schedules ({@code rivalwatch.schedules.*}); see docs/watch-lists-and-limits.md#schedules.
 *
 * @param enabled whether the dispatcher starts the runs of lists that are due; off, its timer still fires (it is in
 *     the model) and each tick says that schedules are off. The tests and the local run turn it off, and start runs
 *     themselves
 */
@ConfigurationProperties("rivalwatch.schedules")
public record ScheduleProperties(Boolean enabled) {

  public ScheduleProperties {
    enabled = enabled == null || enabled;
  }
}
