package io.rivalwatch.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.cost.ModelCallAudit.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-run CSV of the model-call audit: RFC 4180 quoting, and no value a spreadsheet would run as a formula. */
class ModelCallAuditCsvTest {

  private static ModelCallAudit entry(String watchList, String startedBy, String errorClass) {
    return new ModelCallAudit("1-abc", "run-1", watchList, startedBy, "analysis", "strategy", "acme",
        "anthropic.claude", 1, "amazon.nova", "x was throttled, longer than 10 s", "strategy.v1", "0123456789ab",
        "f".repeat(64), 3100, 520, 0, 0, false, 0.0171, 812, Outcome.FAILED, errorClass, "TRANSIENT",
        Instant.parse("2026-12-07T02:00:00Z"));
  }

  @Test
  void valuesThatASpreadsheetWouldRunAsFormulasAreNeutralised() {
    String csv = ModelCallAuditCsv.write(List.of(
        entry("=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-2+3"),
        entry("@SUM(A1)", "\tname", "\rx")));
    String[] rows = csv.split("\r\n", -1);

    assertThat(rows[0]).startsWith("callId,calledAt,runId,watchList,startedBy,");
    assertThat(rows[1]).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",")
        .contains(",'+cmd|' /C calc'!A0,").endsWith(",'-2+3,TRANSIENT");
    assertThat(rows[2]).contains(",'@SUM(A1),'\tname,");
    assertThat(rows[2]).contains(",\"'\rx\",TRANSIENT");
    // nothing else in a data row starts a field with a formula character
    for (String row : List.of(rows[1])) {
      assertThat(row.split(",")).noneMatch(f -> !f.isEmpty() && "=+-@".indexOf(f.charAt(0)) >= 0);
    }
  }

  @Test
  void numbersAndPlainTextAreLeftAsTheyAreAndCommasAreQuoted() {
    String csv = ModelCallAuditCsv.write(List.of(entry("acme-only", "alice", null)));
    assertThat(csv.split("\r\n")[1]).isEqualTo("1-abc,2026-12-07T02:00:00Z,run-1,acme-only,alice,analysis,strategy,"
        + "acme,anthropic.claude,1,amazon.nova,\"x was throttled, longer than 10 s\",strategy.v1,0123456789ab,"
        + "f".repeat(64) + ",3100,520,0,0,false,0.017100,812,FAILED,,TRANSIENT");
    assertThat(csv).endsWith("\r\n");
  }
}
