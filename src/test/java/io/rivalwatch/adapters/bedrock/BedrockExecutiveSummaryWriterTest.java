package io.rivalwatch.adapters.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.analysis.ModelOutputInvalidException;
import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.fakes.BedrockFake;
import io.rivalwatch.fakes.BedrockFake.Call;
import io.rivalwatch.fakes.BedrockFake.Fault;
import io.rivalwatch.synthesis.SummaryRequest;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The executive summary through ConverseStream: a real AWS event stream from the fake, decoded by the SDK. */
class BedrockExecutiveSummaryWriterTest extends BedrockFakeTestBase {
  private BedrockExecutiveSummaryWriter writer;
  private String model;

  @BeforeEach
  void setUp() {
    writer = rig.summaryWriter();
    model = rig.properties.tasks().synthesis().modelId();
  }

  @Test
  void theStreamedDeltasAreJoinedIntoOneSummaryAndItsUsageIsRecorded() {
    Optional<String> summary = writer.write(BedrockTestRig.summaryRequest(null, List.of()));

    assertThat(summary).hasValueSatisfying(text -> assertThat(text)
        // longer than one 40-character delta, so it arrived in several events
        .hasSizeGreaterThan(120)
        .contains("**Acme Analytics**: \"Love the new Acme dashboards\" [1](https://social.example/@dana/1)")
        .contains("**Globex**: \"from $9 per month\" [2](https://globex.example/pricing)"));
    List<Call> calls = fake.calls(model);
    assertThat(calls).singleElement().satisfies(c -> {
      assertThat(c.operation()).isEqualTo("ConverseStream");
      assertThat(c.task()).isEqualTo("summary");
    });
    assertThat(rig.recorded()).singleElement().satisfies(c -> {
      assertThat(c.phase()).isEqualTo("synthesis");
      assertThat(c.task()).isEqualTo("synthesis");
      assertThat(c.competitorId()).isNull();
      assertThat(c.modelId()).isEqualTo(model);
      assertThat(c.inputTokens()).isEqualTo((calls.get(0).system().length() + calls.get(0).messages().get(0).length()) / 4);
      assertThat(c.outputTokens()).isEqualTo(summary.get().length() / 4);
    });
  }

  @Test
  void aSlowStreamLogsItsProgressWhileItLasts() {
    Logger logger = (Logger) LoggerFactory.getLogger(BedrockModelClient.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    rig.client.progressInterval(Duration.ofMillis(200));
    try {
      String fast = writer.write(BedrockTestRig.summaryRequest(null, List.of())).orElseThrow();
      fake.failNext(model, 1, Fault.slowStream(Duration.ofMillis(1500)));

      String slow = writer.write(BedrockTestRig.summaryRequest(null, List.of())).orElseThrow();

      assertThat(slow).isEqualTo(fast);
      List<String> progress = log.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(m -> m.contains("characters received")).toList();
      assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
      assertThat(progress.get(0)).startsWith("synthesis with " + model + " (" + BedrockTestRig.RUN + "): ");
    } finally {
      rig.client.progressInterval(BedrockModelClient.PROGRESS_INTERVAL);
      logger.detachAppender(log);
    }
  }

  @Test
  void thePromptAsksToAnswerTheReviewerAndTheQualityFindings() {
    Optional<String> summary = writer.write(BedrockTestRig.summaryRequest(
        "Say more about pricing in Europe.", List.of("section 'Globex' has 420 words, the limit is 300")));

    Call call = fake.calls(model).get(0);
    assertThat(call.system())
        .contains("When quality findings are given, fix every one of them. When reviewer's comments are given,"
            + " address every one of them in this revision")
        .contains("At most 250 words")
        .contains("Use only URLs from the sources attributes of the findings");
    assertThat(call.messages().get(0))
        .contains("Reviewer's comments on the previous revision (address every one):\nSay more about pricing in Europe.")
        .contains("- section 'Globex' has 420 words, the limit is 300")
        .contains("What the report cannot cover:\n- Initech: research found no sources")
        .contains("sources=\"https://news.example/story?id=7&src=feed\"");
    assertThat(summary).hasValueSatisfying(text -> assertThat(text)
        .contains("As the reviewer asked, more on **Acme Analytics**: \"Acme Analytics launched an AI assistant\""
            + " [3](https://news.example/story?id=7&src=feed)")
        .contains("Fixed since the last revision, **Acme Analytics**:"));
    // the prompt asks for what the report checks: a quote of the evidence and its source in every sentence
    assertThat(call.system()).contains("Every sentence must quote, in double quotation marks, at least three words");
  }

  @Test
  void aMidStreamThrottlingEventIsRateLimited() {
    fake.failNext(model, 1, Fault.midStreamThrottling());

    assertThatThrownBy(() -> writer.write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(OutsideServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.service()).isEqualTo("bedrock:" + model);
        });
    // SDK retries are off: the stream was not replayed
    assertThat(fake.calls(model)).hasSize(1);
  }

  @Test
  void aLinkToAnythingButTheFindingsSourcesIsSentBackOnce() {
    fake.failNext(model, 1, Fault.foreignSourceUrl("https://evil.example/offer"));

    Optional<String> summary = writer.write(BedrockTestRig.summaryRequest(null, List.of()));

    assertThat(summary).hasValueSatisfying(text -> assertThat(text).doesNotContain("evil.example"));
    List<Call> calls = fake.calls(model);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).operation()).isEqualTo("ConverseStream");
    assertThat(calls.get(1).roles()).containsExactly("user", "assistant", "user");
    assertThat(calls.get(1).messages().get(1)).contains("[99](https://evil.example/offer)");
    assertThat(calls.get(1).messages().get(2)).contains("the link \"https://evil.example/offer\" is not among the"
        + " sources of the findings");
    assertThat(rig.recorded()).hasSize(2);
  }

  @Test
  void aForeignLinkTwiceIsAModelOutputInvalidException() {
    fake.failNext(model, 2, Fault.foreignSourceUrl("https://evil.example/offer"));

    assertThatThrownBy(() -> writer.write(BedrockTestRig.summaryRequest(null, List.of())))
        .isInstanceOfSatisfying(ModelOutputInvalidException.class, e -> {
          assertThat(e.task()).isEqualTo("synthesis");
          assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("https://evil.example/offer"));
        });
    assertThat(rig.recorded()).hasSize(2);
  }

  @Test
  void aStreamWhoseMetadataCarriesNoUsage_isUsedAndRecordedWithEstimatedTokens() {
    fake.failNext(model, 1, Fault.missingUsage());

    Optional<String> summary = writer.write(BedrockTestRig.summaryRequest(null, List.of()));
    assertThat(summary).isPresent();

    var served = fake.served().getFirst();
    assertThat(rig.recorded()).singleElement().satisfies(c -> {
      assertThat(c.estimated()).isTrue();
      assertThat(c.inputTokens()).isEqualTo(io.rivalwatch.cost.ModelCall.estimateTokens(served.promptCharacters()));
      assertThat(c.outputTokens()).isEqualTo(io.rivalwatch.cost.ModelCall.estimateTokens(served.answerCharacters()));
    });
  }

  @Test
  void withNoAnalysedCompetitorThereIsNoSummaryAndNoCall() {
    SummaryRequest empty = new SummaryRequest(BedrockTestRig.RUN, 1, List.of(), List.of("everything"), List.of(),
        null, 300);

    assertThat(writer.write(empty)).isEmpty();
    assertThat(fake.runtimeCalls()).isEmpty();
  }

  @Test
  void summaryChecksCatchHeadingsLengthAndMissingCitations() {
    var citable = java.util.Set.of("https://a.example/1");

    assertThat(SummaryAnswer.check("Acme grew [1](https://a.example/1).", citable, 50, false)).isEmpty();
    assertThat(SummaryAnswer.check("## Summary\nAcme grew [1](https://a.example/1).", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("headings"));
    assertThat(SummaryAnswer.check("Acme grew a lot.", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("cites no source"));
    assertThat(SummaryAnswer.check("word ".repeat(60) + "[1](https://a.example/1)", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("61 words, the limit is 50"));
    assertThat(SummaryAnswer.check("Acme [1](https://a.example/1), see www.other.example/x.", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("www.other.example/x"));
    assertThat(SummaryAnswer.check("Acme [1](https://a.example/1) and [2](javascript:alert(1)).", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("javascript:alert"));
  }

  @Test
  void linksTheRegularExpressionsMissedAreFoundOnTheParsedSummary() {
    var citable = java.util.Set.of("https://a.example/1");
    String cite = "Acme grew [1](https://a.example/1). ";

    assertThat(SummaryAnswer.check(cite + "See [the offer][x].\n\n[x]: https://evil.example/ref", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("https://evil.example/ref"));
    assertThat(SummaryAnswer.check(cite + "![](https://track.example/p.gif)", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("https://track.example/p.gif"));
    assertThat(SummaryAnswer.check(cite + "[x](//evil.example/login)", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("//evil.example/login"));
    assertThat(SummaryAnswer.check(cite + "[x](<data:text/html,hi there>)", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("data:text/html,hi there"));
    assertThat(SummaryAnswer.check(cite + "[Verify](https://evil.example \"title\")", citable, 50, false))
        .anySatisfy(e -> assertThat(e).contains("https://evil.example"));
  }
}
