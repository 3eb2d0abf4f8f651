package io.rivalwatch.synthesis;

/**
 * One thing the quality check found wrong with a report revision.
 *
 * @param rule which rule: {@link #SECTION_TOO_LONG}, {@link #UNCITED_CLAIM}, {@link #COMPETITOR_NOT_NAMED},
 *     {@link #MISSING_NOT_LISTED}, {@link #UNKNOWN_SOURCE},
 *     {@link #UNVERIFIED_CLAIMS}
 * @param competitorId the competitor it concerns, or null
 * @param message what is wrong and what to do, in one line
 */
public record QualityFinding(String rule, String competitorId, String message) {

  public static final String SECTION_TOO_LONG = "section-too-long";
  public static final String UNCITED_CLAIM = "uncited-claim";
  public static final String COMPETITOR_NOT_NAMED = "competitor-not-named";
  public static final String MISSING_NOT_LISTED = "missing-not-listed";
  public static final String UNKNOWN_SOURCE = "unknown-source";
  public static final String UNVERIFIED_CLAIMS = "unverified-claims";
}
