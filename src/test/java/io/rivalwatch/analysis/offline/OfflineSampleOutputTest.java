package io.rivalwatch.analysis.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs all three analyses on the sample set and prints them (see target/surefire-reports/*-output.txt). */
class OfflineSampleOutputTest {

  @Test
  void printsTheThreeAnalysesOfTheSampleSet() {
    OfflineAnalyser analyser = new OfflineAnalyser();
    AnalysisInput input = new AnalysisInput("acme", "Acme", OfflineFixtures.acme(), List.of());
    for (AnalysisKind kind : AnalysisKind.values()) {
      AnalysisResult result = analyser.analyse(kind, input);
      System.out.println(OfflineFixtures.render(result));
      assertThat(result.findings()).isNotEmpty();
      assertThat(result.producedBy()).isEqualTo("offline analyser (no language model)");
    }
  }
}
