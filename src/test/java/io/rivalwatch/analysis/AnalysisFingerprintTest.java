package io.rivalwatch.analysis;

import io.rivalwatch.text.Sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisFingerprintTest {

  private static final Instant MONDAY = Instant.parse("2026-11-23T02:04:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-11-24T02:09:00Z");

  @Test
  void theSameDocumentsFetchedAnotherNightInAnotherOrder_giveTheSameFingerprint() {
    String monday = fingerprint(List.of(page("https://acme.example/", "home", MONDAY),
        page("https://acme.example/pricing", "pricing", MONDAY)));
    String tuesday = fingerprint(List.of(page("https://acme.example/pricing", "pricing", TUESDAY),
        page("https://acme.example/", "home", TUESDAY)));

    assertThat(tuesday).isEqualTo(monday).hasSize(64);
  }

  @Test
  void aChangedText_anotherPage_oneFewer_eachGiveAnotherFingerprint() {
    List<SourceDocument> before = List.of(page("https://acme.example/", "home", MONDAY),
        page("https://acme.example/pricing", "pricing", MONDAY));
    String fingerprint = fingerprint(before);

    assertThat(fingerprint(List.of(before.get(0), page("https://acme.example/pricing", "new prices", TUESDAY))))
        .isNotEqualTo(fingerprint);
    assertThat(fingerprint(List.of(before.get(0), before.get(1), page("https://acme.example/blog", "blog", TUESDAY))))
        .isNotEqualTo(fingerprint);
    assertThat(fingerprint(List.of(before.get(0)))).isNotEqualTo(fingerprint);
  }

  @Test
  void whatTheAnalyserReadsBesideTheText_isPartOfIt() {
    SourceDocument page = page("https://acme.example/", "home", MONDAY);
    String fingerprint = fingerprint(List.of(page));

    assertThat(AnalysisFingerprint.of(AnalysisKind.STRATEGY, "offline v1", "Acme", List.of(page)))
        .as("another analysis").isNotEqualTo(fingerprint);
    assertThat(AnalysisFingerprint.of(AnalysisKind.SENTIMENT, "offline v2", "Acme", List.of(page)))
        .as("another analyser version").isNotEqualTo(fingerprint);
    assertThat(AnalysisFingerprint.of(AnalysisKind.SENTIMENT, "offline v1", "Acme Corp", List.of(page)))
        .as("another competitor name").isNotEqualTo(fingerprint);
    SourceDocument retitled = new SourceDocument(page.url(), "Acme: new title", page.kind(), page.fetchedAt(),
        page.publishedAt(), page.contentHash(), page.text(), page.links());
    assertThat(fingerprint(List.of(retitled))).as("another title").isNotEqualTo(fingerprint);
  }

  @Test
  void aDocumentStoredWithoutAHash_isHashedFromItsText() {
    SourceDocument hashed = page("https://acme.example/", "home", MONDAY);
    SourceDocument unhashed = new SourceDocument(hashed.url(), hashed.title(), hashed.kind(), hashed.fetchedAt(),
        null, null, hashed.text(), List.of());

    assertThat(fingerprint(List.of(unhashed))).isEqualTo(fingerprint(List.of(hashed)));
  }

  private static String fingerprint(List<SourceDocument> documents) {
    return AnalysisFingerprint.of(AnalysisKind.SENTIMENT, "offline v1", "Acme", documents);
  }

  private static SourceDocument page(String url, String text, Instant fetchedAt) {
    return new SourceDocument(url, "Acme " + url, SourceKind.WEBSITE, fetchedAt, null,
        Sha256.hex(text), text, List.of(url + "#top"));
  }
}
