package io.rivalwatch.analysis;

import io.rivalwatch.artefact.ArtefactKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.planning.InvalidConfigurationException;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.testsupport.StoredRuns;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change detection across runs: which analyses a run makes again and which it reuses. */
class IncrementalAnalysisTest {

  private static final String ACME_HOME = "Acme Analytics is the business intelligence platform for enterprise data "
      + "teams. Customers love how fast Ask Acme answers questions in plain English. More than 1,400 enterprises "
      + "run their weekly business reviews on Acme, and analysts praise its governed semantic layer.";
  private static final String ACME_PRICING = "Simple pricing that grows with you. The Team plan costs $49 per user "
      + "per month. The Business plan costs $89 per user per month for mid-market companies. Enterprise customers "
      + "get custom pricing and a dedicated success manager.";
  private static final String GLOBEX_HOME = "Globex Data builds open source data pipelines for small businesses. "
      + "Its community edition is free forever. Reviewers complain that support is slow, but users like the "
      + "connectors and the simple setup for startups.";

  @TempDir Path directory;
  private StoredRuns runs;

  @BeforeEach
  void firstNight() {
    runs = new StoredRuns(directory);
    night("run-1", null, ACME_PRICING);
    runs.analyseAll("run-1", "acme");
    runs.analyseAll("run-1", "globex");
    assertThat(runs.analyser().takeCalls()).hasSize(6);
  }

  @Test
  void aSecondRunOverUnchangedDocuments_callsNoAnalyser_andCopiesTheEarlierResults() {
    night("run-2", null, ACME_PRICING);

    runs.analyseAll("run-2", "acme");
    runs.analyseAll("run-2", "globex");

    assertThat(runs.analyser().takeCalls()).isEmpty();
    for (AnalysisKind kind : AnalysisKind.values()) {
      assertThat(runs.json().require(ArtefactKeys.analysis("run-2", "acme", kind.id()), AnalysisResult.class))
          .isEqualTo(runs.json().require(ArtefactKeys.analysis("run-1", "acme", kind.id()), AnalysisResult.class));
      AnalysisProvenance provenance = runs.reuse().provenance("run-2", "acme", kind).orElseThrow();
      assertThat(provenance.reused()).isTrue();
      assertThat(provenance.analysedIn()).isEqualTo("run-1");
      assertThat(provenance.reason()).isEqualTo("documents unchanged since run run-1");
    }
    assertThat(runs.reuse().describe("run-2"))
        .hasValue("6 analyses: 0 made by the analyser, 6 reused from earlier runs (documents unchanged)");
    assertThat(runs.reuse().describe("run-1"))
        .hasValue("6 analyses: 6 made by the analyser, 0 reused from earlier runs (documents unchanged)");
  }

  /**
   * Nightly reuse reads earlier runs' JSON: a run stored before artefacts had versions (the bare records, as
   * rivalwatch wrote them until then) is reused by the next night, which stores its own with versions.
   */
  @Test
  void aRunStoredBeforeArtefactsHadVersions_isReusedByTheNextNight() throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    List<Path> stored;
    try (Stream<Path> files = Files.walk(directory.resolve("artefacts"))) {
      stored = files.filter(f -> f.toString().endsWith(".json")).toList();
    }
    for (Path file : stored) {
      Files.write(file, mapper.writeValueAsBytes(mapper.readTree(file.toFile()).get("content")));
    }
    String bareAnalysis = Files.readString(artefact(ArtefactKeys.analysis("run-1", "acme", "sentiment")));
    assertThat(bareAnalysis).doesNotContain("schemaVersion").contains("\"kind\" : \"SENTIMENT\"");
    runs = new StoredRuns(directory);

    night("run-2", null, ACME_PRICING);
    runs.analyseAll("run-2", "acme");

    assertThat(runs.analyser().takeCalls()).isEmpty();
    assertThat(runs.reuse().provenance("run-2", "acme", AnalysisKind.SENTIMENT).orElseThrow().analysedIn())
        .isEqualTo("run-1");
    assertThat(runs.json().require(ArtefactKeys.analysis("run-2", "acme", "sentiment"), AnalysisResult.class))
        .isEqualTo(runs.json().require(ArtefactKeys.analysis("run-1", "acme", "sentiment"), AnalysisResult.class));
    assertThat(Files.readString(artefact(ArtefactKeys.analysis("run-2", "acme", "sentiment"))))
        .contains("\"artefactType\" : \"analysis-result\"", "\"schemaVersion\" : 1");
    assertThat(Files.readString(artefact(ArtefactKeys.analysis("run-1", "acme", "sentiment"))))
        .as("reading an older run leaves it as it was").isEqualTo(bareAnalysis);
  }

  private Path artefact(io.rivalwatch.artefact.ArtefactKey key) {
    return directory.resolve("artefacts").resolve(key.path());
  }

  @Test
  void oneCompetitorsPageChanged_onlyThatCompetitorIsAnalysedAgain() {
    night("run-2", null, ACME_PRICING.replace("$49", "$59"));

    runs.analyseAll("run-2", "acme");
    runs.analyseAll("run-2", "globex");

    assertThat(runs.analyser().takeCalls())
        .containsExactlyInAnyOrder("acme/sentiment", "acme/strategy", "acme/positioning");
    AnalysisProvenance acme = runs.reuse().provenance("run-2", "acme", AnalysisKind.POSITIONING).orElseThrow();
    assertThat(acme.reused()).isFalse();
    assertThat(acme.analysedIn()).isEqualTo("run-2");
    assertThat(acme.reason()).isEqualTo("documents changed since run run-1: 1 changed, 0 new, 0 gone");
    assertThat(runs.reuse().provenance("run-2", "globex", AnalysisKind.POSITIONING).orElseThrow().reused()).isTrue();

    // the night after, acme's new analysis is the one to reuse
    night("run-3", null, ACME_PRICING.replace("$49", "$59"));
    runs.analyseAll("run-3", "acme");
    assertThat(runs.analyser().takeCalls()).isEmpty();
    assertThat(runs.reuse().provenance("run-3", "acme", AnalysisKind.SENTIMENT).orElseThrow().analysedIn())
        .isEqualTo("run-2");
  }

  @Test
  void aThirdUnchangedRun_namesTheRunThatMadeTheAnalysis_notTheOneItWasCopiedFrom() {
    night("run-2", null, ACME_PRICING);
    runs.analyseAll("run-2", "acme");
    night("run-3", null, ACME_PRICING);
    runs.analyseAll("run-3", "acme");

    assertThat(runs.analyser().takeCalls()).isEmpty();
    AnalysisProvenance third = runs.reuse().provenance("run-3", "acme", AnalysisKind.STRATEGY).orElseThrow();
    assertThat(third.copiedFrom()).isEqualTo("run-2");
    assertThat(third.analysedIn()).isEqualTo("run-1");
  }

  @Test
  void aFullRefresh_analysesEverythingAgain() {
    night("run-2", "full", ACME_PRICING);

    runs.analyseAll("run-2", "acme");
    runs.analyseAll("run-2", "globex");

    assertThat(runs.analyser().takeCalls()).hasSize(6);
    assertThat(runs.reuse().provenance("run-2", "globex", AnalysisKind.SENTIMENT).orElseThrow().reason())
        .isEqualTo("full refresh");
  }

  @Test
  void aChangedPromptOrWordList_analysesEverythingAgain() {
    runs.analyser().changeVersion(", word lists edited");
    night("run-2", null, ACME_PRICING);

    runs.analyseAll("run-2", "acme");

    assertThat(runs.analyser().takeCalls()).hasSize(3);
    assertThat(runs.reuse().provenance("run-2", "acme", AnalysisKind.SENTIMENT).orElseThrow().reason())
        .isEqualTo("analyser changed since run run-1");
  }

  @Test
  void anEarlierResultNoLongerStored_isAnalysedAgain() throws Exception {
    java.nio.file.Files.delete(directory.resolve("artefacts/run-1/analysis/acme/sentiment.json"));
    night("run-2", null, ACME_PRICING);

    runs.analyseAll("run-2", "acme");

    assertThat(runs.analyser().takeCalls()).containsExactly("acme/sentiment");
    assertThat(runs.reuse().provenance("run-2", "acme", AnalysisKind.SENTIMENT).orElseThrow().reason())
        .isEqualTo("the result of run run-1 is no longer stored");
  }

  @Test
  void aRepeatedJob_inTheSameRun_followsTheFirstDecision() {
    night("run-2", null, ACME_PRICING);
    runs.analyseAll("run-2", "acme");
    // a later run of another night moves the index on; a parked analysis of run-2 retried now must not notice
    night("run-3", "full", ACME_PRICING);
    runs.analyseAll("run-3", "acme");
    runs.analyser().takeCalls();

    runs.analyseAll("run-2", "acme");

    assertThat(runs.analyser().takeCalls()).isEmpty();
    assertThat(runs.reuse().provenance("run-2", "acme", AnalysisKind.SENTIMENT).orElseThrow().copiedFrom())
        .isEqualTo("run-1");
  }

  @Test
  void aRefreshThatIsNotAMode_isRefusedNamingTheVariableAndTheFix() {
    assertThatThrownBy(() -> runs.plan("run-2", "everything", "acme", "Acme Analytics"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("refresh: 'everything' is not a refresh mode. Fix: write incremental");
  }

  /** Plans a run of acme and globex and stores what research found; acme's pricing page says {@code pricing}. */
  private void night(String runId, String refresh, String pricing) {
    runs.nextNight();
    runs.plan(runId, refresh, "acme", "Acme Analytics", "globex", "Globex Data");
    runs.gathered(runId, "acme",
        runs.document(SourceKind.WEBSITE, "https://acme.example/", "Acme Analytics", ACME_HOME),
        runs.document(SourceKind.WEBSITE, "https://acme.example/pricing", "Pricing", pricing));
    runs.gathered(runId, "globex",
        runs.document(SourceKind.WEBSITE, "https://globex.example/", "Globex Data", GLOBEX_HOME));
  }
}
