package io.rivalwatch.synthesis;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactLinks;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.synthesis.ReportRebuild.Digests;
import io.rivalwatch.synthesis.ReportRebuild.Outcome;
import io.rivalwatch.synthesis.ReportRebuildRefused.Reason;
import io.rivalwatch.text.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Rebuilds a stored report revision from its stored input alone ({@link StoredReportInput}): reads the store, renders
 * with today's {@link ReportRendering}, and compares byte for byte. It asks no source, model, memory or delivery
 * channel, and reads no setting the revision depended on. Same bytes: the answer says so with both digests. Other
 * bytes (the renderer changed): a new revision is written beside the stored one, which stays as it was, and the
 * answer says what differs (docs/rebuilding-reports.md, ADR 0028).
 */
@Service
public class ReportRebuilds {

  /** The most diff lines an answer carries; the rest are counted. */
  public static final int MAX_DIFF_LINES = 200;
  /** Unchanged lines shown around each difference. */
  static final int DIFF_CONTEXT = 1;

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final PlanningService planning;
  private final ArtefactStore store;
  private final ArtefactJson json;
  private final WrittenReports reports;
  private final ReportRendering rendering;
  private final AuditTrail audit;
  private final ArtefactLinks links;
  private final Clock clock;

  public ReportRebuilds(PlanningService planning, ArtefactStore store, ArtefactJson json, WrittenReports reports,
      ReportRendering rendering, AuditTrail audit, ArtefactLinks links, Clock clock) {
    this.planning = planning;
    this.store = store;
    this.json = json;
    this.reports = reports;
    this.rendering = rendering;
    this.audit = audit;
    this.links = links;
    this.clock = clock;
  }

  /**
   * Rebuilds one revision of a run's report.
   *
   * @param revision the revision to rebuild, or null for the latest
   * @param actor who asked (the signed-in operator), for the audit trail
   * @throws ReportRebuildRefused naming the field and the fix when the revision cannot be rebuilt
   */
  public ReportRebuild rebuild(String runId, Integer revision, String actor) {
    PlanningService.runIdProblem(runId).ifPresent(problem -> {
      throw new ReportRebuildRefused(Reason.BAD_REQUEST, problem);
    });
    if (planning.startedAt(runId).isEmpty()) {
      throw new ReportRebuildRefused(Reason.UNKNOWN_RUN, "runId: no run '" + runId + "' was planned here. Fix: use a "
          + "run id from GET /api/runs");
    }
    int latest = reports.latestRevision(runId);
    if (latest == 0) {
      throw new ReportRebuildRefused(Reason.NOT_REBUILDABLE, "run " + runId + " has no report yet: nothing to rebuild."
          + " Fix: rebuild it after its first revision is written (GET /api/runs/" + runId + " shows the revision)");
    }
    int chosen = revision == null ? latest : revision;
    if (chosen < 1 || chosen > latest) {
      throw new ReportRebuildRefused(Reason.BAD_REQUEST, "revision: run " + runId + " has report revisions 1 to "
          + latest + ", not " + revision + ". Fix: give one of them, or leave revision out for the latest");
    }
    StoredReportInput stored = json.read(ArtefactKeys.reportInput(runId, chosen), StoredReportInput.class)
        .orElseThrow(() -> new ReportRebuildRefused(Reason.NOT_REBUILDABLE, "revision: report revision " + chosen
            + " of run " + runId + " was written by rivalwatch before report inputs were stored; it cannot be "
            + "rebuilt. Fix: rebuild a revision written since (each stores its input), or none"));
    byte[] storedMarkdown = storedBytes(runId, chosen, ArtefactKeys.reportMarkdown(runId, chosen));
    byte[] storedHtml = storedBytes(runId, chosen, ArtefactKeys.reportHtml(runId, chosen));

    ReportRendering.Rendered again = rendering.render(stored.input(), new ArtefactLinks(stored.publicUrl()));
    byte[] markdown = again.markdown().getBytes(StandardCharsets.UTF_8);
    byte[] html = again.html().getBytes(StandardCharsets.UTF_8);
    Digests storedDigests = new Digests(Sha256.hex(storedMarkdown), Sha256.hex(storedHtml));
    Digests rebuiltDigests = new Digests(Sha256.hex(markdown), Sha256.hex(html));
    if (java.util.Arrays.equals(storedMarkdown, markdown) && java.util.Arrays.equals(storedHtml, html)) {
      record(runId, actor, chosen, Outcome.IDENTICAL, null, rebuiltDigests);
      return new ReportRebuild(runId, chosen, Outcome.IDENTICAL, stored.rendererVersion(), rendering.version(),
          storedDigests, rebuiltDigests, null, null, List.of(), 0);
    }
    if (!store.exists(ArtefactKeys.runRecord(runId))) {
      // a new revision now would be taken for the one the process writes next (after a review, for instance)
      throw new ReportRebuildRefused(Reason.NOT_REBUILDABLE, "runId: run " + runId + " is still running, and "
          + "revision " + chosen + " renders differently today (renderer version " + stored.rendererVersion()
          + " then, " + rendering.version() + " now), so a rebuild would write a new revision beside the ones the run"
          + " is writing. Fix: rebuild it after the run has ended");
    }
    int written = writeNewRevision(runId, chosen, latest, stored);
    List<String> diff = new ArrayList<>();
    diff.addAll(diff("report-r" + chosen + ".md", storedMarkdown, markdown));
    diff.addAll(diff("report-r" + chosen + ".html", storedHtml, html));
    record(runId, actor, chosen, Outcome.REBUILT, written, rebuiltDigests);
    return new ReportRebuild(runId, chosen, Outcome.REBUILT, stored.rendererVersion(), rendering.version(),
        storedDigests, rebuiltDigests, written, links.linkTo(ArtefactKeys.reportHtml(runId, written)),
        diff.subList(0, Math.min(MAX_DIFF_LINES, diff.size())), Math.max(0, diff.size() - MAX_DIFF_LINES));
  }

  /**
   * Writes the input again as the next free revision, with a note that says it is a rebuild: the same evidence,
   * today's renderer. The revision's input is claimed first (write-once), so two rebuilds at once take two numbers.
   */
  private int writeNewRevision(String runId, int from, int latest, StoredReportInput stored) {
    ReportInput old = stored.input();
    for (int next = latest + 1; ; next++) {
      List<String> notes = new ArrayList<>(old.revisionNotes());
      notes.add("Revision " + next + " is revision " + from + " rendered again on " + DAY.format(clock.instant())
          + " from its stored input alone, by renderer version " + rendering.version() + " (revision " + from
          + " was rendered by version " + stored.rendererVersion() + "). Its evidence, analyses and summary are"
          + " revision " + from + "'s; it was not delivered.");
      ReportInput input = new ReportInput(old.runId(), old.generatedAt(), next, old.producers(),
          old.executiveSummary(), old.sections(), old.missing(), notes, old.compress(), old.maxSectionWords(),
          old.cost(), old.budget(), old.audit(), old.summaryClaims());
      if (!json.createIfAbsent(ArtefactKeys.reportInput(runId, next),
          new StoredReportInput(rendering.version(), input, stored.publicUrl(), from))) {
        continue;
      }
      ReportRendering.Rendered rendered = rendering.render(input, new ArtefactLinks(stored.publicUrl()));
      store.createIfAbsent(ArtefactKeys.reportHtml(runId, next), rendered.html().getBytes(StandardCharsets.UTF_8),
          "text/html; charset=utf-8");
      store.createIfAbsent(ArtefactKeys.reportMarkdown(runId, next),
          rendered.markdown().getBytes(StandardCharsets.UTF_8), "text/markdown; charset=utf-8");
      // the review form's part is the rebuilt revision's, as it was
      var changes = store.read(ArtefactKeys.reportChanges(runId, from));
      if (changes.isPresent()) {
        store.createIfAbsent(ArtefactKeys.reportChanges(runId, next), changes.get(), "text/markdown; charset=utf-8");
      }
      // written last: its presence marks the revision complete
      store.createIfAbsent(ArtefactKeys.reportSummary(runId, next), rendered.summary().getBytes(StandardCharsets.UTF_8),
          "text/markdown; charset=utf-8");
      return next;
    }
  }

  private byte[] storedBytes(String runId, int revision, io.rivalwatch.artefact.ArtefactKey key) {
    return store.read(key).orElseThrow(() -> new ReportRebuildRefused(
        Reason.NOT_REBUILDABLE, "revision: " + key.path() + " of run " + runId + " is no longer in the store (retention "
            + "deletes reports after their class's time), so revision " + revision + " cannot be compared. Fix: "
            + "rebuild a revision whose report is still stored"));
  }

  /** A unified diff of two texts, one difference with {@value #DIFF_CONTEXT} line of context around it. */
  static List<String> diff(String name, byte[] before, byte[] after) {
    List<String> original = lines(before);
    List<String> revised = lines(after);
    var patch = DiffUtils.diff(original, revised);
    if (patch.getDeltas().isEmpty()) {
      return List.of();
    }
    return UnifiedDiffUtils.generateUnifiedDiff(name + " (stored)", name + " (rebuilt)", original, patch,
        DIFF_CONTEXT);
  }

  private static List<String> lines(byte[] text) {
    return List.of(new String(text, StandardCharsets.UTF_8).split("\n", -1));
  }

  private void record(String runId, String actor, int revision, Outcome outcome, Integer newRevision,
      Digests digests) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("revision", String.valueOf(revision));
    details.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
    details.put("rendererVersion", String.valueOf(rendering.version()));
    details.put("markdownSha256", digests.markdownSha256());
    details.put("htmlSha256", digests.htmlSha256());
    if (newRevision != null) {
      details.put("newRevision", String.valueOf(newRevision));
    }
    var at = clock.instant();
    audit.record("report-rebuilt-r" + revision + "-" + at.toEpochMilli() + "-"
            + java.util.UUID.randomUUID().toString().substring(0, 8),
        new AuditEntry(runId, at, actor == null || actor.isBlank() ? "anonymous" : actor, AuditAction.REPORT_REBUILT,
            details));
  }
}
