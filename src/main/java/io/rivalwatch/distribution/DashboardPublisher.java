package io.rivalwatch.distribution;

import io.rivalwatch.artefact.ArtefactFormat;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.PlanningService;
import io.rivalwatch.planning.WatchLists;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard: a static HTML index of approved reports, kept in the artefact store beside them (it works opened
 * from disk, from an S3 static website, or through the application's /artefacts endpoint).
 */
@Service
public class DashboardPublisher {

  static final ArtefactKey INDEX = ArtefactKeys.dashboardIndex();
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final ArtefactStore store;
  private final ArtefactJson artefacts;
  private final PlanningService planning;
  private final Clock clock;

  public DashboardPublisher(ArtefactStore store, ArtefactJson artefacts, PlanningService planning, Clock clock) {
    this.store = store;
    this.artefacts = artefacts;
    this.planning = planning;
    this.clock = clock;
  }

  /**
   * One line of the dashboard: an approved report, or one published without review after its review was escalated
   * ({@code unreviewed}; entries written before this flag existed read as reviewed).
   */
  public record Entry(String runId, int revision, Instant publishedAt, List<String> competitors, boolean unreviewed) {
    static final ArtefactFormat<Entry> FORMAT = ArtefactFormat.of("dashboard-entry", Entry.class);

    public Entry(String runId, int revision, Instant publishedAt, List<String> competitors) {
      this(runId, revision, publishedAt, competitors, false);
    }
  }

  /** Publishes an approved report. */
  public String publish(String runId, int revision) {
    return publish(runId, revision, true);
  }

  /**
   * @param reviewed false for a report published internally because nobody reviewed it in time: the dashboard
   *     marks it so
   */
  public String publish(String runId, int revision, boolean reviewed) {
    ArtefactKey entryKey = ArtefactKeys.dashboardEntry(runId);
    List<String> names = planning.configuration(runId).competitors().stream().map(CompetitorProfile::name).toList();
    artefacts.createIfAbsent(entryKey, new Entry(runId, revision, clock.instant(), names, !reviewed));
    int published = refresh();
    return "published (" + published + (published == 1 ? " report" : " reports") + " on the dashboard)";
  }

  /**
   * Rebuilds the index from all entries, and links each watch list's trend page ({@code trends.TrendDashboard}
   * calls this after drawing one); returns the number of reports listed.
   */
  public int refresh() {
    // rebuilt from all entries every time, so a repeated job or a lost index heals itself
    List<ArtefactKey> keys = store.list(ArtefactKeys.DASHBOARD);
    List<Entry> entries = keys.stream()
        .filter(k -> k.phase().equals("entries"))
        .map(k -> artefacts.require(k, Entry.class))
        .sorted(Comparator.comparing(Entry::publishedAt).reversed().thenComparing(Entry::runId))
        .toList();
    List<String> lists = keys.stream()
        .filter(k -> k.phase().equals(ArtefactKeys.DASHBOARD_SITE) && WatchLists.isName(k.competitor())
            && k.equals(ArtefactKeys.trendDashboard(k.competitor())))
        .map(ArtefactKey::competitor).sorted().toList();
    store.overwrite(INDEX, index(entries, lists).getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    return entries.size();
  }

  static String index(List<Entry> entries) {
    return index(entries, List.of());
  }

  /** @param lists the watch lists with a trend page, each a safe path segment ({@code dashboard/site/<list>/}) */
  static String index(List<Entry> entries, List<String> lists) {
    StringBuilder trends = new StringBuilder();
    for (String list : lists) {
      // relative to dashboard/site/_run/index.html
      trends.append("<li><a href=\"").append(HtmlUtils.htmlEscape("../" + list + "/index.html")).append("\">")
          .append(HtmlUtils.htmlEscape(list)).append("</a></li>");
    }
    StringBuilder rows = new StringBuilder();
    for (Entry e : entries) {
      // relative to dashboard/site/_run/index.html
      String href = "../../../" + ArtefactKeys.reportHtml(e.runId(), e.revision()).path();
      rows.append("<tr><td>").append(WHEN.format(e.publishedAt())).append("</td><td><a href=\"")
          .append(HtmlUtils.htmlEscape(href)).append("\">").append(HtmlUtils.htmlEscape(e.runId()))
          .append(" (revision ").append(e.revision()).append(")</a>")
          .append(e.unreviewed() ? " <strong>not reviewed</strong>" : "").append("</td><td>")
          .append(HtmlUtils.htmlEscape(String.join(", ", e.competitors()))).append("</td></tr>\n");
    }
    return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>rivalwatch dashboard</title>
        <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
        table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}</style>
        </head><body><h1>Competitive intelligence reports</h1>
        """ + (lists.isEmpty() ? "" : "<h2>Trends per watch list</h2><ul>" + trends + "</ul>\n<h2>Reports</h2>\n") + """
        <table><thead><tr><th>Published</th><th>Report</th><th>Competitors</th></tr></thead><tbody>
        """ + rows + "</tbody></table></body></html>\n";
  }
}
