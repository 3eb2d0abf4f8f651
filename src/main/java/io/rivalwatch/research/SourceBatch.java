package io.rivalwatch.research;

import java.util.List;

/**
 * What one source kind gathered in one round.
 *
 * @param documents the documents that could be read
 * @param problems one line per address that could not be used, for example
 *     "https://acme.example/news.rss: HTTP 404"; a problem is data for the report, not an error
 */
public record SourceBatch(List<SourceDocument> documents, List<String> problems) {

  public SourceBatch {
    documents = List.copyOf(documents);
    problems = List.copyOf(problems);
  }

  public static SourceBatch empty() {
    return new SourceBatch(List.of(), List.of());
  }
}
