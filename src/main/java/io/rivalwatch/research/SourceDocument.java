package io.rivalwatch.research;

import java.time.Instant;
import java.util.List;

/**
 * One piece of gathered public information, kept with what is needed to cite it.
 *
 * @param url where it came from; every claim in the report cites this
 * @param title page title, headline or post title
 * @param kind which source kind gathered it
 * @param fetchedAt when it was fetched
 * @param publishedAt when it was published, if the source says (null otherwise)
 * @param contentHash SHA-256 (hex) of {@code text}, to recognise unchanged content
 * @param text the main text, boilerplate removed
 * @param links absolute links found in it (for citations and for gathering more)
 * @param blocksAddressedToModels how many blocks (paragraphs, feed items, the title) extraction left out of
 *     {@code text} because they address a language model; the report lists such a document as "contains text
 *     addressed to AI systems; not quoted"
 */
public record SourceDocument(
    String url,
    String title,
    SourceKind kind,
    Instant fetchedAt,
    Instant publishedAt,
    String contentHash,
    String text,
    List<String> links,
    int blocksAddressedToModels) {

  public SourceDocument {
    links = links == null ? List.of() : List.copyOf(links);
    blocksAddressedToModels = Math.max(0, blocksAddressedToModels);
  }

  /** A document with nothing left out. */
  public SourceDocument(String url, String title, SourceKind kind, Instant fetchedAt, Instant publishedAt,
      String contentHash, String text, List<String> links) {
    this(url, title, kind, fetchedAt, publishedAt, contentHash, text, links, 0);
  }

  /** True when extraction left out text addressed to a language model. */
  public boolean addressesModels() {
    return blocksAddressedToModels > 0;
  }
}
