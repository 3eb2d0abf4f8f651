package io.rivalwatch.analysis.offline;

import static io.rivalwatch.analysis.offline.OfflineFixtures.NEUTRAL;
import static io.rivalwatch.analysis.offline.OfflineFixtures.doc;
import static io.rivalwatch.analysis.offline.OfflineFixtures.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.analysis.AnalysisInput;
import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.analysis.AnalysisNotPossibleException;
import io.rivalwatch.analysis.AnalysisResult;
import io.rivalwatch.analysis.Finding;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OfflineAnalyserTest {

  private final OfflineAnalyser analyser = new OfflineAnalyser();

  private static AnalysisInput sample() {
    return new AnalysisInput("acme", "Acme", OfflineFixtures.acme(), List.of());
  }

  @ParameterizedTest
  @EnumSource(AnalysisKind.class)
  void isLabelledAndDeterministic(AnalysisKind kind) {
    AnalysisResult first = analyser.analyse(kind, sample());
    AnalysisResult second = new OfflineAnalyser().analyse(kind, sample());

    assertThat(second).isEqualTo(first);
    assertThat(OfflineFixtures.render(second)).isEqualTo(OfflineFixtures.render(first));
    assertThat(first.kind()).isEqualTo(kind);
    assertThat(first.competitorId()).isEqualTo("acme");
    assertThat(first.producedBy()).isEqualTo("offline analyser (no language model)");
  }

  @Test
  void aCorpusKeptForTheNextAnalysisNeverAnswersForChangedDocuments() {
    // the three analyses of a competitor share one prepared corpus; a document changed since must be analysed anew
    AnalysisResult before = analyser.analyse(AnalysisKind.STRATEGY, sample());
    List<SourceDocument> changed = new ArrayList<>(OfflineFixtures.acme());
    SourceDocument first = changed.get(0);
    changed.set(0, new SourceDocument(first.url(), first.title(), first.kind(), first.fetchedAt(),
        first.publishedAt(), first.contentHash(), "", first.links()));

    AnalysisResult after = analyser.analyse(AnalysisKind.STRATEGY,
        new AnalysisInput("acme", "Acme", changed, List.of()));

    assertThat(after).isEqualTo(new OfflineAnalyser().analyse(AnalysisKind.STRATEGY,
        new AnalysisInput("acme", "Acme", changed, List.of())));
    assertThat(after).isNotEqualTo(before);
    assertThat(analyser.analyse(AnalysisKind.STRATEGY, sample())).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(AnalysisKind.class)
  void everyFindingCitesInputDocuments(AnalysisKind kind) {
    AnalysisInput input = sample();
    List<String> urls = OfflineFixtures.inputUrls(input);

    AnalysisResult result = analyser.analyse(kind, input);

    assertThat(result.findings()).isNotEmpty();
    for (Finding f : result.findings()) {
      assertThat(f.sourceUrls()).as(f.statement()).isNotEmpty().allSatisfy(u -> assertThat(urls).contains(u));
      assertThat(f.statement()).isNotBlank();
    }
  }

  @ParameterizedTest
  @EnumSource(AnalysisKind.class)
  void summaryIsTwoOrThreeSentences(AnalysisKind kind) {
    String summary = analyser.analyse(kind, sample()).summary();

    // sentence ends outside quotations: a full stop (or a quote closing a quoted sentence) before a capital
    String[] sentences = summary.replaceAll("\"[^\"]*\"", "\"q\"").split("(?<=[.!?\"])\\s+(?=[A-Z])");
    assertThat(sentences).as(summary).hasSizeBetween(2, 3);
  }

  @Test
  void notPossibleWithoutDocuments() {
    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.SENTIMENT, input()))
        .isInstanceOf(AnalysisNotPossibleException.class)
        .hasMessage("no documents were gathered for Acme, so there is no text to analyse; sentiment needs at least "
            + "3 sentences and 200 characters of text.");
  }

  @Test
  void notPossibleWithOneShortDocument() {
    String text = "Acme released a new version of its invoicing app for small businesses on Monday.";
    assertThat(text).hasSize(80);

    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.STRATEGY,
        input(doc(SourceKind.NEWS, "https://news.example/short", "", text))))
        .isInstanceOf(AnalysisNotPossibleException.class)
        .hasMessage("only 1 short document (80 characters, 1 sentence) was gathered for Acme; strategy needs at least "
            + "3 sentences and 200 characters of text.");
  }

  @Test
  void notPossibleWithSeveralShortOrUnreadableDocuments() {
    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.POSITIONING, input(
        doc(SourceKind.NEWS, "https://news.example/1", "", "Acme hires a new CFO from a large bank."),
        doc(SourceKind.SOCIAL, "https://social.example/2", null, "Trying the Acme app today, looks easy."))))
        .isInstanceOf(AnalysisNotPossibleException.class)
        .hasMessage("the 2 documents gathered for Acme hold only 77 characters (2 sentences) of text; positioning "
            + "needs at least 3 sentences and 200 characters of text.");

    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.SENTIMENT, input(
        doc(SourceKind.NEWS, "https://news.example/1", "", "   "),
        new SourceDocument(null, "No URL", SourceKind.NEWS, Instant.EPOCH, null, "h", "Text without a source URL.",
            null))))
        .isInstanceOf(AnalysisNotPossibleException.class)
        .hasMessageStartingWith("2 documents gathered for Acme have no readable text with a URL to cite;");
  }

  @Test
  void copesWithMessyInput() {
    List<SourceDocument> docs = new ArrayList<>();
    docs.add(new SourceDocument("https://acme.example/", null, null, Instant.EPOCH, null, "h1",
        "<div class=\"hero\"><h1>Acme</h1><p>The only &nbsp;<b>secure</b> platform for enterprises.&nbsp;</p>"
            + "<script>track('x')</script><ul><li>Pricing</li><li>Login</li></ul>" + NEUTRAL,
        null));
    docs.add(new SourceDocument("https://news.example/de", "", SourceKind.NEWS, Instant.EPOCH, null, "h2",
        "Acme hat heute eine neue Partnerschaft angekündigt. Die Kunden sind zufrieden und das Wachstum ist "
            + "stark. Das Unternehmen expandiert nach Österreich und in die Schweiz im kommenden Jahr.",
        List.of()));
    docs.add(new SourceDocument("https://news.example/jp", "アクメ", SourceKind.NEWS, Instant.EPOCH, null, "h3",
        "アクメは新しい製品を発表しました。顧客は満足しています。価格は月額49ドルです。" + "日本市場への進出を計画しています。".repeat(5),
        List.of()));
    docs.add(new SourceDocument("https://social.example/null", "Only a title here", SourceKind.SOCIAL,
        Instant.EPOCH, null, "h4", null, List.of()));
    AnalysisInput input = new AnalysisInput("acme", null, docs, null);

    AnalysisResult sentiment = analyser.analyse(AnalysisKind.SENTIMENT, input);
    assertThat(sentiment.summary()).doesNotContain("<").doesNotContain("&nbsp;").contains("acme");
    assertThat(sentiment.metrics().get("documents")).isEqualTo(4);
    AnalysisResult positioning = analyser.analyse(AnalysisKind.POSITIONING, input);
    assertThat(positioning.findings()).anyMatch(f -> f.category().equals("differentiator")
        && f.statement().contains("\"The only secure platform for enterprises.\""));
    for (AnalysisResult result : List.of(sentiment, positioning)) {
      assertThat(result.findings()).allSatisfy(
          f -> assertThat(OfflineFixtures.inputUrls(input)).containsAll(f.sourceUrls()));
    }
    // English cue lists find nothing strategic in German and Japanese text: a clear refusal, not a crash
    assertThatThrownBy(() -> analyser.analyse(AnalysisKind.STRATEGY, input))
        .isInstanceOf(AnalysisNotPossibleException.class)
        .hasMessageContaining("gathered for acme contains a cue");
  }

  @Test
  void capsTheWorkOnVeryLongDocuments() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      sb.append("Report ").append(i).append(" says the new dashboard for enterprise teams is slow. ");
    }
    String longText = sb.toString();
    assertThat(longText.length()).isGreaterThan(2_000_000);
    AnalysisInput input = input(doc(SourceKind.NEWS, "https://news.example/long", "Long", longText),
        doc(SourceKind.WEBSITE, "https://acme.example/", "Acme | Reporting for teams",
            "Acme is the fastest reporting tool for small teams, from $9 per user/month." + NEUTRAL));

    long start = System.nanoTime();
    for (AnalysisKind kind : AnalysisKind.values()) {
      assertThat(analyser.analyse(kind, input).findings()).isNotEmpty();
    }
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    // only the first 20,000 characters of the long document are read: a few hundred of its 40,000 sentences
    assertThat((Integer) analyser.analyse(AnalysisKind.SENTIMENT, input).metrics().get("sentences"))
        .isBetween(100, 500);
  }
}
