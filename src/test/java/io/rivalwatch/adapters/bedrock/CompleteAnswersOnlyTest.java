package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.cost.ModelCall;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.BedrockFake.Fault;
import io.rivalwatch.fakes.BedrockFake.Served;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Only whole answers count: a ConverseStream without its messageStop or metadata event, or a Converse body cut off,
 * is a transient {@link IncompleteAnswerException} and its text is never used; every call that reached the model is
 * in the usage ledger, with the usage the fake reported or, when it sent none, an estimate marked as such.
 */
class CompleteAnswersOnlyTest extends BedrockFakeTestBase {

  static Stream<Arguments> cutStreams() {
    return Stream.of(
        Arguments.of("cut at an event boundary", Fault.cutStream(), "without its messageStop and metadata events"),
        Arguments.of("cut in the middle of an event", Fault.cutStreamMidEvent(), "without its messageStop"),
        Arguments.of("no metadata event", Fault.streamWithoutMetadata(), "without its metadata event"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cutStreams")
  void aCutStreamIsATransientFailure_recordedWithItsEstimateAndThenAskedAgain(String name, Fault fault,
      String said) {
    String model = rig.properties.tasks().synthesis().modelId();
    fake.failNext(model, 1, fault);
    var writer = rig.summaryWriter();

    assertThatThrownBy(() -> writer.write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(IncompleteAnswerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
          assertThat(e.service()).isEqualTo("bedrock:" + model);
          assertThat(e.getMessage()).contains(said);
        });
    Served cut = fake.served().getFirst();
    assertThat(cut.complete()).isFalse();
    assertThat(rig.recorded()).singleElement().satisfies(call -> {
      assertThat(call.estimated()).isTrue();
      assertThat(call.inputTokens()).isEqualTo(ModelCall.estimateTokens(cut.promptCharacters()));
      assertThat(call.outputTokens()).isEqualTo(ModelCall.estimateTokens(cut.answerCharacters())).isPositive();
    });

    // the retry gets the whole answer; the ledger holds both calls, each as served
    Optional<String> summary = writer.write(BedrockTestRig.summaryRequest(null, List.of()));
    assertThat(summary).isPresent();
    assertLedgerEqualsWhatTheFakeServed();
  }

  @Test
  void aConverseBodyCutOffIsATransientFailure_recordedAtTheMostItMayHaveCost() {
    String model = rig.properties.tasks().sentiment().modelId();
    fake.failNext(model, 1, Fault.truncatedBody());

    assertThatThrownBy(() -> rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()))
        .isInstanceOfSatisfying(IncompleteAnswerException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
          assertThat(e.getMessage()).contains("body was cut off");
        });
    Served cut = fake.served().getFirst();
    assertThat(rig.recorded()).singleElement().satisfies(call -> {
      assertThat(call.estimated()).isTrue();
      assertThat(call.inputTokens()).isEqualTo(ModelCall.estimateTokens(cut.promptCharacters()));
      // how much text came is unknown: the task's most output tokens are counted
      assertThat(call.outputTokens()).isEqualTo((long) rig.properties.tasks().sentiment().maxTokens());
    });
    assertThat(rig.analyser().analyse(AnalysisKind.SENTIMENT, BedrockTestRig.acme()).findings()).isNotEmpty();
    assertThat(rig.recorded()).hasSize(2).filteredOn(ModelCall::estimated).hasSize(1);
  }

  @Test
  void aMidStreamErrorAfterTheFirstDeltas_isRecordedWithAnEstimateToo() {
    String model = rig.properties.tasks().synthesis().modelId();
    fake.failNext(model, 1, Fault.midStreamThrottling());

    assertThatThrownBy(() -> rig.summaryWriter().write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(io.rivalwatch.failure.OutsideServiceException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
    Served cut = fake.served().getFirst();
    assertThat(rig.recorded()).singleElement().satisfies(call -> {
      assertThat(call.estimated()).isTrue();
      assertThat(call.outputTokens()).isEqualTo(ModelCall.estimateTokens(cut.answerCharacters())).isPositive();
    });
  }

  @Test
  void aCallRefusedBeforeAnswering_isNotRecorded() {
    String model = rig.properties.tasks().synthesis().modelId();
    fake.failNext(model, 1, Fault.throttling(null));

    assertThatThrownBy(() -> rig.summaryWriter().write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOf(io.rivalwatch.failure.OutsideServiceException.class);
    assertThat(rig.recorded()).isEmpty();
  }

  private void assertLedgerEqualsWhatTheFakeServed() {
    List<Served> served = fake.served();
    List<ModelCall> recorded = rig.recorded();
    assertThat(recorded).hasSameSizeAs(served);
    long input = 0;
    long output = 0;
    for (Served s : served) {
      input += s.inputTokens() != null ? s.inputTokens() : ModelCall.estimateTokens(s.promptCharacters());
      output += s.outputTokens() != null ? s.outputTokens() : ModelCall.estimateTokens(s.answerCharacters());
    }
    assertThat(recorded.stream().mapToLong(ModelCall::inputTokens).sum()).isEqualTo(input);
    assertThat(recorded.stream().mapToLong(ModelCall::outputTokens).sum()).isEqualTo(output);
    assertThat(recorded).filteredOn(ModelCall::estimated).hasSize((int) served.stream()
        .filter(s -> s.inputTokens() == null).count());
  }
}
