package io.rivalwatch.testsupport;

import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactStore;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A store that passes every call to another: a test overrides only the calls it counts or makes fail. */
public class ForwardingArtefactStore implements ArtefactStore {

  private final ArtefactStore store;

  public ForwardingArtefactStore(ArtefactStore store) {
    this.store = store;
  }

  /** Reads through {@code store} and adds to {@code reads} the path of each read in one of {@code phases}. */
  public static ArtefactStore recordingReads(ArtefactStore store, List<String> reads, String... phases) {
    List<String> counted = List.of(phases);
    return new ForwardingArtefactStore(store) {
      @Override
      public Optional<byte[]> read(ArtefactKey key) {
        if (counted.contains(key.phase())) {
          reads.add(key.path());
        }
        return super.read(key);
      }
    };
  }

  @Override
  public boolean createIfAbsent(ArtefactKey key, byte[] content, String contentType) {
    return store.createIfAbsent(key, content, contentType);
  }

  @Override
  public void overwrite(ArtefactKey key, byte[] content, String contentType) {
    store.overwrite(key, content, contentType);
  }

  @Override
  public Optional<byte[]> read(ArtefactKey key) {
    return store.read(key);
  }

  @Override
  public boolean exists(ArtefactKey key) {
    return store.exists(key);
  }

  @Override
  public List<ArtefactKey> list(String runId) {
    return store.list(runId);
  }

  @Override
  public URI locate(ArtefactKey key) {
    return store.locate(key);
  }
}
