package io.rivalwatch.research;

import io.rivalwatch.artefact.ArtefactFormat;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The judgement after a research round.
 *
 * @param decision {@link #SUFFICIENT}, {@link #GATHER_MORE} or {@link #SKIP}
 * @param round the round just judged
 * @param usableDocuments documents with enough text to analyse
 * @param usableByKind the same, per source kind id
 * @param note why, in a sentence for the report and Operate
 */
public record SufficiencyVerdict(
    String decision, int round, int usableDocuments, Map<String, Integer> usableByKind, String note) {
  static final ArtefactFormat<SufficiencyVerdict> FORMAT =
      ArtefactFormat.of("sufficiency-verdict", SufficiencyVerdict.class);

  public static final String SUFFICIENT = "sufficient";
  public static final String GATHER_MORE = "gather-more";
  public static final String SKIP = "skip";

  public SufficiencyVerdict {
    usableByKind = usableByKind == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(usableByKind));
  }

  /** The round the gather tasks run next when the decision is to gather more. */
  public int nextRound() {
    return GATHER_MORE.equals(decision) ? round + 1 : round;
  }
}
