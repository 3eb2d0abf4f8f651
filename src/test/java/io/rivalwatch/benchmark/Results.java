package io.rivalwatch.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Figures by scenario, case and metric, each with its samples (one per repetition): printed and written as CSV. */
final class Results {

  /** One figure: its samples, and their median and spread. */
  record Row(String scenario, String scenarioCase, String metric, String unit, List<Double> samples) {
    double median() {
      double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double min() {
      return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
      return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();

  void add(String scenario, String scenarioCase, String metric, String unit, double sample) {
    rows.computeIfAbsent(scenario + "|" + scenarioCase + "|" + metric,
        k -> new Row(scenario, scenarioCase, metric, unit, new ArrayList<>())).samples().add(sample);
  }

  List<Row> rows() {
    return List.copyOf(rows.values());
  }

  Row row(String scenario, String scenarioCase, String metric) {
    Row row = rows.get(scenario + "|" + scenarioCase + "|" + metric);
    if (row == null) {
      throw new IllegalArgumentException("no figure " + scenario + " / " + scenarioCase + " / " + metric);
    }
    return row;
  }

  String table() {
    String header = "%-12s %-22s %-30s %12s %12s %12s %4s".formatted(
        "scenario", "case", "metric", "median", "min", "max", "n");
    StringBuilder out = new StringBuilder(header).append('\n').append("-".repeat(header.length())).append('\n');
    for (Row row : rows.values()) {
      out.append("%-12s %-22s %-30s %12s %12s %12s %4d%n".formatted(row.scenario(), row.scenarioCase(),
          row.metric() + " (" + row.unit() + ")", number(row.median()), number(row.min()), number(row.max()),
          row.samples().size()));
    }
    return out.toString();
  }

  void writeCsv(Path file) {
    StringBuilder csv = new StringBuilder("scenario,case,metric,unit,median,min,max,samples\n");
    for (Row row : rows.values()) {
      // a metric's name may hold a comma ("app CPU per job, model stand-in out"): quoted, as CSV quotes a field
      csv.append(String.join(",", csvField(row.scenario()), csvField(row.scenarioCase()), csvField(row.metric()),
          csvField(row.unit()),
          number(row.median()), number(row.min()), number(row.max()),
          row.samples().stream().map(Results::number).collect(Collectors.joining(" ")))).append('\n');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String csvField(String value) {
    return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e12) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.3f", value);
  }

  static double percentile(List<Long> values, double p) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Override
  public String toString() {
    return Arrays.toString(rows.values().toArray());
  }
}
