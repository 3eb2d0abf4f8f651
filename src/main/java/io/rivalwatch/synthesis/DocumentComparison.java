package io.rivalwatch.synthesis;

import io.rivalwatch.analysis.AnalysisFingerprint;
import io.rivalwatch.research.SourceDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One competitor's documents in this run against the previous run's, keyed by address and content hash: a new
 * address is new, the same address with another hash changed, the same address and hash unchanged; addresses read
 * then and not now are gone.
 *
 * @param status each current document's status by address, in the current order
 * @param before the previous run's documents by address
 * @param gone the previous run's documents whose address was not read this time
 */
record DocumentComparison(
    Map<String, DocumentStatus> status, Map<String, SourceDocument> before, List<SourceDocument> gone) {

  /** What became of a document since the previous run. */
  enum DocumentStatus {
    NEW("new"), CHANGED("changed"), UNCHANGED("unchanged");

    private final String label;

    DocumentStatus(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  static DocumentComparison of(List<SourceDocument> previous, List<SourceDocument> current) {
    Map<String, SourceDocument> before = new LinkedHashMap<>();
    previous.forEach(d -> before.putIfAbsent(d.url(), d));
    Map<String, DocumentStatus> status = new LinkedHashMap<>();
    for (SourceDocument d : current) {
      SourceDocument earlier = before.get(d.url());
      status.putIfAbsent(d.url(), earlier == null ? DocumentStatus.NEW
          : AnalysisFingerprint.contentHash(earlier).equals(AnalysisFingerprint.contentHash(d))
              ? DocumentStatus.UNCHANGED : DocumentStatus.CHANGED);
    }
    Set<String> now = current.stream().map(SourceDocument::url).collect(Collectors.toSet());
    List<SourceDocument> gone = before.values().stream().filter(d -> !now.contains(d.url())).toList();
    return new DocumentComparison(status, before, gone);
  }

  long count(DocumentStatus wanted) {
    return status.values().stream().filter(wanted::equals).count();
  }

  /** The current documents with the given status, in the current order. */
  List<SourceDocument> documents(List<SourceDocument> current, DocumentStatus wanted) {
    return current.stream().filter(d -> status.get(d.url()) == wanted).toList();
  }
}
