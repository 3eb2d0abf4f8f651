package io.rivalwatch.research.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rivalwatch.research.FetchException;
import io.rivalwatch.research.FetchedPage;
import io.rivalwatch.research.PageFetcher;
import io.rivalwatch.planning.CompetitorProfile;
import io.rivalwatch.research.ResearchProperties;
import io.rivalwatch.research.SourceBatch;
import io.rivalwatch.research.SourceConnector;
import io.rivalwatch.research.SourceDocument;
import io.rivalwatch.research.SourceKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.EnumSet;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Public posts about the competitor (chosen by {@code social.hackerNewsQuery}): stories found by the Hacker News
 * search API (Algolia), which needs no key. Round N reads result page N; a page past the last one gives an empty
 * batch. One document per story.
 */
@Component
public class HackerNewsConnector implements SourceConnector {

  static final String HN_ITEM = "https://news.ycombinator.com/item?id=";

  private final PageFetcher fetcher;
  private final ResearchProperties properties;
  private final ObjectMapper json = new ObjectMapper();

  public HackerNewsConnector(PageFetcher fetcher, ResearchProperties properties) {
    this.fetcher = fetcher;
    this.properties = properties;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.SOCIAL;
  }

  @Override
  public boolean isConfigured(CompetitorProfile competitor) {
    return competitor.social() != null
        && competitor.social().hackerNewsQuery() != null
        && !competitor.social().hackerNewsQuery().isBlank();
  }

  @Override
  public SourceBatch gather(CompetitorProfile competitor, int round, List<SourceDocument> alreadyGathered) {
    if (!isConfigured(competitor) || round < 0) {
      return SourceBatch.empty();
    }
    BatchCollector batch = new BatchCollector(
            "Hacker News posts about " + competitor.id(), alreadyGathered, EnumSet.of(SourceKind.SOCIAL));
    String url = searchUrl(competitor.social().hackerNewsQuery(), round);
    FetchedPage page;
    try {
      page = fetcher.fetch(url, PageFetcher.JSON);
    } catch (FetchException e) {
      batch.failed(e);
      return batch.toBatch();
    }
    JsonNode result;
    try {
      result = json.readTree(page.body());
    } catch (JsonProcessingException e) {
      batch.problem(url + ": not a Hacker News search result");
      return batch.toBatch();
    }
    JsonNode pages = result.path("nbPages");
    if (pages.isNumber() && round >= pages.asInt()) {
      return SourceBatch.empty();
    }
    for (JsonNode hit : result.path("hits")) {
      SourceDocument document = toDocument(hit, page.fetchedAt());
      if (document != null) {
        batch.add(document);
      }
    }
    return batch.toBatch();
  }

  String searchUrl(String query, int page) {
    String encoded = URLEncoder.encode(query.strip(), StandardCharsets.UTF_8).replace("+", "%20");
    return properties.hackerNewsUrl() + "/search?query=" + encoded + "&tags=story&page=" + page;
  }

  private static SourceDocument toDocument(JsonNode hit, Instant fetchedAt) {
    String id = hit.path("objectID").asText("");
    String title = HtmlText.plain(firstText(hit, "title", "story_title"));
    String itemUrl = id.isEmpty() ? null : HN_ITEM + id;
    String storyUrl = Urls.normalise(hit.path("url").asText(null));
    String url = storyUrl != null ? storyUrl : itemUrl;
    if (url == null) {
      return null;
    }
    String bodyHtml = firstText(hit, "story_text", "comment_text");
    StringBuilder text = new StringBuilder(HtmlText.asSentence(title));
    HtmlText.Fragment fragment = HtmlText.fragment(bodyHtml);
    String body = fragment.text();
    if (!body.isEmpty()) {
      text.append(' ').append(body);
    }
    text.append(" (")
        .append(hit.path("points").asInt(0))
        .append(" points, ")
        .append(hit.path("num_comments").asInt(0))
        .append(" comments)");

    List<String> links = new ArrayList<>();
    links.add(url);
    if (itemUrl != null) {
      links.add(itemUrl);
    }
    links.addAll(HtmlText.fragmentLinks(bodyHtml, itemUrl == null ? url : itemUrl));
    return Documents.create(
        url,
        title.isEmpty() ? url : title,
        SourceKind.SOCIAL,
        fetchedAt,
        createdAt(hit),
        text.toString(),
        List.copyOf(new LinkedHashSet<>(links)),
        fragment.blocksAddressedToModels());
  }

  private static String firstText(JsonNode hit, String... fields) {
    for (String field : fields) {
      JsonNode value = hit.path(field);
      if (value.isTextual() && !value.asText().isBlank()) {
        return value.asText();
      }
    }
    return "";
  }

  private static Instant createdAt(JsonNode hit) {
    Instant created = Dates.parse(hit.path("created_at").asText(null));
    if (created == null && hit.path("created_at_i").isNumber()) {
      created = Instant.ofEpochSecond(hit.path("created_at_i").asLong());
    }
    return created;
  }
}
