package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the claim check found in one competitor's analyses, by kind: findings verified against the documents they
 * cite, and findings dropped because a quote was not found there.
 */
record ClaimCount(Map<AnalysisKind, Integer> verified, Map<AnalysisKind, Integer> dropped) {

  static final ClaimCount NONE = new ClaimCount(Map.of(), Map.of());

  ClaimCount {
    verified = copy(verified);
    dropped = copy(dropped);
  }

  int verified(AnalysisKind kind) {
    return verified.getOrDefault(kind, 0);
  }

  int dropped(AnalysisKind kind) {
    return dropped.getOrDefault(kind, 0);
  }

  int verifiedTotal() {
    return verified.values().stream().mapToInt(Integer::intValue).sum();
  }

  int droppedTotal() {
    return dropped.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static Map<AnalysisKind, Integer> copy(Map<AnalysisKind, Integer> counts) {
    if (counts == null || counts.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new EnumMap<>(counts));
  }
}
