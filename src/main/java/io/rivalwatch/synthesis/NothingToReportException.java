package io.rivalwatch.synthesis;

/** No competitor could be analysed: there is no report to write, and the run takes its failure path. */
public class NothingToReportException extends RuntimeException {

  public NothingToReportException(String message) {
    super(message);
  }
}
