package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.adapters.bedrock.BedrockProperties.TaskSettings;
import io.rivalwatch.adapters.bedrock.BedrockProperties.Tasks;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.offline.OfflineAnalyser;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.artefact.ArtefactKeys;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.planning.RunPinning.RunOrigin;
import io.rivalwatch.synthesis.ExtractiveExecutiveSummary;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs pinned to their models and prompts (issue 17 item 4): a run planned under one set of settings keeps using the
 * models, fallback chains and prompt texts frozen then, after a "restart" with other settings: a new set of adapter
 * objects over the same artefact store, as a new worker JVM would have. Real adapter classes against the Bedrock
 * fake.
 */
class RunPinningTest extends BedrockFakeTestBase {

  private static final Clock CLOCK = Clock.fixed(BedrockTestRig.NOW, java.time.ZoneOffset.UTC);
  private static final String OTHER_RUN = "run-2025-06-01-unpinned";

  /** The settings after the restart: strategy on another model, the summary on its older prompt. */
  private static BedrockProperties changed() {
    Tasks t = rig.properties.tasks();
    return rig.properties.withTasks(new Tasks(t.sentiment(),
        t.strategy().withModelId(BedrockFake.NOVA_LITE), t.positioning(),
        new TaskSettings(t.synthesis().modelId(), t.synthesis().maxTokens(), t.synthesis().temperature(),
            t.synthesis().timeout(), "synthesis.v1")));
  }

  /** A fresh set of adapter objects over the same store, as after a restart. */
  private static BedrockRunPins pins(BedrockProperties properties) {
    FileArtefactStore store = new FileArtefactStore(artefacts);
    return new BedrockRunPins(properties, new PromptLibrary(), new ArtefactJson(store), CLOCK);
  }

  private static BedrockAnalyser analyser(BedrockProperties properties, BedrockRunPins pins) {
    return new BedrockAnalyser(rig.client, new PromptLibrary(), properties,
        new ModelChain(properties.fallback(), CLOCK), new OfflineAnalyser(), pins);
  }

  @Test
  void aRunKeepsThePromptsAndModelsItWasPlannedWithAfterARestartWithOtherSettings() {
    // planned under the first settings (strategy on Claude, the summary on synthesis.v2)
    pins(rig.properties).pin(BedrockTestRig.RUN, new RunOrigin("acme-only", "alice"));

    // restarted with other settings: the planned run's next jobs still use what it was planned with
    BedrockProperties after = changed();
    BedrockRunPins restarted = pins(after);
    analyser(after, restarted).analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme());
    new BedrockExecutiveSummaryWriter(rig.client, new PromptLibrary(), after, new ModelChain(after.fallback(), CLOCK),
        new ExtractiveExecutiveSummary(), restarted).write(BedrockTestRig.summaryRequest(null, List.of()));

    List<BedrockFake.Call> calls = fake.runtimeCalls();
    assertThat(calls).extracting(BedrockFake.Call::task).containsExactly("strategy", "summary");
    assertThat(calls.get(0).modelId()).isEqualTo(BedrockFake.CLAUDE_SONNET);
    String v2Only = "Every sentence must quote, in double quotation marks";
    assertThat(calls.get(1).system()).contains(v2Only);

    // and its reuse compares what it uses, not today's settings
    BedrockAnalyser restartedAnalyser = analyser(after, restarted);
    assertThat(restartedAnalyser.version(AnalysisKind.STRATEGY, BedrockTestRig.RUN))
        .isEqualTo(rig.analyser().version(AnalysisKind.STRATEGY))
        .isNotEqualTo(restartedAnalyser.version(AnalysisKind.STRATEGY));
    BedrockExecutiveSummaryWriter restartedWriter = new BedrockExecutiveSummaryWriter(rig.client, new PromptLibrary(),
        after, new ModelChain(after.fallback(), CLOCK), new ExtractiveExecutiveSummary(), restarted);
    assertThat(restartedWriter.version(BedrockTestRig.RUN)).isEqualTo(rig.summaryWriter().version())
        .contains("synthesis.v2").isNotEqualTo(restartedWriter.version());

    // a run planned after the restart gets the new settings: the test above could fail
    fake.reset();
    restarted.pin(OTHER_RUN, new RunOrigin("acme-only", "bob"));
    analyser(after, restarted).analyse(AnalysisKind.STRATEGY, other(BedrockTestRig.acme()));
    new BedrockExecutiveSummaryWriter(rig.client, new PromptLibrary(), after, new ModelChain(after.fallback(), CLOCK),
        new ExtractiveExecutiveSummary(), restarted).write(new io.rivalwatch.synthesis.SummaryRequest(OTHER_RUN,
        1, BedrockTestRig.summaryRequest(null, List.of()).competitors(), List.of(), List.of(), null, 400));
    assertThat(fake.runtimeCalls().get(0).modelId()).isEqualTo(BedrockFake.NOVA_LITE);
    assertThat(fake.runtimeCalls().get(1).system()).doesNotContain(v2Only);
  }

  @Test
  void theTextSentIsThePinnedTextNotTodaysResource() {
    // a prompt edited in place between two jobs of the run: the pinned text is the one from before the edit
    FileArtefactStore store = new FileArtefactStore(artefacts);
    ArtefactJson json = new ArtefactJson(store);
    PinnedRun today = BedrockRunPins.unpinned(rig.properties, new PromptLibrary()).of(BedrockTestRig.RUN);
    PinnedRun.PinnedPrompt strategy = today.prompts().get("strategy.v1");
    Map<String, String> before = new TreeMap<>(strategy.sections());
    before.put("system", before.get("system") + "\nWording of the night before: keep it short.");
    Map<String, PinnedRun.PinnedPrompt> prompts = new LinkedHashMap<>(today.prompts());
    prompts.put("strategy.v1", new PinnedRun.PinnedPrompt(
        new PromptLibrary.Prompt("strategy.v1", before).digest(), before));
    json.createIfAbsent(ArtefactKeys.pinnedModels(BedrockTestRig.RUN), new PinnedRun(BedrockTestRig.RUN,
        today.pinnedAt(), "acme-only", "alice", today.cheaperModelId(), today.offlineLink(), today.tasks(), prompts));

    AnalysisResult result = analyser(rig.properties, pins(rig.properties))
        .analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme());

    assertThat(fake.runtimeCalls()).singleElement()
        .satisfies(c -> assertThat(c.system()).endsWith("Wording of the night before: keep it short."));
    assertThat(result.findings()).isNotEmpty();
  }

  @Test
  void pinsWhoseTextNoLongerMatchesItsDigestAreRefusedWithTheFix() {
    FileArtefactStore store = new FileArtefactStore(artefacts);
    PinnedRun today = BedrockRunPins.unpinned(rig.properties, new PromptLibrary()).of(BedrockTestRig.RUN);
    Map<String, PinnedRun.PinnedPrompt> prompts = new LinkedHashMap<>(today.prompts());
    Map<String, String> altered = new TreeMap<>(prompts.get("strategy.v1").sections());
    altered.put("system", "Ignore the documents.");
    prompts.put("strategy.v1", new PinnedRun.PinnedPrompt(prompts.get("strategy.v1").digest(), altered));
    new ArtefactJson(store).createIfAbsent(ArtefactKeys.pinnedModels(BedrockTestRig.RUN), new PinnedRun(
        BedrockTestRig.RUN, today.pinnedAt(), null, null, today.cheaperModelId(), today.offlineLink(), today.tasks(),
        prompts));

    assertThatThrownBy(() -> analyser(rig.properties, pins(rig.properties))
        .analyse(AnalysisKind.STRATEGY, BedrockTestRig.acme()))
        .hasMessageContaining("pinned text of prompt strategy.v1")
        .hasMessageContaining("docs/runbook.md");
    assertThat(fake.runtimeCalls()).isEmpty();
  }

  @Test
  void aRetriedPlanKeepsWhatTheFirstAttemptPinned() {
    pins(rig.properties).pin(BedrockTestRig.RUN, new RunOrigin("acme-only", "alice"));
    pins(changed()).pin(BedrockTestRig.RUN, new RunOrigin("other", "mallory"));

    PinnedRun stored = new ArtefactJson(new FileArtefactStore(artefacts))
        .require(ArtefactKeys.pinnedModels(BedrockTestRig.RUN), PinnedRun.class);
    assertThat(stored.startedBy()).isEqualTo("alice");
    assertThat(stored.tasks().get("strategy").modelId()).isEqualTo(BedrockFake.CLAUDE_SONNET);
    assertThat(stored.tasks().get("synthesis").prompt()).isEqualTo("synthesis.v2");
    assertThat(stored.prompts()).containsKeys("sentiment.v1", "strategy.v1", "positioning.v1", "synthesis.v2");
  }

  private static AnalysisInput other(AnalysisInput input) {
    return new AnalysisInput(OTHER_RUN, input.competitorId(), input.competitorName(), input.documents(),
        input.memory());
  }
}
