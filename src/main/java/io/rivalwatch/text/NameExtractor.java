package io.rivalwatch.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks capitalised names (of partners, products, places, customers) that follow a trigger phrase: "partners
 * with Salesforce and Slack", "expands into Germany". Up to four capitalised words make one name; names joined by
 * commas, "and" or "&" are all taken.
 */
public final class NameExtractor {

  private static final String WORD = "\\p{Lu}[\\p{L}\\p{N}&'.+-]*";
  private static final Pattern NAME = Pattern.compile(WORD + "(?:\\s+(?:" + WORD + "|\\d[\\p{L}\\p{N}.]*))*");
  private static final Pattern JOIN = Pattern.compile("\\s*(?:,\\s*(?:and\\s+)?|\\s+and\\s+|\\s*&\\s*)(?:the\\s+)?");

  /** Capitalised words that start sentences or clauses rather than names. */
  private static final Set<String> NOT_NAMES = Set.of(
      "the", "a", "an", "this", "that", "these", "those", "our", "its", "their", "his", "her", "we", "it", "they",
      "in", "on", "at", "for", "with", "and", "or", "but", "new", "today", "read", "learn", "more", "all");

  /** A name starting with one of these is a category ("Fortune 500", "Series B"), not an organisation. */
  private static final Set<String> NOT_NAME_STARTS = Set.of("fortune", "global", "series", "form", "inc");

  /** A launch phrase ("launches", "unveiled the new", ...): the names after it are launched products. */
  public static final Pattern LAUNCH_TRIGGER = Pattern.compile("(?i:"
      + "\\b(?:launch(?:es|ed|ing)?|introduc(?:es|ed|ing)|unveil(?:s|ed|ing)?|debut(?:s|ed)?|releas(?:es|ed)"
      + "|announc(?:es|ed)|rolls? out|rolled out)\\s+(?:(?:its|their|the|a|an|new|all-new|next-generation)\\s+){0,3})");

  private NameExtractor() {}

  /** Names after each match of {@code trigger}; the competitor's own name is left out. */
  public static List<String> namesAfter(Pattern trigger, String text, Set<String> ownNameTokens) {
    List<String> names = new ArrayList<>();
    Matcher t = trigger.matcher(text);
    while (t.find()) {
      int pos = t.end();
      Matcher name = NAME.matcher(text);
      Matcher join = JOIN.matcher(text);
      while (pos < text.length()) {
        name.region(pos, text.length());
        if (!name.lookingAt()) {
          break;
        }
        String n = tidy(name.group());
        if (!n.isEmpty() && !isOwnName(n, ownNameTokens) && !names.contains(n)) {
          names.add(n);
        }
        join.region(name.end(), text.length());
        if (!join.lookingAt()) {
          break;
        }
        pos = join.end();
      }
    }
    return names;
  }

  private static String tidy(String raw) {
    String[] words = raw.split("\\s+");
    int end = Math.min(words.length, 4);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < end; i++) {
      kept.add(words[i]);
    }
    while (!kept.isEmpty() && NOT_NAMES.contains(kept.get(0).toLowerCase(Locale.ROOT))) {
      kept.remove(0);
    }
    if (!kept.isEmpty() && NOT_NAME_STARTS.contains(kept.get(0).toLowerCase(Locale.ROOT))) {
      return "";
    }
    String s = String.join(" ", kept);
    s = s.replaceAll("[.,'&+-]+$", "");
    return s.length() < 2 ? "" : s;
  }

  private static boolean isOwnName(String name, Set<String> ownNameTokens) {
    List<String> tokens = Tokenizer.words(name);
    return !tokens.isEmpty() && ownNameTokens.containsAll(tokens);
  }
}
