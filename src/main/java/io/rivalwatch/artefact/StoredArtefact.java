package io.rivalwatch.artefact;

import java.time.Instant;
import java.util.Objects;

/**
 * An artefact as the store holds it, for retention: its key, when it was last written (the file's modification time,
 * the S3 object's LastModified: what an S3 lifecycle rule counts its days from) and its size.
 */
public record StoredArtefact(ArtefactKey key, Instant writtenAt, long bytes) {

  public StoredArtefact {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(writtenAt, "writtenAt");
  }
}
