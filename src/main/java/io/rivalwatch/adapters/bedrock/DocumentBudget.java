package io.rivalwatch.adapters.bedrock;

import io.rivalwatch.analysis.AnalysisKind;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses what of the gathered documents fits into one prompt. Order of relevance: the source kinds that speak
 * most to the analysis first, taken in turns (one of each kind, then the next of each), newest first within a
 * kind; so a pile of social posts cannot crowd the company's own pages out of a positioning prompt. Each document
 * first gets at most a share of the budget; what is left then lengthens the shortened ones in the same order.
 * Exact duplicates (same content hash or URL) and empty documents are left out.
 */
final class DocumentBudget {

  /** Below this many characters a slice of a document is not worth sending. */
  static final int MIN_SLICE = 500;
  /** At first no document gets more than budget / SHARES (but at least {@link #MIN_SHARE}). */
  static final int SHARES = 6;
  static final int MIN_SHARE = 2_000;

  private DocumentBudget() {}

  /** One document as it goes into the prompt. */
  record Included(int n, SourceDocument document, String text) {
    boolean shortened() {
      return text.length() < document.text().length();
    }
  }

  /**
   * @param omitted relevant documents left out for length, in relevance order
   * @param duplicates documents left out as duplicates of an included one
   * @param empty documents left out because they have no text
   */
  record Selection(List<Included> included, List<SourceDocument> omitted, int duplicates, int empty, int gathered) {

    int shortened() {
      return (int) included.stream().filter(Included::shortened).count();
    }

    int charactersCut() {
      int cut = 0;
      for (Included i : included) {
        cut += i.document().text().length() - i.text().length();
      }
      for (SourceDocument d : omitted) {
        cut += d.text().length();
      }
      return cut;
    }

    /** The note the prompt carries about what was cut, in words. */
    String note() {
      List<String> parts = new ArrayList<>();
      parts.add(gathered + " document" + (gathered == 1 ? " was" : "s were") + " gathered; " + included.size()
          + " " + (included.size() == 1 ? "is" : "are") + " included above.");
      if (!omitted.isEmpty()) {
        Map<SourceKind, Integer> byKind = new EnumMap<>(SourceKind.class);
        omitted.forEach(d -> byKind.merge(d.kind(), 1, Integer::sum));
        List<String> kinds = new ArrayList<>();
        byKind.forEach((k, c) -> kinds.add(k.id() + " " + c));
        parts.add(omitted.size() + " less relevant " + (omitted.size() == 1 ? "one was" : "ones were")
            + " left out to fit the input budget (" + String.join(", ", kinds) + ").");
      }
      int shortened = shortened();
      if (shortened > 0) {
        parts.add(shortened == 1
            ? "1 document was shortened; its shown attribute says how much of it is included."
            : shortened + " documents were shortened; their shown attribute says how much of each is included.");
      }
      if (duplicates > 0) {
        parts.add(duplicates + " duplicate" + (duplicates == 1 ? " was" : "s were") + " left out.");
      }
      if (empty > 0) {
        parts.add(empty + " without text " + (empty == 1 ? "was" : "were") + " left out.");
      }
      if (omitted.isEmpty() && shortened == 0) {
        parts.add("Nothing was cut for length.");
      } else {
        parts.add("Base the analysis on what is included; do not guess what the cut text said.");
      }
      return String.join(" ", parts);
    }
  }

  static Selection select(AnalysisKind kind, List<SourceDocument> documents, int budget) {
    List<SourceKind> order = kindOrder(kind);
    Map<SourceKind, List<SourceDocument>> byKind = new LinkedHashMap<>();
    order.forEach(k -> byKind.put(k, new ArrayList<>()));
    Set<String> seen = new HashSet<>();
    int duplicates = 0;
    int empty = 0;
    List<SourceDocument> sorted = new ArrayList<>(documents);
    sorted.sort(Comparator.comparing((SourceDocument d) -> newest(d)).reversed()
        .thenComparing(SourceDocument::url, Comparator.nullsLast(Comparator.naturalOrder())));
    for (SourceDocument d : sorted) {
      if (d.text() == null || d.text().isBlank() || d.url() == null || d.url().isBlank()) {
        empty++;
        continue;
      }
      boolean newUrl = seen.add("url:" + d.url());
      boolean newContent = d.contentHash() == null || seen.add("hash:" + d.contentHash());
      if (!newUrl || !newContent) {
        duplicates++;
        continue;
      }
      byKind.computeIfAbsent(d.kind() == null ? SourceKind.WEBSITE : d.kind(), k -> new ArrayList<>()).add(d);
    }
    List<SourceDocument> ranked = new ArrayList<>();
    for (int round = 0; ; round++) {
      boolean any = false;
      for (List<SourceDocument> ofKind : byKind.values()) {
        if (round < ofKind.size()) {
          ranked.add(ofKind.get(round));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }

    int share = Math.min(budget, Math.max(MIN_SHARE, budget / SHARES));
    int[] sizes = new int[ranked.size()];
    int used = 0;
    for (int i = 0; i < ranked.size(); i++) {
      int remaining = budget - used;
      if (remaining < MIN_SLICE) {
        break;
      }
      sizes[i] = Math.min(ranked.get(i).text().length(), Math.min(share, remaining));
      used += sizes[i];
    }
    for (int i = 0; i < ranked.size() && used < budget; i++) {
      int more = Math.min(ranked.get(i).text().length() - sizes[i], budget - used);
      if (sizes[i] > 0 && more > 0) {
        sizes[i] += more;
        used += more;
      }
    }
    List<Included> included = new ArrayList<>();
    List<SourceDocument> omitted = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      if (sizes[i] == 0) {
        omitted.add(ranked.get(i));
      } else {
        included.add(new Included(included.size() + 1, ranked.get(i), PromptText.cut(ranked.get(i).text(), sizes[i])));
      }
    }
    return new Selection(included, omitted, duplicates, empty, documents.size());
  }

  /** The source kinds in the order they matter to an analysis. */
  static List<SourceKind> kindOrder(AnalysisKind kind) {
    return switch (kind) {
      // what others say about the company weighs most for tone
      case SENTIMENT -> List.of(SourceKind.SOCIAL, SourceKind.NEWS, SourceKind.MARKET, SourceKind.WEBSITE);
      // moves show up in news and filings first
      case STRATEGY -> List.of(SourceKind.NEWS, SourceKind.MARKET, SourceKind.WEBSITE, SourceKind.SOCIAL);
      // positioning is what the company says about itself
      case POSITIONING -> List.of(SourceKind.WEBSITE, SourceKind.MARKET, SourceKind.NEWS, SourceKind.SOCIAL);
    };
  }

  private static Instant newest(SourceDocument d) {
    if (d.publishedAt() != null) {
      return d.publishedAt();
    }
    return d.fetchedAt() == null ? Instant.EPOCH : d.fetchedAt();
  }
}
