package io.rivalwatch.analysis;

import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.text.Sha256;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The identity of one analysis' input: the analysis kind, the analyser's version, the competitor's name and, for
 * each document it is given, what the analysers read of it (address, kind, title, publication date and the hash of
 * its text), in address order. Equal fingerprints mean the analyser would be given the same thing.
 *
 * <p>Left out on purpose: the run id and fetch times (they change every run), and the memory context. Memory grows
 * with every run, so a fingerprint that included it would never match and an unchanged night would pay for every
 * analysis again; the memory speaks through the report's "What changed since the last run" instead.
 */
public final class AnalysisFingerprint {

  private static final String FORMAT = "rivalwatch-analysis-input/1";

  private AnalysisFingerprint() {}

  /** SHA-256 (hex) of the canonical input text. */
  public static String of(
      AnalysisKind kind, String analyserVersion, String competitorName, List<SourceDocument> documents) {
    StringBuilder text = new StringBuilder(FORMAT).append('\n')
        .append("kind\t").append(kind.id()).append('\n')
        .append("analyser\t").append(flat(analyserVersion)).append('\n')
        .append("competitor\t").append(flat(competitorName)).append('\n');
    documents.stream()
        .sorted(Comparator.comparing(SourceDocument::url).thenComparing(AnalysisFingerprint::contentHash))
        .forEach(d -> text.append("document\t").append(flat(d.url()))
            .append('\t').append(d.kind() == null ? "" : d.kind().id())
            .append('\t').append(flat(d.title()))
            .append('\t').append(published(d.publishedAt()))
            .append('\t').append(contentHash(d)).append('\n'));
    return Sha256.hex(text.toString());
  }

  /** The document's content hash; documents stored before hashes existed are hashed here. */
  public static String contentHash(SourceDocument document) {
    if (document.contentHash() != null && !document.contentHash().isBlank()) {
      return document.contentHash();
    }
    return Sha256.hex(document.text() == null ? "" : document.text());
  }

  private static String published(Instant at) {
    return at == null ? "" : at.toString();
  }

  // tabs and line breaks separate fields: a value must not be able to shift them
  private static String flat(String value) {
    return value == null ? "" : value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
