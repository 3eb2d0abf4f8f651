package io.rivalwatch.analysis.offline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the analyser's word lists from the classpath: tab-separated rows, '#' starts a comment line. */
final class ResourceTable {

  private ResourceTable() {}

  static List<String[]> rows(String resource, int columns) {
    String path = "analysis/" + resource;
    InputStream in = ResourceTable.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing classpath resource " + path);
    }
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t");
        if (cells.length != columns) {
          throw new IllegalStateException(
              path + " line " + number + ": expected " + columns + " tab-separated columns: " + line);
        }
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].strip();
        }
        rows.add(cells);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return rows;
  }
}
