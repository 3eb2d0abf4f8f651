package io.rivalwatch.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.artefact.ArtefactKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consecutive local runs see consecutive nights of the sample web. */
class SampleNightTest {

  @TempDir
  Path data;

  @Test
  void eachEndedLocalRunMovesTheSampleWebOnANight() throws Exception {
    assertThat(LocalRun.sampleNight(new String[0], data)).isEqualTo(1);
    ended("local-20261206-220658");
    ended("local-20261207-220658");
    // a run that did not end, and runs that are not local runs, do not count
    Files.createDirectories(data.resolve("artefacts/local-20261208-010101/planning"));
    ended("test-run-1");
    assertThat(LocalRun.sampleNight(new String[0], data)).isEqualTo(3);
    assertThat(LocalRun.sampleNight(new String[] {"--sample-night=1"}, data)).isEqualTo(1);
    assertThatThrownBy(() -> LocalRun.sampleNight(new String[] {"--sample-night=two"}, data))
        .hasMessageContaining("--sample-night must be a whole number");
  }

  private void ended(String runId) throws Exception {
    Path record = data.resolve("artefacts").resolve(ArtefactKeys.runRecord(runId).path());
    Files.createDirectories(record.getParent());
    Files.writeString(record, "{}");
  }
}
