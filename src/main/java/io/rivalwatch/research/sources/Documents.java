package io.rivalwatch.research.sources;

import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import io.rivalwatch.text.Sha256;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Building source documents the same way in every connector. */
final class Documents {

  private Documents() {}

  static SourceDocument create(
      String url,
      String title,
      SourceKind kind,
      Instant fetchedAt,
      Instant publishedAt,
      String text,
      List<String> links) {
    return create(url, title, kind, fetchedAt, publishedAt, text, links, 0);
  }

  /** A document whose extraction left out {@code blocksAddressedToModels} blocks (see {@link HtmlText}). */
  static SourceDocument create(
      String url,
      String title,
      SourceKind kind,
      Instant fetchedAt,
      Instant publishedAt,
      String text,
      List<String> links,
      int blocksAddressedToModels) {
    String normalisedText = HtmlText.normalise(text);
    return new SourceDocument(url, HtmlText.normalise(title), kind, fetchedAt, publishedAt, Sha256.hex(normalisedText),
        normalisedText, links, blocksAddressedToModels);
  }

  /** Keys of the addresses of the gathered documents of the given kinds. */
  static Set<String> gatheredKeys(List<SourceDocument> alreadyGathered, Set<SourceKind> kinds) {
    Set<String> keys = new HashSet<>();
    for (SourceDocument document : alreadyGathered == null ? List.<SourceDocument>of() : alreadyGathered) {
      if (kinds.contains(document.kind())) {
        keys.add(Urls.key(document.url()));
      }
    }
    return keys;
  }

  /** How many gathered documents of the given kinds carry each address. */
  static Map<String, Integer> gatheredCounts(List<SourceDocument> alreadyGathered, Set<SourceKind> kinds) {
    Map<String, Integer> counts = new HashMap<>();
    for (SourceDocument document : alreadyGathered == null ? List.<SourceDocument>of() : alreadyGathered) {
      if (kinds.contains(document.kind())) {
        counts.merge(Urls.key(document.url()), 1, Integer::sum);
      }
    }
    return counts;
  }
}
