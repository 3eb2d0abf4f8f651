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

/** Reads and writes JSON artefacts; one mapper so every phase agrees on the format. */
@Component
public class ArtefactJson {

  public static final String CONTENT_TYPE = "application/json";

  private final ObjectMapper mapper =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final ArtefactStore store;

  public ArtefactJson(ArtefactStore store) {
    this.store = store;
  }

  /** Writes the value unless the key exists; returns true when this call wrote it. */
  public boolean createIfAbsent(ArtefactKey key, Object value) {
    return store.createIfAbsent(key, toBytes(value), CONTENT_TYPE);
  }

  public void overwrite(ArtefactKey key, Object value) {
    store.overwrite(key, toBytes(value), CONTENT_TYPE);
  }

  public <T> Optional<T> read(ArtefactKey key, Class<T> type) {
    return store.read(key).map(bytes -> fromBytes(key, bytes, type));
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
