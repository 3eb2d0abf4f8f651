package io.rivalwatch.research;

import io.rivalwatch.planning.CompetitorProfile;
import java.util.List;

/**
 * Gathers one kind of public source for a competitor.
 *
 * <p>Round 0 reads the entry points in the competitor's configuration. Each later round goes one step further
 * (pages linked from what was read, full articles behind feed items, the next page of posts) without reading
 * anything in {@code alreadyGathered} again; a connector with nothing more to read returns an empty batch.
 *
 * <p>An address that fails permanently (404, not HTML, malformed) becomes a line in {@link SourceBatch#problems()}.
 * Only when nothing of the source could be read and at least one failure may pass does it throw
 * {@link io.rivalwatch.failure.OutsideServiceException}; a failing item (an article behind a feed entry, a linked
 * page) is a problem line once the source itself was read, in this round or an earlier one.
 */
public interface SourceConnector {

  SourceKind kind();

  /** True when the competitor's configuration names this kind of source at all. */
  boolean isConfigured(CompetitorProfile competitor);

  SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered);

  /**
   * As {@link #gather(CompetitorProfile, int, List)}, skipping the pages {@code pages} says not to fetch and telling
   * it each failure. Connectors that read pages one by one (website, news articles) override it.
   */
  default SourceBatch gather(
      CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered, PageMemory pages) {
    return gather(competitor, round, alreadyGathered);
  }
}
