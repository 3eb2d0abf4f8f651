package io.rivalwatch.artefact;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stored format of one kind of JSON artefact: its type name, its schema version and the migrations that bring
 * every older version's content up to the current one. {@link ArtefactJson} writes each artefact with its type, version
 * and the rivalwatch version that wrote it (docs/artefact-formats.md), and reads older versions through the migrations.
 *
 * <p>A record becomes a storable artefact by declaring its format in a static field of its own, in one line:
 * <pre>{@code
 * public record FailedPage(String address, String reason, Instant failedAt) {
 *   static final ArtefactFormat<FailedPage> FORMAT = ArtefactFormat.of("failed-page", FailedPage.class);
 * }
 * }</pre>
 * {@link ArtefactJson} finds it there (as Java serialization finds {@code serialVersionUID}), so the format lives
 * with the record, and a record with no format cannot be stored. {@code ArtefactFormatsTest} finds every declared
 * format and fails when a format's JSON shape changed without a new version.
 *
 * <p>Changing the shape: add a version with the migration from the one before, e.g.
 * {@code ArtefactFormat.of("failed-page", FailedPage.class).version(2, from1 -> ...)}. A migration works on the JSON
 * tree of the content, since the older record no longer exists.
 */
public final class ArtefactFormat<T> {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** Each declared format, found once per class. */
  private static final ClassValue<ArtefactFormat<?>> DECLARED = new ClassValue<>() {
    @Override
    protected ArtefactFormat<?> computeValue(Class<?> type) {
      return findDeclared(type);
    }
  };

  /** Rewrites the content of one version into the content of the next one; may change the given tree. */
  @FunctionalInterface
  public interface Migration {
    JsonNode apply(JsonNode content);
  }

  private final String name;
  private final Class<T> type;
  /** The migration at index i turns version i + 1 into version i + 2. */
  private final List<Migration> migrations;

  private ArtefactFormat(String name, Class<T> type, List<Migration> migrations) {
    this.name = name;
    this.type = type;
    this.migrations = List.copyOf(migrations);
  }

  /**
   * Version 1 of a format. The content that rivalwatch stored before artefacts carried a version (the bare record,
   * with no envelope) is read as version 1.
   *
   * @param name the type's name in stored artefacts: lower case words joined by '-', unique, never changed
   */
  public static <T> ArtefactFormat<T> of(String name, Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("artefact format name '" + name + "' of " + type.getName()
          + " must be lower case letters and digits in words joined by '-', like 'failed-page'");
    }
    return new ArtefactFormat<>(name, type, List.of());
  }

  /**
   * The next version of this format.
   *
   * @param version this format's version plus one (spelled out so the declaration reads as the list of versions)
   * @param fromPrevious turns the content of {@code version - 1} into the content of {@code version}
   */
  public ArtefactFormat<T> version(int version, Migration fromPrevious) {
    if (version != version() + 1) {
      throw new IllegalArgumentException("artefact format " + name + " is at version " + version()
          + "; the next version is " + (version() + 1) + ", not " + version);
    }
    List<Migration> next = new ArrayList<>(migrations);
    next.add(Objects.requireNonNull(fromPrevious, "fromPrevious"));
    return new ArtefactFormat<>(name, type, next);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /** The version this rivalwatch writes. */
  public int version() {
    return migrations.size() + 1;
  }

  /** Brings content stored as {@code from} up to {@link #version()}, one migration after the other. */
  JsonNode migrate(JsonNode content, int from) {
    if (from < 1 || from > version()) {
      throw new IllegalArgumentException(name + " has no version " + from);
    }
    JsonNode migrated = content;
    for (int v = from; v < version(); v++) {
      migrated = migrations.get(v - 1).apply(migrated);
    }
    return migrated;
  }

  /** The format a class declares, or null. */
  @SuppressWarnings("unchecked")
  public static <T> ArtefactFormat<T> declaredBy(Class<T> type) {
    return (ArtefactFormat<T>) DECLARED.get(type);
  }

  /** The format a class declares, or an error that says how to declare one. */
  static <T> ArtefactFormat<T> requiredFor(Class<T> type) {
    ArtefactFormat<T> format = declaredBy(type);
    if (format == null) {
      throw new IllegalArgumentException(type.getName() + " is not a stored artefact format: declare "
          + "'static final ArtefactFormat<" + type.getSimpleName() + "> FORMAT = ArtefactFormat.of(\"its-name\", "
          + type.getSimpleName() + ".class);' in it and record its shape (docs/artefact-formats.md)");
    }
    return format;
  }

  private static ArtefactFormat<?> findDeclared(Class<?> type) {
    ArtefactFormat<?> found = null;
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ArtefactFormat.class) {
        ArtefactFormat<?> format;
        try {
          field.setAccessible(true);
          format = (ArtefactFormat<?>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalStateException("cannot read the artefact format " + type.getName() + "." + field.getName(),
              e);
        }
        if (format == null || format.type() != type) {
          throw new IllegalStateException(type.getName() + "." + field.getName() + " must be the format of "
              + type.getSimpleName() + " itself");
        }
        if (found != null) {
          throw new IllegalStateException(type.getName() + " declares more than one artefact format");
        }
        found = format;
      }
    }
    return found;
  }

  @Override
  public String toString() {
    return name + " v" + version();
  }
}
