package io.rivalwatch.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.ReferencedClassObject;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.rivalwatch.adapters.file.FileArtefactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard over every stored JSON format (docs/artefact-formats.md). It finds each format declared in the main code
 * (a static {@link ArtefactFormat} field of a record) and checks, per format:
 * <ul>
 *   <li>its JSON shape is the one recorded for its version in {@code artefact-formats/<name>/v<n>.shape}: a format
 *       changed without a new version fails here;</li>
 *   <li>a fixture of every version ({@code v1.json} ... and {@code unversioned.json}, the bare record stored before
 *       there were versions) reads through the migrations and writes back as the current version's fixture, byte for
 *       byte;</li>
 *   <li>a newer version than this rivalwatch knows is refused, naming the rivalwatch that wrote it.</li>
 * </ul>
 * And over the code: every class the code reads from the store as JSON has a format, and only the known writers of
 * non-JSON artefacts write to the store directly.
 *
 * <p>{@code -Dartefact-formats.record=true} writes what is missing (never what exists) into src/test/resources: the
 * shape of a format's current version, and the current version's fixture migrated from the newest older one.
 */
class ArtefactFormatsTest {

  private static final Path RECORDED = Path.of("src/test/resources/artefact-formats");
  private static final boolean RECORD = Boolean.getBoolean("artefact-formats.record");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Classes that write non-JSON artefacts (Markdown, HTML) or bytes made by {@link ArtefactJson#toJson}. */
  private static final Set<String> RAW_WRITERS = Set.of(
      "io.rivalwatch.artefact.ArtefactJson",
      "io.rivalwatch.synthesis.ReportSynthesis",
      "io.rivalwatch.synthesis.ReportRebuilds",
      "io.rivalwatch.synthesis.ExecutiveSummaries",
      "io.rivalwatch.synthesis.SummaryReuse",
      "io.rivalwatch.distribution.DashboardPublisher",
      "io.rivalwatch.trends.TrendDashboard",
      "io.rivalwatch.resilience.BreakerSharing");

  private static final Set<String> READS = Set.of("read", "readCurrent", "require", "createOrRead");
  private static final Set<String> WRITES = Set.of("createIfAbsent", "overwrite");

  private static JavaClasses mainClasses;
  private static List<ArtefactFormat<?>> formats;

  @BeforeAll
  static void findFormats() {
    mainClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.rivalwatch");
    formats = new ArrayList<>();
    for (JavaClass c : mainClasses) {
      for (JavaField field : c.getFields()) {
        if (field.getModifiers().contains(JavaModifier.STATIC) && field.getRawType().isEquivalentTo(ArtefactFormat.class)) {
          formats.add(ArtefactFormat.declaredBy(c.reflect()));
        }
      }
    }
    formats.sort(java.util.Comparator.comparing(ArtefactFormat::name));
  }

  @Test
  void theMainCodeDeclaresItsFormatsEachWithItsOwnName() {
    assertThat(formats).extracting(ArtefactFormat::name).doesNotHaveDuplicates()
        .contains("analysis-result", "run-record", "gathered-source", "model-call", "audit-entry");
    for (ArtefactFormat<?> format : formats) {
      assertThat(ArtefactShapes.topLevelProperties(format.type()))
          .as("%s has a property named like the envelope's %s, so its bare form would pass for an envelope",
              format, ArtefactJson.TYPE)
          .doesNotContain(ArtefactJson.TYPE);
    }
  }

  @Test
  void everyRecordedFormatIsStillDeclared() throws IOException {
    Set<String> declared = new TreeSet<>(formats.stream().map(ArtefactFormat::name).toList());
    try (Stream<Path> dirs = Files.list(RECORDED)) {
      assertThat(dirs.map(d -> d.getFileName().toString()).toList())
          .as("folders in %s without a declared format (a format is never removed while stored artefacts of it"
              + " may be read; a renamed one keeps its name)", RECORDED)
          .allMatch(declared::contains);
    }
  }

  /** The guard: a format whose shape changed without a new version fails here. */
  @TestFactory
  Stream<DynamicTest> eachFormatsShapeIsTheOneRecordedForItsVersion() {
    return formats.stream().map(format -> DynamicTest.dynamicTest(format.toString(), () -> {
      Path recorded = RECORDED.resolve(format.name()).resolve("v" + format.version() + ".shape");
      if (!Files.exists(recorded) && RECORD) {
        Files.createDirectories(recorded.getParent());
        Files.writeString(recorded, ArtefactShapes.of(format));
      }
      shapeProblem(format, RECORDED).ifPresent(problem -> fail(problem));
    }));
  }

  /** A record whose "permanent" was added after its version 1 shape was recorded, with no new version. */
  record ChangedWithoutNewVersion(String address, String reason, boolean permanent) {
    static final ArtefactFormat<ChangedWithoutNewVersion> FORMAT =
        ArtefactFormat.of("test-changed", ChangedWithoutNewVersion.class);
  }

  /** The same change, declared as version 2. */
  record ChangedWithNewVersion(String address, String reason, boolean permanent) {
    static final ArtefactFormat<ChangedWithNewVersion> FORMAT =
        ArtefactFormat.of("test-changed", ChangedWithNewVersion.class)
            .version(2, from1 -> ((ObjectNode) from1).put("permanent", false));
  }

  @Test
  void theGuardFailsForAShapeChangedWithoutANewVersion_andPassesOnceTheVersionIsBumped() throws IOException {
    Path guardFixtures = Path.of("src/test/resources/artefact-format-guard");

    assertThat(shapeProblem(ChangedWithoutNewVersion.FORMAT, guardFixtures)).hasValueSatisfying(problem ->
        assertThat(problem)
            .contains("The JSON of test-changed", "changed, but its version is still 1")
            .contains("declare version 2 with a migration from 1")
            .contains("$.permanent: boolean"));
    assertThat(shapeProblem(ChangedWithNewVersion.FORMAT, guardFixtures)).isEmpty();
    assertThat(shapeProblem(ArtefactFormat.of("test-unrecorded", ChangedWithNewVersion.class), guardFixtures))
        .hasValueSatisfying(problem -> assertThat(problem).contains("test-unrecorded v1 has no recorded shape"));
  }

  private static java.util.Optional<String> shapeProblem(ArtefactFormat<?> format, Path recordedFormats)
      throws IOException {
    Path recorded = recordedFormats.resolve(format.name()).resolve("v" + format.version() + ".shape");
    String shape = ArtefactShapes.of(format);
    if (!Files.exists(recorded)) {
      return java.util.Optional.of(String.format("%s has no recorded shape. If it is new, add a sample as %s and run"
          + " this test with -Dartefact-formats.record=true (docs/artefact-formats.md). Its shape:%n%s",
          format, recordedFormats.resolve(format.name()).resolve("v1.json"), shape));
    }
    String expected = Files.readString(recorded);
    if (expected.equals(shape)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(String.format("The JSON of %s (%s) changed, but its version is still %d. Stored"
        + " artefacts of version %d would be read as the new shape. Either undo the change, or declare version %d with"
        + " a migration from %d (ArtefactFormat#version), add its fixture and record its shape"
        + " (docs/artefact-formats.md).%nRecorded (%s):%n%s%nNow:%n%s",
        format.name(), format.type().getName(), format.version(), format.version(), format.version() + 1,
        format.version(), recorded, expected, shape));
  }

  /** Migration tests: every version's fixture reads, and writes back as the current version's fixture. */
  @TestFactory
  Stream<DynamicTest> everyVersionsFixtureReadsAsTheCurrentVersion(@TempDir Path store) {
    return formats.stream().flatMap(format -> {
      Path dir = RECORDED.resolve(format.name());
      Path current = dir.resolve("v" + format.version() + ".json");
      recordCurrentFixture(format, dir, current, store);
      List<Path> fixtures = new ArrayList<>();
      if (Files.exists(dir.resolve("unversioned.json"))) {
        fixtures.add(dir.resolve("unversioned.json"));
      }
      for (int v = 1; v <= format.version(); v++) {
        fixtures.add(dir.resolve("v" + v + ".json"));
      }
      return fixtures.stream().map(fixture -> DynamicTest.dynamicTest(format.name() + " " + fixture.getFileName(),
          () -> {
            assertThat(fixture).as("every version of %s has a fixture", format).exists();
            assertThat(current).as("the current version of %s has a fixture", format).exists();
            byte[] expected = Files.readAllBytes(current);
            assertThat(Files.readAllBytes(fixture)).as("fixture %s", fixture).isNotEmpty();
            byte[] rewritten = readAndWriteBack(format, Files.readAllBytes(fixture), writerOf(expected), store);
            assertThat(new String(rewritten, StandardCharsets.UTF_8))
                .as("%s, read and written back as %s", fixture, current)
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
          }));
    });
  }

  /**
   * The bare record stored before artefacts had envelopes is version 1: for a format still at version 1, the
   * envelope's content is the same JSON (what nightly reuse reads from older runs).
   */
  @TestFactory
  Stream<DynamicTest> theUnversionedFormIsVersionOnesContent() {
    return formats.stream()
        .filter(format -> format.version() == 1)
        .filter(format -> Files.exists(RECORDED.resolve(format.name()).resolve("unversioned.json")))
        .map(format -> DynamicTest.dynamicTest(format.name(), () -> {
          Path dir = RECORDED.resolve(format.name());
          assertThat(JSON.readTree(dir.resolve("v1.json").toFile()).get(ArtefactJson.CONTENT))
              .isEqualTo(JSON.readTree(dir.resolve("unversioned.json").toFile()));
        }));
  }

  @TestFactory
  Stream<DynamicTest> aNewerVersionIsRefusedNamingTheRivalwatchThatWroteIt(@TempDir Path store) {
    return formats.stream().map(format -> DynamicTest.dynamicTest(format.toString(), () -> {
      Path current = RECORDED.resolve(format.name()).resolve("v" + format.version() + ".json");
      ObjectNode newer = (ObjectNode) JSON.readTree(current.toFile());
      newer.put(ArtefactJson.VERSION, format.version() + 1);
      newer.put(ArtefactJson.WRITTEN_BY, "rivalwatch 99.1.0");
      assertThatThrownBy(() -> readAndWriteBack(format, JSON.writeValueAsBytes(newer), "unused", store))
          .isInstanceOf(UnreadableArtefactException.class)
          .hasMessageContaining(format.name() + " version " + (format.version() + 1))
          .hasMessageContaining("written by rivalwatch 99.1.0")
          .hasMessageContaining("up to version " + format.version());
    }));
  }

  /**
   * A class the code reads from the store as JSON ({@code artefacts.read(key, X.class)}) must have a format: this
   * finds one without a format even when no test reads it.
   */
  @Test
  void everyClassReadAsAnArtefactHasAFormat() {
    assertThat(readWithoutFormat(mainClasses)).as("classes read from the store as JSON with no ArtefactFormat:"
        + " declare one in each (docs/artefact-formats.md)").isEmpty();
  }

  /** JSON goes through ArtefactJson (with a format); only these classes store other content themselves. */
  @Test
  void onlyTheWritersOfOtherContentWriteToTheStoreThemselves() {
    assertThat(rawWriters(mainClasses)).as("classes that write to the ArtefactStore directly: write JSON through"
        + " ArtefactJson with an ArtefactFormat (docs/artefact-formats.md); a writer of Markdown or HTML is added to"
        + " RAW_WRITERS").isEmpty();
  }

  /** What the two checks above would find in code that reads a Map and writes JSON bytes itself. */
  static final class CodeTheChecksFind {
    private final ArtefactJson json;
    private final ArtefactStore store;

    CodeTheChecksFind(ArtefactJson json, ArtefactStore store) {
      this.json = json;
      this.store = store;
    }

    Object readAMap(ArtefactKey key) {
      return json.read(key, Map.class);
    }

    void writeJsonBytes(ArtefactKey key) {
      store.createIfAbsent(key, "{}".getBytes(StandardCharsets.UTF_8), ArtefactJson.CONTENT_TYPE);
    }
  }

  @Test
  void theChecksFindAClassReadWithoutAFormat_andAClassThatWritesJsonBytesItself() {
    JavaClasses code = new ClassFileImporter().importClasses(CodeTheChecksFind.class);

    assertThat(readWithoutFormat(code)).containsOnlyKeys("java.util.Map");
    assertThat(rawWriters(code)).containsOnlyKeys(ArtefactFormatsTest.class.getName());
  }

  private static Map<String, String> readWithoutFormat(JavaClasses code) {
    Map<String, String> withoutFormat = new TreeMap<>();
    for (JavaClass c : code) {
      for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
        if (!call.getTargetOwner().isEquivalentTo(ArtefactJson.class) || !READS.contains(call.getName())) {
          continue;
        }
        for (ReferencedClassObject literal : call.getOrigin().getReferencedClassObjects()) {
          Class<?> read = literal.getRawType().reflect();
          // an enum's class is a key type (EnumMap), never a stored artefact of its own
          if (!read.isEnum() && ArtefactFormat.declaredBy(read) == null) {
            withoutFormat.put(read.getName(), literal.getSourceCodeLocation().toString());
          }
        }
      }
    }
    return withoutFormat;
  }

  private static Map<String, String> rawWriters(JavaClasses code) {
    Map<String, String> writers = new TreeMap<>();
    for (JavaClass c : code) {
      if (c.isAssignableTo(ArtefactStore.class)) {
        continue;
      }
      for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
        if (call.getTargetOwner().isAssignableTo(ArtefactStore.class) && WRITES.contains(call.getName())) {
          String topLevel = c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName();
          if (!RAW_WRITERS.contains(topLevel)) {
            writers.put(topLevel, call.getSourceCodeLocation().toString());
          }
        }
      }
    }
    return writers;
  }

  private static byte[] readAndWriteBack(ArtefactFormat<?> format, byte[] stored, String writer, Path root) {
    FileArtefactStore store = new FileArtefactStore(root);
    ArtefactKey from = ArtefactKey.forRun("run-fixture", "formats", "from-" + System.nanoTime() + ".json");
    ArtefactKey to = ArtefactKey.forRun("run-fixture", "formats", "to-" + System.nanoTime() + ".json");
    store.createIfAbsent(from, stored, ArtefactJson.CONTENT_TYPE);
    ArtefactJson json = new ArtefactJson(store, writer);
    json.createIfAbsent(to, json.require(from, format.type()));
    return store.read(to).orElseThrow();
  }

  private static String writerOf(byte[] envelope) {
    try {
      return JSON.readTree(envelope).path(ArtefactJson.WRITTEN_BY).asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Record mode: the current version's fixture, migrated from the newest older one, when it is missing. */
  private static void recordCurrentFixture(ArtefactFormat<?> format, Path dir, Path current, Path store) {
    if (!RECORD || Files.exists(current)) {
      return;
    }
    Map<Integer, Path> older = new HashMap<>();
    older.put(0, dir.resolve("unversioned.json"));
    for (int v = 1; v < format.version(); v++) {
      older.put(v, dir.resolve("v" + v + ".json"));
    }
    for (int v = format.version() - 1; v >= 0; v--) {
      if (Files.exists(older.get(v))) {
        try {
          Files.write(current, readAndWriteBack(format, Files.readAllBytes(older.get(v)), ArtefactJson.writer(),
              store));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return;
      }
    }
  }
}
