package io.rivalwatch.artefact;

/**
 * A stored artefact this rivalwatch cannot read: written by a newer rivalwatch in a newer version of its format, or
 * of another type than the reader expects. Retrying does not help; the message says which rivalwatch wrote it.
 */
public class UnreadableArtefactException extends RuntimeException {

  public UnreadableArtefactException(String message) {
    super(message);
  }
}
