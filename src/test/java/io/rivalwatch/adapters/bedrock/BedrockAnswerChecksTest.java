package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.adapters.bedrock.AnalysisAnswer.Checked;
import io.rivalwatch.adapters.bedrock.AnalysisAnswer.Invalid;
import io.rivalwatch.adapters.bedrock.AnalysisAnswer.NotPossible;
import io.rivalwatch.adapters.bedrock.AnalysisAnswer.Valid;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict checks of analysis answers and the choice of documents, without a model. */
class BedrockAnswerChecksTest {

  private static final Map<String, String> CITABLE = Map.of("https://a.example/1", "https://a.example/1",
      "https://a.example/q?x=%22y%22", "https://a.example/q?x=\"y\"");

  private static Checked check(AnalysisKind kind, String text) {
    return AnalysisAnswer.check(kind, new ModelReply(text, "end_turn", 1, 1, 0, 0, true, 1), CITABLE);
  }

  private static String answer(String findingScore, String metrics) {
    return "{\"summary\": \"Acme is fine.\", \"findings\": [{\"category\": \"tone\", \"statement\": \"Users like it.\","
        + " \"evidence\": \"we like it\", \"sourceUrls\": [\"https://a.example/1\"], \"score\": " + findingScore + "}],"
        + " \"metrics\": " + metrics + "}";
  }

  private static List<String> errors(Checked checked) {
    assertThat(checked).isInstanceOf(Invalid.class);
    return ((Invalid) checked).errors();
  }

  @Test
  void aFencedAnswerIsRead() {
    Checked checked = check(AnalysisKind.SENTIMENT, "```json\n" + answer("0.5", "{\"score\": 0.3}") + "\n```");

    assertThat(checked).isInstanceOfSatisfying(Valid.class, v -> {
      assertThat(v.summary()).isEqualTo("Acme is fine.");
      assertThat(v.findings()).singleElement().satisfies(f -> assertThat(f.score()).isEqualTo(0.5));
      assertThat(v.metrics()).containsEntry("score", 0.3);
    });
  }

  @Test
  void textAroundTheObjectOrDuplicateKeysAreNotAccepted() {
    assertThat(errors(check(AnalysisKind.STRATEGY, "Sure! " + answer("0.5", "{}"))))
        .anySatisfy(e -> assertThat(e).contains("not one valid JSON object"));
    assertThat(errors(check(AnalysisKind.STRATEGY, answer("0.5", "{}") + " Hope this helps.")))
        .anySatisfy(e -> assertThat(e).contains("not one valid JSON object"));
    assertThat(errors(check(AnalysisKind.STRATEGY, "{\"summary\": \"a\", \"summary\": \"b\"}")))
        .anySatisfy(e -> assertThat(e).contains("Duplicate field"));
  }

  @Test
  void scoresOutOfRangeAndMissingMetricsAreListed() {
    assertThat(errors(check(AnalysisKind.SENTIMENT, answer("1.5", "{\"score\": -2}"))))
        .contains("findings[0].score 1.5 is outside -1 to 1 (-1 very negative, 1 very positive)",
            "metrics.score -2 is outside -1 to 1");
    assertThat(errors(check(AnalysisKind.STRATEGY, answer("-0.2", "{}"))))
        .contains("findings[0].score -0.2 is outside 0 to 1 (confidence)");
    assertThat(errors(check(AnalysisKind.SENTIMENT, answer("null", "{}"))))
        .anySatisfy(e -> assertThat(e).startsWith("metrics.score is required"));
    assertThat(errors(check(AnalysisKind.POSITIONING, answer("0.5",
        "{\"segmentCounts\": {\"enterprise\": \"three\"}, \"pricePoints\": [\"$9\", 9]}"))))
        .contains("metrics.segmentCounts[\"enterprise\"] must be a non-negative whole number under a non-empty"
            + " segment name", "metrics.pricePoints[1] must be a non-empty string");
  }

  @Test
  void aUrlWrittenInItsPromptFormIsMappedBackToTheGatheredUrl() {
    String text = answer("0.5", "{}").replace("https://a.example/1", "https://a.example/q?x=%22y%22");

    assertThat(check(AnalysisKind.STRATEGY, text)).isInstanceOfSatisfying(Valid.class,
        v -> assertThat(v.findings().get(0).sourceUrls()).containsExactly("https://a.example/q?x=\"y\""));
  }

  @Test
  void noFindingsIsInvalidButASaidNotPossibleIsABusinessOutcome() {
    assertThat(errors(check(AnalysisKind.STRATEGY, "{\"summary\": \"x\", \"findings\": [], \"metrics\": {}}")))
        .anySatisfy(e -> assertThat(e).startsWith("findings is empty"));
    assertThat(check(AnalysisKind.STRATEGY, "{\"notPossible\": \"the pages are cookie banners\"}"))
        .isEqualTo(new NotPossible("the pages are cookie banners"));
  }

  @Test
  void anAnswerCutOffAtTheTokenLimitSaysSo() {
    Checked checked = AnalysisAnswer.check(AnalysisKind.STRATEGY,
        new ModelReply("{\"summary\": \"a", "max_tokens", 1, 1, 0, 0, true, 1), CITABLE);

    assertThat(errors(checked)).anySatisfy(e -> assertThat(e).contains("cut off at the output token limit"));
  }

  @Test
  void duplicatesAndEmptyDocumentsAreLeftOutAndKindsTakeTurns() {
    List<SourceDocument> documents = List.of(
        BedrockTestRig.document("https://w.example/1", "W1", SourceKind.WEBSITE, "Website one."),
        BedrockTestRig.document("https://w.example/2", "W2", SourceKind.WEBSITE, "Website two."),
        BedrockTestRig.document("https://s.example/1", "S1", SourceKind.SOCIAL, "Social one."),
        BedrockTestRig.document("https://s.example/copy", "S1 again", SourceKind.SOCIAL, "Social one."),
        BedrockTestRig.document("https://n.example/1", "N1", SourceKind.NEWS, " "));

    DocumentBudget.Selection selection = DocumentBudget.select(AnalysisKind.SENTIMENT, documents, 10_000);

    assertThat(selection.included()).extracting(i -> i.document().url())
        .containsExactly("https://s.example/1", "https://w.example/1", "https://w.example/2");
    assertThat(selection.duplicates()).isEqualTo(1);
    assertThat(selection.empty()).isEqualTo(1);
    assertThat(selection.note()).contains("5 documents were gathered; 3 are included above.")
        .contains("1 duplicate was left out.").contains("1 without text was left out.");
  }

  @Test
  void promptIdsAreCheckedAndSectionsRenderedInOnePass() {
    PromptLibrary prompts = new PromptLibrary();
    PromptLibrary.Prompt strategy = prompts.get("strategy.v1");

    String user = strategy.render("user", Map.of("competitor", "Acme", "documents", "{{competitor}} {{errors}}",
        "inputNote", "n", "earlierContext", "c"));

    assertThat(user).contains("Competitor: Acme").contains("{{competitor}} {{errors}}");
    assertThat(strategy.task()).isEqualTo("strategy");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> prompts.get("strategy.v9"))
        .hasMessageContaining("prompts/strategy.v9.md not found");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> strategy.render("repair", Map.of()))
        .hasMessageContaining("uses {{errors}}, which has no value");
  }

  @Test
  void inferenceProfilesAreToldFromFoundationModels() {
    assertThat(BedrockProperties.isInferenceProfile("us.anthropic.claude-3-5-sonnet-20240620-v1:0")).isTrue();
    assertThat(BedrockProperties.isInferenceProfile("global.anthropic.claude-sonnet-4-20250514-v1:0")).isTrue();
    assertThat(BedrockProperties.isInferenceProfile("apac.amazon.nova-lite-v1:0")).isTrue();
    assertThat(BedrockProperties.isInferenceProfile(
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0")).isTrue();
    assertThat(BedrockProperties.isInferenceProfile(
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123")).isTrue();
    assertThat(BedrockProperties.isInferenceProfile("amazon.nova-lite-v1:0")).isFalse();
    assertThat(BedrockProperties.isInferenceProfile("us.")).isFalse();
    assertThat(BedrockProperties.isInferenceProfile(
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0")).isFalse();
  }
}
