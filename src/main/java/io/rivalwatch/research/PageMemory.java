package io.rivalwatch.research;

import java.util.Optional;

/**
 * What research remembers of the pages that could not be read, so that a connector does not fetch them again in
 * vain: a page that failed for good is skipped for a while across runs, a page that could not be reached is tried
 * at most twice per run. Connectors ask before fetching an item and report each failure; see {@link FailedPages}.
 */
public interface PageMemory {

  /** Remembers nothing and skips nothing (tools, tests of a connector alone). */
  PageMemory NONE = new PageMemory() {
    @Override
    public Optional<String> skip(String address) {
      return Optional.empty();
    }

    @Override
    public void failed(FetchException failure) {}

    @Override
    public void unreadable(String address, String reason) {}
  };

  /**
   * Why {@code address} is not fetched now, as a problem line ("&lt;address&gt;: skipped: failed permanently on
   * 2026-12-06 (HTTP 404)"), or empty when it may be fetched.
   */
  Optional<String> skip(String address);

  /** A fetch failed: permanent failures are remembered across runs, others count against the run's two tries. */
  void failed(FetchException failure);

  /** A page was read but gives no text (binary, empty): a permanent failure. */
  void unreadable(String address, String reason);
}
