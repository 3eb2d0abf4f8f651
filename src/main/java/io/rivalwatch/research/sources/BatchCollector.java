package io.rivalwatch.research.sources;

import io.rivalwatch.failure.OutsideServiceException;
import io.rivalwatch.failure.OutsideServiceException.Kind;
import io.rivalwatch.research.CircuitOpenFetchException;
import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.PageMemory;
import io.rivalwatch.research.TransientFetchException;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects one round's documents and problems, and applies the connector contract at the end: a batch when
 * anything was gathered, every failure was permanent, or the failures were items of a source already read (see
 * {@link #itemsOfReadSource()}); an {@link OutsideServiceException} when nothing of the source could be read and at
 * least one failure may pass (see {@link #toBatch()}).
 *
 * <p>Connectors that read items one by one ask {@link #skipped(String)} first, so that the page memory can spare a
 * page that failed for good (or twice in this run) a fetch; every failure is told to that memory.
 */
final class BatchCollector {

  private final String source;
  private final Set<String> known;
  private final List<SourceDocument> documents = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<FetchException> transientFailures = new ArrayList<>();
  private final PageMemory pages;
  private boolean itemsOfReadSource;

  /**
   * @param source names the source in the exception message ("website of acme")
   * @param alreadyGathered documents of earlier rounds
   * @param readBy the kinds whose documents mean their address was read; those addresses are not read again (a
   *     post or a filing that merely cites a page has not read it)
   */
  BatchCollector(String source, List<SourceDocument> alreadyGathered, Set<SourceKind> readBy) {
    this(source, alreadyGathered, readBy, PageMemory.NONE);
  }

  /** @param pages what is remembered of pages that failed; told of every failure */
  BatchCollector(String source, List<SourceDocument> alreadyGathered, Set<SourceKind> readBy, PageMemory pages) {
    this.source = source;
    this.known = new HashSet<>(Documents.gatheredKeys(alreadyGathered, readBy));
    this.pages = pages;
  }

  /**
   * Says that this round reads items of a source that was read already (the articles behind a feed's entries, the
   * pages a website's pages link to): a failure of one of them is its own problem line, never the job's, since the
   * source gave something. Retrying the whole job for one dead link would spend the run's retry budget and
   * finally park a source that worked; the item is tried again in a later round (at most twice per run).
   */
  void itemsOfReadSource() {
    this.itemsOfReadSource = true;
  }

  /**
   * True when the page memory says not to fetch {@code url} now; its reason is then a problem line ("skipped:
   * failed permanently on &lt;date&gt;"), so the report still lists the page among the failed sources.
   */
  boolean skipped(String url) {
    var reason = pages.skip(url);
    reason.ifPresent(problems::add);
    return reason.isPresent();
  }

  /** A page was read but gives no text ("binary content, not text"): a problem remembered as permanent. */
  void unreadable(String url, String reason) {
    problems.add(url + ": " + reason);
    pages.unreadable(url, reason);
  }

  /** True when the address was neither gathered earlier nor in this round. */
  boolean isNew(String url) {
    return !known.contains(Urls.key(url));
  }

  /** Adds the document unless its address is already known; true when added. */
  boolean add(SourceDocument document) {
    if (!known.add(Urls.key(document.url()))) {
      return false;
    }
    documents.add(document);
    return true;
  }

  /**
   * Adds a document whose address is already known as another document's (the full article behind a feed
   * entry, which carries the entry's address); true unless one was already added for it in this round.
   */
  boolean addBeside(SourceDocument document) {
    String key = Urls.key(document.url());
    if (documents.stream().anyMatch(d -> Urls.key(d.url()).equals(key))) {
      return false;
    }
    known.add(key);
    documents.add(document);
    return true;
  }

  /** Marks an address as read in this round without a document (for example a page that redirected). */
  void markRead(String url) {
    known.add(Urls.key(url));
  }

  void failed(FetchException failure) {
    problems.add(failure.problem());
    pages.failed(failure);
    if (failure.isTransient()) {
      transientFailures.add(failure);
    }
  }

  void problem(String line) {
    problems.add(line);
  }

  /** The breaker's name for the failed address: "web:" and its origin, as the web adapter names breakers. */
  private static String service(FetchException failure) {
    String origin = Urls.origin(failure.address());
    return "web:" + (origin == null ? "unknown" : origin);
  }

  boolean hasDocuments() {
    return !documents.isEmpty();
  }

  /**
   * The round's batch.
   *
   * @throws OutsideServiceException when nothing was gathered and a failure may pass: of kind CIRCUIT_OPEN (with
   *     the earliest time one of the hosts gets a trial call) when every such failure was a breaker's refusal, so
   *     the job waits without spending a retry; else TRANSIENT, or RATE_LIMITED when the host said how long to wait
   */
  SourceBatch toBatch() {
    if (documents.isEmpty() && !transientFailures.isEmpty() && !itemsOfReadSource) {
      String problemLines = String.join("; ", problems);
      List<CircuitOpenFetchException> refusals = transientFailures.stream()
          .filter(CircuitOpenFetchException.class::isInstance).map(CircuitOpenFetchException.class::cast).toList();
      if (refusals.size() == transientFailures.size()) {
        CircuitOpenFetchException soonest = refusals.stream()
            .min(Comparator.comparing(CircuitOpenFetchException::retryAfter)).orElseThrow();
        throw new OutsideServiceException(soonest.refusal().service(), Kind.CIRCUIT_OPEN,
            source + " not tried: " + problemLines, soonest.retryAfter(), soonest);
      }
      // the failures that were calls decide; refused hosts are still named in the problems
      FetchException first = transientFailures.stream()
          .filter(f -> !(f instanceof CircuitOpenFetchException)).findFirst().orElseThrow();
      Duration retryAfter = first instanceof TransientFetchException t ? t.retryAfter().orElse(null) : null;
      throw new OutsideServiceException(
          service(first), retryAfter == null ? Kind.TRANSIENT : Kind.RATE_LIMITED,
          source + " unavailable: " + problemLines, retryAfter, first);
    }
    return new SourceBatch(documents, problems);
  }
}
