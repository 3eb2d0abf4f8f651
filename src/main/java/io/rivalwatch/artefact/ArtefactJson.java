package io.rivalwatch.artefact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads and writes JSON artefacts; one mapper so every phase agrees on the format.
 *
 * <p>Artefacts written with {@link #createIfAbsent} never change (a key is written once), so what this worker wrote
 * or read is kept in a bounded cache: later jobs of the run read research, analyses and the plan without asking the
 * store again. Fewer calls to the store also means fewer chances for a flaky store to fail a job.
 */
@Component
public class ArtefactJson {

  private static final long CACHE_BYTES = 64L * 1024 * 1024;

  public static final String CONTENT_TYPE = "application/json";

  private final ObjectMapper mapper =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final ArtefactStore store;
  private final java.util.LinkedHashMap<String, byte[]> cache = new java.util.LinkedHashMap<>(256, 0.75f, true);
  private long cachedBytes;

  public ArtefactJson(ArtefactStore store) {
    this.store = store;
  }

  /** Writes the value unless the key exists; returns true when this call wrote it. */
  public boolean createIfAbsent(ArtefactKey key, Object value) {
    byte[] bytes = toBytes(value);
    boolean written = store.createIfAbsent(key, bytes, CONTENT_TYPE);
    if (written) {
      remember(key, bytes);
    }
    return written;
  }

  /**
   * Writes the value unless the key exists, and returns what is stored under the key: the value itself when this
   * call wrote it (no read back), else what an earlier attempt wrote.
   */
  public <T> T createOrRead(ArtefactKey key, T value, Class<T> type) {
    return createIfAbsent(key, value) ? value : require(key, type);
  }

  /** Writes or replaces an artefact that changes; such artefacts are never cached. */
  public void overwrite(ArtefactKey key, Object value) {
    forget(key);
    store.overwrite(key, toBytes(value), CONTENT_TYPE);
  }

  public <T> Optional<T> read(ArtefactKey key, Class<T> type) {
    byte[] cached = cached(key);
    if (cached != null) {
      return Optional.of(fromBytes(key, cached, type));
    }
    Optional<byte[]> stored = store.read(key);
    stored.ifPresent(bytes -> remember(key, bytes));
    return stored.map(bytes -> fromBytes(key, bytes, type));
  }

  /**
   * Reads an artefact that changes (one written with {@link #overwrite}) from the store every time: another worker
   * may have replaced it since this one last looked.
   */
  public <T> Optional<T> readCurrent(ArtefactKey key, Class<T> type) {
    return store.read(key).map(bytes -> fromBytes(key, bytes, type));
  }

  private synchronized byte[] cached(ArtefactKey key) {
    return cache.get(key.path());
  }

  private synchronized void remember(ArtefactKey key, byte[] bytes) {
    byte[] previous = cache.put(key.path(), bytes);
    cachedBytes += bytes.length - (previous == null ? 0 : previous.length);
    var eldest = cache.entrySet().iterator();
    while (cachedBytes > CACHE_BYTES && eldest.hasNext()) {
      cachedBytes -= eldest.next().getValue().length;
      eldest.remove();
    }
  }

  private synchronized void forget(ArtefactKey key) {
    byte[] previous = cache.remove(key.path());
    if (previous != null) {
      cachedBytes -= previous.length;
    }
  }

  /** Reads an artefact that an earlier step must have written; its absence is a broken run, not a retry case. */
  public <T> T require(ArtefactKey key, Class<T> type) {
    return read(key, type)
        .orElseThrow(() -> new MissingArtefactException("artefact " + key + " does not exist"));
  }

  private byte[] toBytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private <T> T fromBytes(ArtefactKey key, byte[] bytes, Class<T> type) {
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("artefact " + key + " is not a valid " + type.getSimpleName(), e);
    }
  }
}
