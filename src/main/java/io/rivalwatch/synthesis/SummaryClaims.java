package io.rivalwatch.synthesis;

/**
 * What the claim check found in the executive summary: sentences whose quoted span is in a source they cite, and
 * sentences left out because it is not.
 */
record SummaryClaims(int verified, int dropped) {

  static final SummaryClaims NONE = new SummaryClaims(0, 0);
}
