package io.rivalwatch.artefact;

/** An artefact that an earlier step wrote is gone: the run cannot go on from here. */
public class MissingArtefactException extends RuntimeException {

  public MissingArtefactException(String message) {
    super(message);
  }
}
