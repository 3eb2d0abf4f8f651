package io.rivalwatch.trends;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A watch list's trend dashboard as one self-contained HTML page: no script, no request for anything (charts are
 * inline SVG, the style sheet is inline and allowed by its hash), readable from disk, an S3 static website or the
 * application's artefact endpoint. A Content-Security-Policy in the page forbids everything else.
 */
final class TrendPage {

  static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:72rem;padding:1rem;\
      color:#1f2933;background:#fff}
      h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid #d9e2ec}
      h3{font-size:1rem;margin:0 0 .25rem}p.note{color:#52606d;font-size:.9rem}
      nav a{margin-right:.75rem}
      .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,26rem),1fr));gap:1rem}
      figure{margin:0;padding:.5rem;border:1px solid #d9e2ec;border-radius:6px}
      figure svg{width:100%;height:auto;display:block}
      .sources{font-size:.8rem;color:#52606d;margin:.25rem 0 0}
      .legend{font-size:.8rem;margin:.25rem 0}.key{margin-right:.75rem;display:inline-block;max-width:100%}
      h2,nav,.legend,td{overflow-wrap:anywhere}
      .swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;vertical-align:middle;\
      border-radius:2px}
      table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #d9e2ec;\
      padding:.35rem;text-align:left}
      .table-wrap{overflow-x:auto}
      svg text{font-size:12px;fill:#52606d}svg .note{font-size:14px}
      @media (max-width:36rem){svg text{font-size:17px}svg .note{font-size:18px}svg .row-label{font-size:14px}}
      svg .axis-line{stroke:#9aa5b1;stroke-width:1}svg .grid{stroke:#e4e7eb;stroke-width:1}
      svg .trend-line{fill:none;stroke:#2680c2;stroke-width:2}
      svg .mark.sentiment{fill:#2680c2;stroke:#fff;stroke-width:1.5}
      svg .mark.price{fill:#627d98}svg .mark.price.added{fill:#3ebd93;stroke:#147d64;stroke-width:2}
      svg .mark.price.dropped{fill:none;stroke:#d64545;stroke-width:2.5}
      svg .mark.doc.added,.swatch.doc.added{fill:#3ebd93;background:#3ebd93}
      svg .mark.doc.changed,.swatch.doc.changed{fill:#f0b429;background:#f0b429}
      svg .mark.doc.gone,.swatch.doc.gone{fill:#d64545;background:#d64545}
      svg .mark.cost{fill:#7c5e10}
      .swatch.price{background:#627d98}.swatch.price.added{background:#3ebd93}.swatch.price.dropped{background:#d64545}
      .k0{fill:#2680c2;background:#2680c2}.k1{fill:#f0b429;background:#f0b429}.k2{fill:#3ebd93;background:#3ebd93}
      .k3{fill:#d64545;background:#d64545}.k4{fill:#8719e0;background:#8719e0}.k5{fill:#e668a7;background:#e668a7}
      .k6{fill:#14919b;background:#14919b}.k7{fill:#9aa5b1;background:#9aa5b1}
      svg .mark.undelivered{fill-opacity:.35;stroke-dasharray:2 2}
      svg a:focus .mark,svg a:hover .mark{stroke:#102a43;stroke-width:2}
      .status-undelivered{color:#d64545}
      """;

  /** The page allows its own style sheet and nothing else: no script, no image, no request, no form. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-" + sha256(STYLE)
      + "'; base-uri 'none'; form-action 'none'";

  private TrendPage() {}

  /**
   * @param watchList the list's name (a safe slug)
   * @param nights the nights shown, oldest first
   */
  static String render(String watchList, List<Night> nights) {
    TrendCharts charts = new TrendCharts(nights);
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY)
        .append("\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta name=\"referrer\" content=\"no-referrer\">")
        .append("<title>Trends: ").append(Svg.escape(watchList)).append(" | rivalwatch</title><style>")
        .append(STYLE).append("</style></head><body>\n");
    html.append("<p><a href=\"../_run/index.html\">All reports</a></p>");
    html.append("<h1>Trends of watch list ").append(Svg.escape(watchList)).append("</h1>\n");
    if (nights.isEmpty()) {
      html.append("<p>No run of this list has ended yet.</p></body></html>\n");
      return html.toString();
    }
    html.append("<p class=\"note\">").append(nights.size()).append(nights.size() == 1 ? " night" : " nights")
        .append(" from ").append(charts.label(0)).append(" to ").append(charts.label(nights.size() - 1))
        .append(" (at most ").append(WatchListNights.SHOWN).append("), each a run of this list that ended. ")
        .append("Faded, dashed marks are nights whose report was not delivered (rejected, failed or published without ")
        .append("review). Documents and price points are compared with the night before on this page. Every mark ")
        .append("links to the report it comes from.</p>\n");

    Map<String, String> competitors = new LinkedHashMap<>();
    for (int i = nights.size() - 1; i >= 0; i--) {
      for (Night.CompetitorNight c : nights.get(i).competitors()) {
        competitors.putIfAbsent(c.id(), c.name());
      }
    }
    html.append("<nav>");
    int index = 0;
    for (String name : competitors.values()) {
      html.append("<a href=\"#competitor-").append(index++).append("\">").append(Svg.escape(name)).append("</a>");
    }
    html.append("<a href=\"#nights\">Nights</a></nav>\n");

    // the same for every chart
    String sources = sources(charts, nights);
    index = 0;
    for (Map.Entry<String, String> competitor : competitors.entrySet()) {
      String id = competitor.getKey();
      String name = competitor.getValue();
      html.append("<section class=\"competitor\" id=\"competitor-").append(index++).append("\"><h2>")
          .append(Svg.escape(name)).append("</h2><div class=\"charts\">\n");
      List<TrendCharts.Chart> shown = new ArrayList<>(List.of(charts.sentiment(id, name), charts.prices(id, name),
          charts.signals(id, name), charts.documents(id, name), charts.cost(id, name)));
      for (TrendCharts.Chart chart : shown) {
        figure(html, chart, sources);
      }
      html.append("</div></section>\n");
    }

    html.append("<section id=\"nights\"><h2>Nights</h2><div class=\"charts\">");
    figure(html, charts.runCost(), sources);
    html.append("</div><div class=\"table-wrap\"><table><thead><tr><th>Night</th><th>Run and report</th>")
        .append("<th>Ended</th><th>Model cost</th></tr></thead><tbody>\n");
    for (int i = nights.size() - 1; i >= 0; i--) {
      Night night = nights.get(i);
      html.append("<tr><td>").append(Svg.escape(charts.label(i))).append("</td><td><a class=\"report\" href=\"")
          .append(Svg.escape(Svg.href(TrendCharts.reportLink(night)))).append("\">").append(Svg.escape(night.runId()))
          .append(night.reportRevision() == null ? " (run record: no report)" : " (report revision "
              + night.reportRevision() + ")")
          .append("</a></td><td").append(night.delivered() ? "" : " class=\"status-undelivered\"").append(">")
          .append(Svg.escape(TrendCharts.statusWords(night.status()))).append("</td><td>")
          .append(TrendCharts.usd(night.costUsd())).append("</td></tr>\n");
    }
    html.append("</tbody></table></div></section>\n</body></html>\n");
    return html.toString();
  }

  private static void figure(StringBuilder html, TrendCharts.Chart chart, String sources) {
    html.append("<figure class=\"chart\" data-chart=\"").append(chart.id()).append("\"><figcaption><h3>")
        .append(Svg.escape(chart.title())).append("</h3>");
    if (!chart.legend().isEmpty()) {
      html.append("<div class=\"legend\">").append(chart.legend()).append("</div>");
    }
    html.append("</figcaption>").append(chart.svg()).append("<p class=\"sources\">From the reports of ")
        .append(sources).append("</p></figure>\n");
  }

  /** The reports the charts come from, one link per night. */
  private static String sources(TrendCharts charts, List<Night> nights) {
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < nights.size(); i++) {
      links.append(i == 0 ? "" : ", ").append("<a href=\"").append(Svg.escape(Svg.href(
          TrendCharts.reportLink(nights.get(i))))).append("\">").append(Svg.escape(charts.label(i))).append("</a>");
    }
    return links.toString();
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
