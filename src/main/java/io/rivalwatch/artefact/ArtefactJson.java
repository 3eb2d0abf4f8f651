package io.rivalwatch.artefact;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads and writes JSON artefacts; one mapper so every phase agrees on the format.
 *
 * <p>Artefacts written with {@link #createIfAbsent} never change (a key is written once), so what this worker wrote
 * or read is kept in a bounded cache: later jobs of the run read research, analyses and the plan without asking the
 * store again. Fewer calls to the store also means fewer chances for a flaky store to fail a job.
 *
 * <p>Every artefact is stored in an envelope that names its format, the format's version and the rivalwatch that wrote
 * it, with the record as its content ({@link ArtefactFormat}, docs/artefact-formats.md):
 * <pre>{@code
 * {"artefactType": "failed-page", "schemaVersion": 1, "writtenBy": "rivalwatch 0.1.0", "content": {...}}
 * }</pre>
 * Reading migrates an older version (and the bare record stored before there were envelopes, which counts as version
 * 1) to the current one, and refuses a newer version, naming the rivalwatch that wrote it. The same content written by
 * the same rivalwatch gives the same bytes.
 */
@Component
public class ArtefactJson {

  private static final long CACHE_BYTES = 64L * 1024 * 1024;

  public static final String CONTENT_TYPE = "application/json";

  /** The envelope's fields, in the order they are written. */
  static final String TYPE = "artefactType";
  static final String VERSION = "schemaVersion";
  static final String WRITTEN_BY = "writtenBy";
  static final String CONTENT = "content";

  private static final ObjectMapper MAPPER = newMapper();
  /** For migrations: JSON trees that keep every decimal digit, so a migrated amount is the stored one. */
  private static final ObjectMapper TREES = newMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  private static final String THIS_WRITER = "rivalwatch " + rivalwatchVersion();

  private final ObjectMapper mapper = MAPPER;
  private final ArtefactStore store;
  private final String writtenBy;
  private final java.util.LinkedHashMap<String, byte[]> cache = new java.util.LinkedHashMap<>(256, 0.75f, true);
  private long cachedBytes;

  @Autowired
  public ArtefactJson(ArtefactStore store) {
    this(store, THIS_WRITER);
  }

  /** @param writtenBy the writer named in what this instance writes (tests: a fixture's writer) */
  ArtefactJson(ArtefactStore store, String writtenBy) {
    this.store = store;
    this.writtenBy = writtenBy;
  }

  /** The stored form's one mapper configuration. */
  static ObjectMapper newMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** This rivalwatch as stored artefacts name their writer, e.g. "rivalwatch 0.1.0". */
  public static String writer() {
    return THIS_WRITER;
  }

  /**
   * The stored bytes of a value, for the rare writer that stores them itself (a shared marker that must not take
   * room in this cache). Everything else writes through {@link #createIfAbsent} or {@link #overwrite}.
   */
  public static byte[] toJson(Object value) {
    return toBytes(value, THIS_WRITER);
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

  /** True when the key holds an artefact; one this instance wrote or read is known without asking the store. */
  public boolean exists(ArtefactKey key) {
    return cached(key) != null || store.exists(key);
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
    return toBytes(value, writtenBy);
  }

  private static byte[] toBytes(Object value, String writtenBy) {
    ArtefactFormat<?> format = ArtefactFormat.requiredFor(value.getClass());
    try {
      return MAPPER.writeValueAsBytes(new Envelope(format.name(), format.version(), writtenBy, value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** What is stored: the header, then the record. */
  record Envelope(String artefactType, int schemaVersion, String writtenBy, Object content) {}

  private <T> T fromBytes(ArtefactKey key, byte[] bytes, Class<T> type) {
    ArtefactFormat<T> format = ArtefactFormat.requiredFor(type);
    try (JsonParser parser = mapper.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
          || !TYPE.equals(parser.currentName())) {
        return fromUnversioned(bytes, format);
      }
      // the envelope as written: type, version, writer, content; the record is read straight from the parser
      String storedType = parser.nextTextValue();
      if (!field(parser, VERSION) || !parser.nextToken().isNumeric()) {
        return fromTree(key, TREES.readTree(bytes), format);
      }
      int version = parser.getIntValue();
      if (!field(parser, WRITTEN_BY)) {
        return fromTree(key, TREES.readTree(bytes), format);
      }
      String storedBy = parser.nextTextValue();
      if (!field(parser, CONTENT)) {
        return fromTree(key, TREES.readTree(bytes), format);
      }
      check(key, format, storedType, version, storedBy);
      parser.nextToken();
      if (version == format.version()) {
        return mapper.readValue(parser, type);
      }
      return migrated(TREES.readTree(parser), version, format);
    } catch (IOException e) {
      throw new UncheckedIOException("artefact " + key + " is not a valid " + format + " (" + type.getSimpleName()
          + "): " + e.getMessage(), e);
    }
  }

  private static boolean field(JsonParser parser, String name) throws IOException {
    return parser.nextToken() == JsonToken.FIELD_NAME && name.equals(parser.currentName());
  }

  /** The bare record that rivalwatch stored before artefacts had envelopes: version 1. */
  private <T> T fromUnversioned(byte[] bytes, ArtefactFormat<T> format) throws IOException {
    if (format.version() == 1) {
      return mapper.readValue(bytes, format.type());
    }
    return migrated(TREES.readTree(bytes), 1, format);
  }

  /** An envelope whose fields are not in the written order (edited by hand): read as a whole. */
  private <T> T fromTree(ArtefactKey key, JsonNode root, ArtefactFormat<T> format) throws IOException {
    JsonNode version = root.path(VERSION);
    if (!version.canConvertToExactIntegral() || !root.has(CONTENT)) {
      throw new UnreadableArtefactException("artefact " + key + " has an envelope without a whole-number "
          + VERSION + " or without " + CONTENT + "; it was not written by rivalwatch");
    }
    String storedBy = root.path(WRITTEN_BY).isTextual() ? root.get(WRITTEN_BY).asText() : null;
    check(key, format, root.path(TYPE).asText(null), version.asInt(), storedBy);
    return migrated(root.get(CONTENT), version.asInt(), format);
  }

  /**
   * Migrates older content, then reads it as the current version is read (from its text, not from the tree), so a
   * migrated record holds the same values as one stored in the current version: numbers in untyped places stay
   * doubles, for example.
   */
  private <T> T migrated(JsonNode content, int from, ArtefactFormat<T> format) throws IOException {
    return mapper.readValue(TREES.writeValueAsBytes(format.migrate(content, from)), format.type());
  }

  private static void check(ArtefactKey key, ArtefactFormat<?> format, String storedType, int version,
      String storedBy) {
    String writer = storedBy == null ? "an unnamed rivalwatch" : storedBy;
    if (!format.name().equals(storedType)) {
      throw new UnreadableArtefactException("artefact " + key + " holds a " + storedType + " (written by " + writer
          + "), not a " + format.name() + ": the key was read as the wrong type");
    }
    if (version > format.version()) {
      throw new UnreadableArtefactException("artefact " + key + " is " + format.name() + " version " + version
          + ", written by " + writer + "; this " + THIS_WRITER + " reads " + format.name() + " up to version "
          + format.version() + ". Read it with " + writer + " or a later rivalwatch.");
    }
    if (version < 1) {
      throw new UnreadableArtefactException("artefact " + key + " is " + format.name() + " version " + version
          + ", written by " + writer + "; versions start at 1");
    }
  }

  private static String rivalwatchVersion() {
    try (InputStream in = ArtefactJson.class.getResourceAsStream("rivalwatch-version.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version", "");
        if (!version.isBlank() && !version.startsWith("@")) {
          return version;
        }
      }
    } catch (IOException e) {
      // falls through: an artefact still names its writer, as unknown
    }
    return "(unknown version: built without rivalwatch-version.properties)";
  }
}
