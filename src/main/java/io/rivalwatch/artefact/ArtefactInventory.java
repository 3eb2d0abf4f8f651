package io.rivalwatch.artefact;

import java.util.List;

/**
 * What retention needs of a store beyond {@link ArtefactStore}: every area (a run id, or an area that spans runs such
 * as {@code history}), what each holds with its age, and deletion. Implemented by the file and S3 stores beside
 * {@link ArtefactStore}; kept apart so the stores that only read and write (test doubles, wrappers) need not delete.
 */
public interface ArtefactInventory {

  /** The top-level areas of the store (run ids and the areas that span runs), in name order. */
  List<String> areas();

  /** Every artefact of one area with when it was written and its size, in path order. */
  List<StoredArtefact> stored(String area);

  /** Deletes the artefact; deleting one that is not there is no failure (S3 answers both alike). */
  void delete(ArtefactKey key);
}
