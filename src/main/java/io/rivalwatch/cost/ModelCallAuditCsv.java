package io.rivalwatch.cost;

import java.util.List;
import java.util.Locale;

/**
 * The model-call audit of a run as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or
 * line break in double quotes). The file is opened in spreadsheets, and some of its values come from outside (a
 * watch list's competitor ids, a service's error code, a user name): a value a spreadsheet would read as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe, so it is shown as text and
 * never run (OWASP, "CSV injection"). Numbers the application writes itself are not touched.
 */
public final class ModelCallAuditCsv {

  /** The header row, in the order of the fields. */
  public static final List<String> COLUMNS = List.of("callId", "calledAt", "runId", "watchList", "startedBy", "phase",
      "task", "competitorId", "modelId", "link", "replacedModel", "fallbackReason", "promptId", "promptDigest",
      "renderedPromptDigest", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens",
      "tokensEstimated", "costUsd", "latencyMs", "outcome", "errorClass", "errorKind");

  private ModelCallAuditCsv() {}

  public static String write(List<ModelCallAudit> entries) {
    StringBuilder out = new StringBuilder();
    row(out, COLUMNS.stream().map(c -> (Object) c).toList());
    for (ModelCallAudit e : entries) {
      row(out, java.util.Arrays.asList(e.callId(), e.calledAt(), e.runId(), e.watchList(), e.startedBy(), e.phase(),
          e.task(), e.competitorId(), e.modelId(), e.link(), e.replacedModel(), e.fallbackReason(), e.promptId(),
          e.promptDigest(), e.renderedPromptDigest(), e.inputTokens(), e.outputTokens(), e.cacheReadTokens(),
          e.cacheWriteTokens(), e.tokensEstimated(), String.format(Locale.ROOT, "%.6f", e.costUsd()) , e.latencyMs(),
          e.outcome(), e.errorClass(), e.errorKind()));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<Object> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object value = values.get(i);
      if (value == null) {
        continue;
      }
      // only the application's own numbers and booleans are left as they are; every text is checked
      out.append(value instanceof Number || value instanceof Boolean ? value.toString() : field(value.toString()));
    }
    out.append("\r\n");
  }

  /** One text field: neutralised when a spreadsheet would read it as a formula, then quoted when it needs it. */
  static String field(String value) {
    String text = value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
