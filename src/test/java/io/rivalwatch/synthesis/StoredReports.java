package io.rivalwatch.synthesis;

import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.planning.PlanningService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A run with a stored report revision, for tests of rebuilding outside the application: the recorded input of a real
 * run ({@code artefact-formats/report-input/v1.json}) and its report as today's renderer writes it.
 */
public final class StoredReports {

  static final Path INPUT = Path.of("src/test/resources/artefact-formats/report-input/v1.json");

  private StoredReports() {}

  /** The run id of the recorded input. */
  public static String runId() throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(INPUT.toFile()).path("content").path("input")
        .path("runId").asText();
  }

  /** Stores the run's start and its input as revision 1 (no report yet); returns the run id. */
  public static String planned(ArtefactStore store) throws IOException {
    String runId = runId();
    store.createIfAbsent(ArtefactKeys.runStarted(runId),
        "{\"startedAt\":\"2026-12-07T05:00:00Z\"}".getBytes(StandardCharsets.UTF_8), ArtefactJson.CONTENT_TYPE);
    store.createIfAbsent(ArtefactKeys.reportInput(runId, 1), Files.readAllBytes(INPUT), ArtefactJson.CONTENT_TYPE);
    return runId;
  }

  /** {@link #planned}, and revision 1 written as the run writes it; returns the run id. */
  public static String withRevision1(ArtefactStore store) throws IOException {
    String runId = planned(store);
    StoredReportInput stored = new ArtefactJson(store).require(ArtefactKeys.reportInput(runId, 1),
        StoredReportInput.class);
    var rendered = new ReportRendering().render(stored.input(), new ArtefactLinks(stored.publicUrl()));
    store.createIfAbsent(ArtefactKeys.reportHtml(runId, 1), rendered.html().getBytes(StandardCharsets.UTF_8),
        "text/html; charset=utf-8");
    store.createIfAbsent(ArtefactKeys.reportMarkdown(runId, 1), rendered.markdown().getBytes(StandardCharsets.UTF_8),
        "text/markdown; charset=utf-8");
    store.createIfAbsent(ArtefactKeys.reportSummary(runId, 1), rendered.summary().getBytes(StandardCharsets.UTF_8),
        "text/markdown; charset=utf-8");
    return runId;
  }

  /** Rebuilds over this store with today's renderer, as the application wires them. */
  public static ReportRebuilds rebuilds(ArtefactStore store, Clock clock) {
    return rebuilds(store, clock, new ReportRendering());
  }

  static ReportRebuilds rebuilds(ArtefactStore store, Clock clock, ReportRendering rendering) {
    ArtefactJson json = new ArtefactJson(store);
    return new ReportRebuilds(new PlanningService(null, json, null, null, clock), store, json,
        new WrittenReports(store, json, new ArtefactLinks("http://localhost:8080"), null), rendering,
        new AuditTrail(json, store), new ArtefactLinks("https://rivalwatch.example"), clock);
  }
}
