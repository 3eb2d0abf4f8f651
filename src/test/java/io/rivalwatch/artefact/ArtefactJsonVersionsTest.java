package io.rivalwatch.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rivalwatch.adapters.file.FileArtefactStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The envelope and the migrations, on a format of three versions that exists only here. */
class ArtefactJsonVersionsTest {

  /** Version 1 had "title"; version 2 renamed it "text"; version 3 added "priority". */
  record Note(String text, int priority, BigDecimal amount) {
    static final ArtefactFormat<Note> FORMAT = ArtefactFormat.of("test-note", Note.class)
        .version(2, from1 -> {
          ObjectNode note = (ObjectNode) from1;
          note.set("text", note.remove("title"));
          return note;
        })
        .version(3, from2 -> ((ObjectNode) from2).put("priority", 0));
  }

  record Other(String text) {
    static final ArtefactFormat<Other> FORMAT = ArtefactFormat.of("test-other", Other.class);
  }

  record WithoutFormat(String text) {}

  private static final ArtefactKey KEY = ArtefactKey.forRun("run-versions", "notes", "note.json");

  @TempDir
  Path root;

  private FileArtefactStore store;
  private ArtefactJson json;

  @BeforeEach
  void setUp() {
    store = new FileArtefactStore(root);
    json = new ArtefactJson(store, "rivalwatch 1.2.3");
  }

  @Test
  void writesTheTypeTheVersionAndTheWriterAroundTheRecord() {
    json.createIfAbsent(KEY, new Note("hello", 2, new BigDecimal("0.10")));

    assertThat(stored(KEY)).isEqualTo("""
        {
          "artefactType" : "test-note",
          "schemaVersion" : 3,
          "writtenBy" : "rivalwatch 1.2.3",
          "content" : {
            "text" : "hello",
            "priority" : 2,
            "amount" : 0.10
          }
        }""");
  }

  @Test
  void theSameContentIsStoredAsTheSameBytes() {
    ArtefactKey other = ArtefactKey.forRun("run-versions", "notes", "again.json");
    json.createIfAbsent(KEY, new Note("hello", 2, new BigDecimal("0.10")));
    new ArtefactJson(store, "rivalwatch 1.2.3").createIfAbsent(other, new Note("hello", 2, new BigDecimal("0.10")));

    assertThat(store.read(other).orElseThrow()).isEqualTo(store.read(KEY).orElseThrow());
  }

  @Test
  void readsTheBareRecordStoredBeforeVersionsAsVersionOneThroughEveryMigration() {
    put("""
        {"title": "from an older run", "amount": 0.10}""");

    assertThat(json.require(KEY, Note.class)).isEqualTo(new Note("from an older run", 0, new BigDecimal("0.10")));
  }

  @Test
  void readsEveryOlderVersionThroughItsMigrations() {
    put("""
        {"artefactType": "test-note", "schemaVersion": 1, "writtenBy": "rivalwatch 0.1.0",
         "content": {"title": "one", "amount": 1.50}}""");
    assertThat(json.readCurrent(KEY, Note.class)).contains(new Note("one", 0, new BigDecimal("1.50")));

    put("""
        {"artefactType": "test-note", "schemaVersion": 2, "writtenBy": "rivalwatch 0.2.0",
         "content": {"text": "two", "amount": 2.5}}""");
    assertThat(json.readCurrent(KEY, Note.class)).contains(new Note("two", 0, new BigDecimal("2.5")));

    put("""
        {"artefactType": "test-note", "schemaVersion": 3, "writtenBy": "rivalwatch 0.3.0",
         "content": {"text": "three", "priority": 7, "amount": 3}}""");
    assertThat(json.readCurrent(KEY, Note.class)).contains(new Note("three", 7, new BigDecimal("3")));
  }

  @Test
  void readsAnEnvelopeWhoseFieldsAreNotInTheWrittenOrder() {
    put("""
        {"artefactType": "test-note", "content": {"title": "edited by hand"}, "writtenBy": "rivalwatch 0.1.0",
         "schemaVersion": 1}""");

    assertThat(json.readCurrent(KEY, Note.class)).contains(new Note("edited by hand", 0, null));
  }

  @Test
  void refusesANewerVersionNamingTheRivalwatchThatWroteIt() {
    put("""
        {"artefactType": "test-note", "schemaVersion": 4, "writtenBy": "rivalwatch 2.0.0",
         "content": {"text": "from the future"}}""");

    assertThatThrownBy(() -> json.readCurrent(KEY, Note.class))
        .isInstanceOf(UnreadableArtefactException.class)
        .hasMessage("artefact run-versions/notes/_run/note.json is test-note version 4, written by rivalwatch 2.0.0;"
            + " this " + ArtefactJson.writer() + " reads test-note up to version 3. Read it with rivalwatch 2.0.0 or"
            + " a later rivalwatch.");
  }

  @Test
  void refusesAnArtefactOfAnotherType() {
    json.createIfAbsent(KEY, new Other("not a note"));

    assertThatThrownBy(() -> json.require(KEY, Note.class))
        .isInstanceOf(UnreadableArtefactException.class)
        .hasMessageContaining("holds a test-other (written by rivalwatch 1.2.3), not a test-note");
  }

  @Test
  void storesAndReadsOnlyRecordsThatDeclareAFormat() {
    assertThatThrownBy(() -> json.createIfAbsent(KEY, new WithoutFormat("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WithoutFormat is not a stored artefact format")
        .hasMessageContaining("ArtefactFormat.of(");
    assertThatThrownBy(() -> json.overwrite(KEY, java.util.Map.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class);
    put("{\"text\": \"x\"}");
    assertThatThrownBy(() -> json.readCurrent(KEY, WithoutFormat.class))
        .hasMessageContaining("is not a stored artefact format");
  }

  @Test
  void versionsAreDeclaredInOrderAndNamesAreChecked() {
    assertThatThrownBy(() -> ArtefactFormat.of("test-other", Other.class).version(3, content -> content))
        .hasMessageContaining("the next version is 2, not 3");
    assertThatThrownBy(() -> ArtefactFormat.of("Other Notes", Other.class))
        .hasMessageContaining("must be lower case letters and digits in words joined by '-'");
    assertThat(Note.FORMAT.version()).isEqualTo(3);
  }

  @Test
  void theWriterIsThisBuildsRivalwatchVersion() {
    assertThat(ArtefactJson.writer()).matches("rivalwatch \\d+\\.\\d+\\.\\d+\\S*");
    json = new ArtefactJson(store);
    json.createIfAbsent(KEY, new Other("x"));
    assertThat(stored(KEY)).contains("\"writtenBy\" : \"" + ArtefactJson.writer() + "\"");
  }

  private void put(String content) {
    store.overwrite(KEY, content.getBytes(StandardCharsets.UTF_8), ArtefactJson.CONTENT_TYPE);
  }

  private String stored(ArtefactKey key) {
    return new String(store.read(key).orElseThrow(), StandardCharsets.UTF_8);
  }
}
