package io.rivalwatch.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Streams do not outlive the application: a graceful shutdown would wait for each open one. */
class ProgressStreamsTest {

  @Test
  void stoppingTheApplicationEndsEveryOpenStream() {
    ProgressTracker tracker = new ProgressTracker(ProgressProperties.defaults(), runId -> 0.0, null, Clock.systemUTC());
    ProgressStreams streams = new ProgressStreams(tracker, ProgressProperties.defaults());
    streams.open(null);
    streams.open("night-1");
    assertThat(streams.open()).isEqualTo(2);

    streams.closeAll();

    assertThat(streams.open()).isZero();
  }
}
