package io.rivalwatch.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.RunConfiguration;
import io.rivalwatch.planning.RunSettings;
import io.rivalwatch.research.CompetitorResult;
import io.rivalwatch.research.SufficiencyVerdict;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SlackTextTest {

  private static final String REPORT = "http://localhost:8080/artefacts/run-1/synthesis/_run/report-r1.html";

  @Test
  void namesWithSlackControlSequencesAreShownAsWrittenNeverAsAMentionOrALink() {
    var configuration = new RunConfiguration(new RunSettings(0, 1, 1, 500, List.of(), 0.5, false, null, null),
        List.of(new CompetitorProfile("a", "Acme <!channel> & Co", null, null, null, null),
            new CompetitorProfile("m", "<https://evil.example|open the report>", null, null, null, null)));
    var results = List.of(new CompetitorResult("a", SufficiencyVerdict.SUFFICIENT, "ok", "done", "done", "done"));

    String text = DistributionService.slackText(configuration, REPORT, results);

    assertThat(text).contains("Analysed: Acme &lt;!channel&gt; &amp; Co\n")
        .contains("Not covered: &lt;https://evil.example|open the report&gt;\n")
        .doesNotContain("<!channel>", "<https://evil");
    // the one control sequence left is the application's own link to the report
    var sequences = Pattern.compile("<([^>]*)>").matcher(text).results().map(m -> m.group(1)).toList();
    assertThat(sequences).containsExactly(REPORT + "|open the report");
  }

  @Test
  void slackEscapeEscapesTheThreeControlCharactersOnly() {
    assertThat(DistributionService.slackEscape("a & b < c > d *e* _f_")).isEqualTo("a &amp; b &lt; c &gt; d *e* _f_");
  }
}
