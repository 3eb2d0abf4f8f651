package io.rivalwatch.analysis.offline;

import io.rivalwatch.text.PriceExtractor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds positioning signals in a sentence: target segments and industries, value propositions, differentiator
 * claims (cue terms in {@code analysis/positioning-cues.tsv}) and price points ({@link PriceExtractor}).
 */
final class PositioningSignals {

  enum Group { SEGMENT, INDUSTRY, VALUE, CLAIM }

  private record Claim(boolean real, String name) {}

  /**
   * What one sentence says.
   *
   * @param names per group: each name found (segment, industry, value proposition, claim) with the terms as written
   * @param prices price points in it
   */
  record Signals(Sentence sentence, Map<Group, Map<String, List<String>>> names, List<PriceExtractor.PricePoint> prices) {

    boolean any() {
      return !prices.isEmpty() || names.values().stream().anyMatch(m -> !m.isEmpty());
    }

    Map<String, List<String>> of(Group group) {
      return names.getOrDefault(group, Map.of());
    }
  }

  private final PhraseMatcher<String> segments = new PhraseMatcher<>();
  private final PhraseMatcher<String> industries = new PhraseMatcher<>();
  private final PhraseMatcher<String> values = new PhraseMatcher<>();
  private final PhraseMatcher<Claim> claims = new PhraseMatcher<>();

  private PositioningSignals() {}

  static PositioningSignals load() {
    PositioningSignals p = new PositioningSignals();
    for (String[] row : ResourceTable.rows("positioning-cues.tsv", 3)) {
      switch (row[0]) {
        case "segment" -> p.segments.add(row[2], row[1]);
        case "industry" -> p.industries.add(row[2], row[1]);
        case "value" -> p.values.add(row[2], row[1]);
        case "claim" -> p.claims.add(row[2], new Claim(true, row[1]));
        case "not-claim" -> p.claims.add(row[2], new Claim(false, row[1]));
        default -> throw new IllegalStateException("unknown positioning group: " + row[0]);
      }
    }
    return p;
  }

  Signals find(Sentence s) {
    Map<Group, Map<String, List<String>>> names = new EnumMap<>(Group.class);
    collect(s, segments.findLongest(s.tokens()), names, Group.SEGMENT);
    collect(s, industries.findLongest(s.tokens()), names, Group.INDUSTRY);
    collect(s, values.findLongest(s.tokens()), names, Group.VALUE);
    List<PhraseMatcher.Match<Claim>> all = claims.findAll(s.tokens());
    List<PhraseMatcher.Match<String>> real = new ArrayList<>();
    for (PhraseMatcher.Match<Claim> m : all) {
      if (!m.value().real()) {
        continue;
      }
      boolean excluded = false;
      for (PhraseMatcher.Match<Claim> other : all) {
        if (!other.value().real() && other.overlaps(m)) {
          excluded = true;
          break;
        }
      }
      if (!excluded) {
        real.add(new PhraseMatcher.Match<>(m.start(), m.end(), m.value().name(), m.term()));
      }
    }
    collect(s, real, names, Group.CLAIM);
    return new Signals(s, names, PriceExtractor.find(s.text()));
  }

  private static void collect(
      Sentence s, List<PhraseMatcher.Match<String>> matches, Map<Group, Map<String, List<String>>> names,
      Group group) {
    for (PhraseMatcher.Match<String> m : matches) {
      List<String> surfaces = names.computeIfAbsent(group, g -> new LinkedHashMap<>())
          .computeIfAbsent(m.value(), k -> new ArrayList<>());
      String surface = s.span(m.start(), m.end());
      boolean seen = false;
      for (String existing : surfaces) {
        seen |= existing.toLowerCase(Locale.ROOT).equals(surface.toLowerCase(Locale.ROOT));
      }
      if (!seen) {
        surfaces.add(surface);
      }
    }
  }
}
