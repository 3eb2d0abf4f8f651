package io.rivalwatch.artefact;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage for documents, analyses and reports. Process variables carry {@link ArtefactKey#path()}
 * references into this store, never the documents themselves.
 */
public interface ArtefactStore {

  /**
   * Writes the artefact unless one already exists under the key (an idempotent write: a retried job never
   * overwrites the result of an attempt that already finished).
   *
   * @return true when this call wrote it, false when it was already there
   */
  boolean createIfAbsent(ArtefactKey key, byte[] content, String contentType);

  /** Writes or replaces a shared artefact that is meant to change, such as the dashboard index. */
  void overwrite(ArtefactKey key, byte[] content, String contentType);

  Optional<byte[]> read(ArtefactKey key);

  boolean exists(ArtefactKey key);

  /** Every artefact of a run, in path order. */
  List<ArtefactKey> list(String runId);

  /** An address a person can open (a file URI locally, a presigned HTTPS link in the cloud). */
  URI locate(ArtefactKey key);
}
