package io.rivalwatch.planning;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of watch lists. A run names a watch list; the file is {@code <name>.yaml} in the directory that the server's
 * own settings name ({@code rivalwatch.planning.watch-lists}). The name is checked strictly, so no path, URL or
 * placeholder can be formed from it: a request chooses which trusted file, never where a file is.
 */
public final class WatchLists {

  /** The start variable that names the run's watch list. */
  public static final String VARIABLE = "watchList";
  /** The start variable of earlier versions that named a configuration location; refused now. */
  public static final String LEGACY_LOCATION_VARIABLE = "runConfiguration";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private WatchLists() {}

  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Why {@code name} cannot name a watch list, never repeating more of it than fits on a line.
   *
   * @param field where the name came from (e.g. {@code watchList} or {@code rivalwatch.planning.default-watch-list})
   */
  public static Optional<String> problem(String field, String name) {
    if (isName(name)) {
      return Optional.empty();
    }
    return Optional.of(field + ": " + shown(name) + " is not a watch list name. Fix: name a watch list by its file "
        + "name without .yaml (1-64 of a-z, 0-9 and '-', starting with a letter or digit, e.g. \"nightly\"); watch "
        + "lists are files <name>.yaml in the directory set by rivalwatch.planning.watch-lists, never a URL or a "
        + "path");
  }

  /** Quotes a value from outside for an error message, cut short so that a message never carries a document. */
  static String shown(String value) {
    if (value == null) {
      return "(nothing)";
    }
    String oneLine = value.replaceAll("[\\p{Cntrl}]", "?");
    return "'" + (oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine) + "'";
  }
}
