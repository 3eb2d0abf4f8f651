package io.rivalwatch.trends;

import io.rivalwatch.artefact.ArtefactKeys;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The charts of a trend dashboard, one night per column, oldest on the left, as SVG. Every mark (a point, a bar, a
 * dot) carries its night ({@code data-night}), a tooltip, and a link to the report of that night (the run record
 * when the run wrote no report); marks of nights whose report was not delivered carry the class "undelivered".
 */
final class TrendCharts {

  static final int WIDTH = 640;
  /** Signal kinds get one of this many colours (classes k0..k7), in the order of their names. */
  static final int PALETTE = 8;
  static final int MAX_PRICE_ROWS = 12;
  private static final int TOP = 14;
  private static final int BOTTOM = 34;
  private static final int RIGHT = 12;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);

  /** One chart: an id for the page ("sentiment"), its heading, the SVG, and its legend as HTML (may be empty). */
  record Chart(String id, String title, String svg, String legend) {}

  private final List<Night> nights;
  private final List<String> labels;

  /** @param nights the list's nights, oldest first */
  TrendCharts(List<Night> nights) {
    this.nights = List.copyOf(nights);
    this.labels = labels(this.nights);
    // each night's competitors by id (the first of an id, as a search in order finds it): looked up per chart
    this.byId = this.nights.stream().map(night -> {
      Map<String, Night.CompetitorNight> competitors = new HashMap<>();
      night.competitors().forEach(c -> competitors.putIfAbsent(c.id(), c));
      return competitors;
    }).toList();
  }

  private final List<Map<String, Night.CompetitorNight>> byId;

  /** "Dec 5" per night, with the time where two nights share a day. */
  static List<String> labels(List<Night> nights) {
    Set<String> days = new HashSet<>();
    Set<String> shared = new HashSet<>();
    for (Night night : nights) {
      if (!days.add(DAY.format(night.endedAt()))) {
        shared.add(DAY.format(night.endedAt()));
      }
    }
    return nights.stream().map(n -> shared.contains(DAY.format(n.endedAt())) ? DAY_AND_TIME.format(n.endedAt())
        : DAY.format(n.endedAt())).toList();
  }

  /** Where a night's marks link to, relative to {@code dashboard/site/<list>/index.html}. */
  static String reportLink(Night night) {
    return "../../../" + (night.reportRevision() == null ? ArtefactKeys.runRecord(night.runId()).path()
        : ArtefactKeys.reportHtml(night.runId(), night.reportRevision()).path());
  }

  String label(int night) {
    return labels.get(night);
  }

  /** What a mark's tooltip says of its night: "Dec 5, run local-1, rejected". */
  private String about(int i) {
    Night night = nights.get(i);
    return labels.get(i) + ", run " + night.runId() + (night.delivered() ? "" : ", " + statusWords(night.status()));
  }

  static String statusWords(String status) {
    return switch (status == null ? "" : status) {
      case "delivered" -> "delivered";
      case "rejected" -> "rejected, not delivered";
      case "failed" -> "failed, not delivered";
      case "published-internally-unreviewed" -> "published without review";
      default -> "not delivered";
    };
  }

  private String markClass(int i, String kind) {
    return "mark " + kind + (nights.get(i).delivered() ? "" : " undelivered");
  }

  private Optional<Night.CompetitorNight> competitor(int i, String competitorId) {
    return Optional.ofNullable(byId.get(i).get(competitorId));
  }

  // ---- the frame shared by the charts with nights along the x axis

  private double left = 48;

  private double band() {
    return (WIDTH - left - RIGHT) / Math.max(1, nights.size());
  }

  private double x(int i) {
    return left + (i + 0.5) * band();
  }

  /** The night labels under the plot, thinned out so they do not overlap. */
  private void nightAxis(Svg svg, double baseline) {
    int step = Math.max(1, (int) Math.ceil(nights.size() / 8.0));
    for (int i = 0; i < nights.size(); i++) {
      if (i % step == 0 || i == nights.size() - 1 && nights.size() <= 8) {
        svg.text(x(i), baseline + 16, labels.get(i), "axis", "middle");
      }
    }
  }

  /** Bars of one value per night, scaled to the largest; a zero is a thin line, so the night still shows. */
  private String bars(String label, int height, String kind, Function<Integer, Double> value,
      Function<Double, String> shown) {
    left = 72;
    Svg svg = new Svg(WIDTH, height, label);
    double plot = height - TOP - BOTTOM;
    double baseline = TOP + plot;
    double max = 0;
    for (int i = 0; i < nights.size(); i++) {
      Double v = value.apply(i);
      max = v == null ? max : Math.max(max, v);
    }
    svg.line(left, baseline, WIDTH - RIGHT, baseline, "axis-line");
    svg.text(left - 6, TOP + 4, max == 0 ? shown.apply(0.0) : shown.apply(max), "axis", "end");
    svg.text(left - 6, baseline, shown.apply(0.0), "axis", "end");
    double width = Math.min(40, band() * 0.6);
    for (int i = 0; i < nights.size(); i++) {
      Double v = value.apply(i);
      if (v == null) {
        continue;
      }
      double h = max == 0 ? 0 : v / max * plot;
      svg.link(reportLink(nights.get(i)))
          .rect(x(i) - width / 2, baseline - Math.max(h, 1.5), width, Math.max(h, 1.5), markClass(i, kind),
              nights.get(i).runId(), about(i) + ": " + shown.apply(v))
          .endLink();
    }
    nightAxis(svg, baseline);
    return svg.end();
  }

  // ---- the charts

  Chart sentiment(String competitorId, String name) {
    left = 48;
    int height = 200;
    Svg svg = new Svg(WIDTH, height, "Sentiment of " + name + " per night, from -1 to +1");
    double plot = height - TOP - BOTTOM;
    Function<Double, Double> y = v -> TOP + (1 - (v + 1) / 2) * plot;
    for (double level : new double[] {-1, 0, 1}) {
      svg.line(left, y.apply(level), WIDTH - RIGHT, y.apply(level), level == 0 ? "axis-line" : "grid");
      svg.text(left - 6, y.apply(level) + 4, level == 0 ? "0" : level > 0 ? "+1" : "-1", "axis", "end");
    }
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < nights.size(); i++) {
      Double score = competitor(i, competitorId).map(Night.CompetitorNight::sentiment).orElse(null);
      if (score != null) {
        points.add(new double[] {x(i), y.apply(score)});
      }
    }
    svg.polyline(points, "trend-line");
    for (int i = 0; i < nights.size(); i++) {
      Double score = competitor(i, competitorId).map(Night.CompetitorNight::sentiment).orElse(null);
      if (score != null) {
        svg.link(reportLink(nights.get(i)))
            .circle(x(i), y.apply(score), 5, markClass(i, "sentiment"), nights.get(i).runId(),
                about(i) + ": sentiment " + String.format(Locale.ROOT, "%+.2f", score))
            .endLink();
      }
    }
    nightAxis(svg, TOP + plot);
    return new Chart("sentiment", "Sentiment", svg.end(), "");
  }

  /**
   * A row per price point, a column per night: a dot where the night's pages stated it (ringed where it is new since
   * the night before), a cross where the night before stated it and this night no longer did.
   */
  Chart prices(String competitorId, String name) {
    List<Set<String>> seen = new ArrayList<>();
    for (int i = 0; i < nights.size(); i++) {
      seen.add(competitor(i, competitorId).map(Night.CompetitorNight::pricePoints)
          .<Set<String>>map(LinkedHashSet::new).orElse(null));
    }
    // the rows: most recently seen first, at most MAX_PRICE_ROWS
    LinkedHashSet<String> rows = new LinkedHashSet<>();
    for (int i = nights.size() - 1; i >= 0 && rows.size() < MAX_PRICE_ROWS; i--) {
      if (seen.get(i) != null) {
        for (String price : seen.get(i)) {
          if (rows.size() < MAX_PRICE_ROWS) {
            rows.add(price);
          }
        }
      }
    }
    left = 200;
    int rowHeight = 22;
    int height = TOP + Math.max(1, rows.size()) * rowHeight + BOTTOM;
    Svg svg = new Svg(WIDTH, height, "Price points seen for " + name + " per night, new and dropped");
    if (rows.isEmpty()) {
      svg.text(WIDTH / 2.0, TOP + 14, "No price points stated on any night shown", "note", "middle");
    }
    int row = 0;
    for (String price : rows) {
      double y = TOP + row * rowHeight + rowHeight / 2.0;
      svg.line(left, y, WIDTH - RIGHT, y, "grid");
      svg.text(left - 8, y + 4, price.length() > 22 ? price.substring(0, 21) + "…" : price, "axis row-label",
          "end");
      for (int i = 0; i < nights.size(); i++) {
        Set<String> now = seen.get(i);
        Set<String> before = i == 0 ? null : seen.get(i - 1);
        if (now == null) {
          continue;
        }
        if (now.contains(price)) {
          boolean added = before != null && !before.contains(price);
          svg.link(reportLink(nights.get(i)))
              .circle(x(i), y, 6, markClass(i, added ? "price added" : "price"), nights.get(i).runId(),
                  about(i) + ": " + price + (added ? " (new)" : ""))
              .endLink();
        } else if (before != null && before.contains(price)) {
          svg.link(reportLink(nights.get(i)))
              .cross(x(i), y, 5, markClass(i, "price dropped"), nights.get(i).runId(),
                  about(i) + ": " + price + " no longer stated")
              .endLink();
        }
      }
      row++;
    }
    nightAxis(svg, TOP + Math.max(1, rows.size()) * rowHeight);
    String legend = "<span class=\"key\"><span class=\"swatch price\"></span>stated</span>"
        + "<span class=\"key\"><span class=\"swatch price added\"></span>new since the night before</span>"
        + "<span class=\"key\"><span class=\"swatch price dropped\"></span>dropped</span>";
    return new Chart("prices", "Price points", svg.end(), legend);
  }

  /** One stacked bar per night: the strategic signals of each kind. */
  Chart signals(String competitorId, String name) {
    List<Map<String, Integer>> perNight = new ArrayList<>();
    TreeSet<String> kinds = new TreeSet<>();
    for (int i = 0; i < nights.size(); i++) {
      Map<String, Integer> signals = competitor(i, competitorId).map(Night.CompetitorNight::signals).orElse(null);
      perNight.add(signals);
      if (signals != null) {
        kinds.addAll(signals.keySet());
      }
    }
    Map<String, String> colour = new LinkedHashMap<>();
    for (String kind : kinds) {
      colour.put(kind, "k" + (colour.size() % PALETTE));
    }
    left = 48;
    int height = 220;
    Svg svg = new Svg(WIDTH, height, "Strategic signals of " + name + " by kind per night");
    double plot = height - TOP - BOTTOM;
    double baseline = TOP + plot;
    int max = perNight.stream().filter(m -> m != null)
        .mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).max().orElse(0);
    svg.line(left, baseline, WIDTH - RIGHT, baseline, "axis-line");
    svg.text(left - 6, TOP + 4, Integer.toString(max), "axis", "end");
    svg.text(left - 6, baseline, "0", "axis", "end");
    double width = Math.min(40, band() * 0.6);
    for (int i = 0; i < nights.size(); i++) {
      Map<String, Integer> signals = perNight.get(i);
      if (signals == null || max == 0) {
        continue;
      }
      double top = baseline;
      svg.link(reportLink(nights.get(i)));
      for (Map.Entry<String, Integer> kind : signals.entrySet()) {
        double h = (double) kind.getValue() / max * plot;
        top -= h;
        svg.rect(x(i) - width / 2, top, width, h, markClass(i, "signal " + colour.get(kind.getKey())),
            nights.get(i).runId(), about(i) + ": " + kind.getKey() + " " + kind.getValue());
      }
      svg.endLink();
    }
    nightAxis(svg, baseline);
    StringBuilder legend = new StringBuilder();
    colour.forEach((kind, css) -> legend.append("<span class=\"key\"><span class=\"swatch signal ").append(css)
        .append("\"></span>").append(Svg.escape(kind)).append("</span>"));
    if (kinds.isEmpty()) {
      legend.append("<span class=\"key\">No strategic signals on any night shown</span>");
    }
    return new Chart("signals", "Strategic signals by kind", svg.end(), legend.toString());
  }

  /** Three bars per night: documents new, changed and gone since the list's night before. */
  Chart documents(String competitorId, String name) {
    left = 48;
    int height = 200;
    Svg svg = new Svg(WIDTH, height, "Documents of " + name + " new, changed and gone per night");
    double plot = height - TOP - BOTTOM;
    double baseline = TOP + plot;
    List<Night.DocumentCounts> counts = new ArrayList<>();
    int max = 0;
    for (int i = 0; i < nights.size(); i++) {
      Night.DocumentCounts c = competitor(i, competitorId).map(Night.CompetitorNight::documents).orElse(null);
      counts.add(c);
      // the list's first night compared with nothing: its documents are all new, and would dwarf every later night
      if (c != null && c.comparedWith() != null) {
        max = Math.max(max, Math.max(c.added(), Math.max(c.changed(), c.gone())));
      }
    }
    svg.line(left, baseline, WIDTH - RIGHT, baseline, "axis-line");
    svg.text(left - 6, TOP + 4, Integer.toString(max), "axis", "end");
    svg.text(left - 6, baseline, "0", "axis", "end");
    double width = Math.min(14, band() * 0.25);
    String[] kinds = {"added", "changed", "gone"};
    for (int i = 0; i < nights.size(); i++) {
      Night.DocumentCounts c = counts.get(i);
      if (c == null) {
        continue;
      }
      int[] values = {c.added(), c.changed(), c.gone()};
      boolean first = c.comparedWith() == null;
      svg.link(reportLink(nights.get(i)));
      for (int k = 0; k < 3; k++) {
        double h = max == 0 || first ? 0 : (double) values[k] / max * plot;
        String words = first ? "the list's first night, nothing to compare with (" + c.added() + " documents read)"
            : values[k] + " " + (k == 0 ? "new" : kinds[k]);
        svg.rect(x(i) + (k - 1.5) * width, baseline - Math.max(h, 1.5), width, Math.max(h, 1.5),
            markClass(i, "doc " + kinds[k]), nights.get(i).runId(), about(i) + ": " + words);
      }
      svg.endLink();
    }
    nightAxis(svg, baseline);
    String legend = "<span class=\"key\"><span class=\"swatch doc added\"></span>new</span>"
        + "<span class=\"key\"><span class=\"swatch doc changed\"></span>changed</span>"
        + "<span class=\"key\"><span class=\"swatch doc gone\"></span>gone</span>";
    return new Chart("documents", "Documents new, changed and gone", svg.end(), legend);
  }

  Chart cost(String competitorId, String name) {
    String svg = bars("Model cost of " + name + " per night in US dollars", 180, "cost",
        i -> competitor(i, competitorId).map(Night.CompetitorNight::costUsd).orElse(null), TrendCharts::usd);
    return new Chart("cost", "Model cost", svg, "");
  }

  /** The whole run's model cost per night, report writing included. */
  Chart runCost() {
    String svg = bars("Model cost of each night's run in US dollars", 180, "cost", i -> nights.get(i).costUsd(),
        TrendCharts::usd);
    return new Chart("run-cost", "Model cost per night (whole run)", svg, "");
  }

  static String usd(double value) {
    return String.format(Locale.ROOT, value >= 1 || value == 0 ? "$%.2f" : "$%.4f", value);
  }
}
