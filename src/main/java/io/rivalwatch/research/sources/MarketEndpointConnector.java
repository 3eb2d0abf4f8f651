package io.rivalwatch.research.sources;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.research.PageFetcher;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.planning.CompetitorProfile.MarketEndpoint;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceConnector;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Market data from CSV or JSON endpoints (chosen by {@code market.endpoints}), each mapped in the run configuration:
 * which column (CSV, first line the header) or JSON pointer (JSON, within each record of the array at
 * {@code records}) holds a record's title, date and value. An endpoint becomes one document that cites it: its
 * name, then one sentence per record ("ACME on 2025-09-30: 41.20."), newest first when records have dates, at most
 * {@value #MAX_RECORDS}; its publication time is the newest record's date. Read in round 0 only.
 */
@Component
public class MarketEndpointConnector implements SourceConnector {

  static final int MAX_RECORDS = 100;
  static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv", "text/plain");
  static final Set<String> JSON_TYPES = Set.of("application/json", "text/json");
  private static final int MAX_FIELD_CHARACTERS = 200;

  private final PageFetcher fetcher;
  private final ObjectMapper json = new ObjectMapper();
  private final CsvMapper csv = new CsvMapper();

  public MarketEndpointConnector(PageFetcher fetcher) {
    this.fetcher = fetcher;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.MARKET;
  }

  @Override
  public boolean isConfigured(CompetitorProfile competitor) {
    return competitor.market() != null && !competitor.market().endpoints().isEmpty();
  }

  @Override
  public SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered) {
    if (!isConfigured(competitor) || round != 0) {
      return SourceBatch.empty();
    }
    BatchCollector batch = new BatchCollector(
        "market data endpoints of " + competitor.id(), alreadyGathered, EnumSet.of(SourceKind.MARKET));
    for (MarketEndpoint endpoint : competitor.market().endpoints()) {
      String url = Urls.normalise(endpoint.url().toString());
      if (url == null) {
        batch.problem(endpoint.url() + ": malformed URL");
      } else if (batch.isNew(url)) {
        read(endpoint, url, batch);
      }
    }
    return batch.toBatch();
  }

  private void read(MarketEndpoint endpoint, String url, BatchCollector batch) {
    boolean isCsv = MarketEndpoint.CSV.equals(endpoint.format());
    FetchedPage page;
    try {
      page = fetcher.fetch(url, isCsv ? CSV_TYPES : JSON_TYPES);
    } catch (FetchException e) {
      batch.failed(e);
      return;
    }
    List<Row> rows;
    try {
      rows = isCsv ? csvRows(endpoint, page.body()) : jsonRows(endpoint, page.body());
    } catch (UnusableData e) {
      batch.problem(url + ": " + e.getMessage());
      return;
    }
    if (rows.isEmpty()) {
      batch.problem(url + ": no record has a value at '" + endpoint.value() + "'");
      return;
    }
    rows = rows.stream()
        .sorted(Comparator.comparing(Row::date, Comparator.nullsLast(Comparator.reverseOrder())))
        .limit(MAX_RECORDS)
        .toList();
    String name = endpoint.name() != null ? endpoint.name() : "Market data from " + url;
    StringBuilder text = new StringBuilder(HtmlText.asSentence(name));
    for (Row row : rows) {
      text.append(' ').append(row.sentence());
    }
    batch.add(Documents.create(url, name, SourceKind.MARKET, page.fetchedAt(), rows.get(0).date(),
        text.toString(), List.of(url)));
  }

  private List<Row> csvRows(MarketEndpoint endpoint, String body) throws UnusableData {
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<Row> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> records =
        csv.readerForMapOf(String.class).with(schema).readValues(body)) {
      boolean first = true;
      while (records.hasNextValue()) {
        Map<String, String> record = records.nextValue();
        if (first) {
          for (String column : new String[] {endpoint.title(), endpoint.date(), endpoint.value()}) {
            if (column != null && !record.containsKey(column)) {
              throw new UnusableData("no column '" + column + "' in the header (columns: "
                  + String.join(", ", record.keySet()) + ")");
            }
          }
          first = false;
        }
        Row row = Row.of(get(record, endpoint.title()), get(record, endpoint.date()), get(record, endpoint.value()));
        if (row != null) {
          rows.add(row);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new UnusableData("not readable as CSV with a header line");
    }
    return rows;
  }

  private static String get(Map<String, String> record, String column) {
    return column == null ? null : record.get(column);
  }

  private List<Row> jsonRows(MarketEndpoint endpoint, String body) throws UnusableData {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new UnusableData("not readable as JSON");
    }
    JsonNode records = endpoint.records() == null ? root : root.at(endpoint.records());
    if (records == null || records.isMissingNode()) {
      throw new UnusableData("nothing at the records pointer '" + endpoint.records() + "'");
    }
    List<Row> rows = new ArrayList<>();
    for (JsonNode record : records.isArray() ? records : List.of(records)) {
      Row row = Row.of(at(record, endpoint.title()), at(record, endpoint.date()), at(record, endpoint.value()));
      if (row != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** The text at a JSON pointer, or at a plain field name, within a record; null when absent or not a value. */
  private static String at(JsonNode record, String field) {
    if (field == null) {
      return null;
    }
    JsonPointer pointer = JsonPointer.compile(
        field.startsWith("/") ? field : "/" + field.replace("~", "~0").replace("/", "~1"));
    JsonNode value = record.at(pointer);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  /** One record as a sentence; the value is required, title and date are optional. */
  private record Row(String title, String dateText, Instant date, String value) {

    static Row of(String title, String date, String value) {
      String v = clean(value);
      if (v.isEmpty()) {
        return null;
      }
      String d = clean(date);
      return new Row(clean(title), d, d.isEmpty() ? null : Dates.parse(d), v);
    }

    String sentence() {
      String subject = title.isEmpty() ? dateText : dateText.isEmpty() ? title : title + " on " + dateText;
      return HtmlText.asSentence(subject.isEmpty() ? value : subject + ": " + value);
    }

    private static String clean(String text) {
      String plain = HtmlText.normalise(text);
      return plain.length() <= MAX_FIELD_CHARACTERS ? plain : plain.substring(0, MAX_FIELD_CHARACTERS);
    }
  }

  /** The endpoint's answer cannot be mapped; the message says why. */
  private static final class UnusableData extends Exception {
    UnusableData(String message) {
      super(message);
    }
  }
}
