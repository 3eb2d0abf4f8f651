package io.rivalwatch.analysis;

/** The gathered material cannot support this analysis; the message says why, in words for the report. */
public class AnalysisNotPossibleException extends RuntimeException {

  public AnalysisNotPossibleException(String message) {
    super(message);
  }
}
