package io.rivalwatch.analysis;

import java.util.List;

/**
 * One claim an analysis makes, tied to the sources it rests on. The report prints every finding with links to
 * its {@code sourceUrls}; a finding without a source is not allowed.
 *
 * @param category what the claim is about, for example "pricing", "product-launch", "segment", "tone"
 * @param statement the claim in one sentence
 * @param evidence the source sentence(s) it rests on, quoted briefly (may be empty)
 * @param sourceUrls at least one URL of a gathered document
 * @param score a number that goes with the claim where there is one (a sentiment score, a strength), else null
 */
public record Finding(String category, String statement, String evidence, List<String> sourceUrls, Double score) {

  public Finding {
    if (sourceUrls == null || sourceUrls.isEmpty()) {
      throw new IllegalArgumentException("a finding needs at least one source URL: " + statement);
    }
    sourceUrls = List.copyOf(sourceUrls);
  }
}
